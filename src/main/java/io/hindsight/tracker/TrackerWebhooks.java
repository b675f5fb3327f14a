package io.hindsight.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.web.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.util.Locale;

/**
 * Webhooks from the trackers, after their signature was checked: GitHub {@code issues} events (closed,
 * reopened) and Jira {@code jira:issue_updated} events with the issue's status. Each delivery is taken
 * in once, by its id.
 */
@ApplicationScoped
public class TrackerWebhooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Result { APPLIED, DUPLICATE, IGNORED }

    @Inject
    TrackerIssues issues;

    /** Checks the signature before anything else; 401 without a connection that could have signed it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TrackerConnection verified(TrackerKind kind, byte[] body, String signature, String token) {
        TrackerConnection connection = TrackerConnection.findById(kind);
        boolean ok = connection != null && (WebhookSignature.verifies(connection.webhookSecret, body, signature)
                || (kind == TrackerKind.JIRA && signature == null && WebhookSignature.same(connection.webhookSecret, token)));
        if (!ok) {
            throw new Refusal(401, "The webhook's signature does not match",
                    "Nothing was changed. Check that the webhook's secret is the one saved on Admin → Integrations → Trackers.");
        }
        return connection;
    }

    @Transactional
    public Result github(TrackerConnection connection, String event, String deliveryId, byte[] body) {
        JsonNode json = parse(body);
        if ("ping".equals(event)) {
            return Result.IGNORED;
        }
        if (!"issues".equals(event)) {
            return Result.IGNORED;
        }
        String action = json.path("action").asText("");
        JsonNode number = json.path("issue").path("number");
        if (action.isEmpty() || !number.canConvertToLong()) {
            throw unknown("A GitHub issues event names its action and the issue's number.");
        }
        if (!action.equals("closed") && !action.equals("reopened")) {
            return Result.IGNORED;
        }
        String repository = json.path("repository").path("full_name").asText("");
        if (!repository.equalsIgnoreCase(connection.project)) {
            return Result.IGNORED;
        }
        if (!issues.firstDelivery(TrackerKind.GITHUB, deliveryId)) {
            return Result.DUPLICATE;
        }
        boolean done = action.equals("closed");
        String state = json.path("issue").path("state").asText(done ? "closed" : "open");
        return issues.sync(TrackerKind.GITHUB, String.valueOf(number.asLong()), state, done) ? Result.APPLIED : Result.IGNORED;
    }

    @Transactional
    public Result jira(TrackerConnection connection, String deliveryId, byte[] body) {
        JsonNode json = parse(body);
        String event = json.path("webhookEvent").asText("");
        if (event.isEmpty()) {
            throw unknown("A Jira webhook names its webhookEvent.");
        }
        if (!event.equals("jira:issue_updated") && !event.equals("issue_updated")) {
            return Result.IGNORED;
        }
        String key = json.path("issue").path("key").asText("");
        JsonNode status = json.path("issue").path("fields").path("status");
        String category = status.path("statusCategory").path("key").asText("");
        if (key.isEmpty() || category.isEmpty()) {
            throw unknown("A Jira issue_updated event carries the issue's key and fields.status.statusCategory.");
        }
        if (!key.toUpperCase(Locale.ROOT).startsWith(connection.project + "-")) {
            return Result.IGNORED;
        }
        if (!issues.firstDelivery(TrackerKind.JIRA, deliveryId)) {
            return Result.DUPLICATE;
        }
        boolean done = category.equalsIgnoreCase(TrackerClient.doneCategory(connection));
        return issues.sync(TrackerKind.JIRA, key, status.path("name").asText(category), done) ? Result.APPLIED : Result.IGNORED;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode json = body == null || body.length == 0 ? null : JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw unknown("The body is not a JSON object.");
            }
            return json;
        } catch (IOException e) {
            throw unknown("The body is not JSON.");
        }
    }

    private static Refusal unknown(String detail) {
        return new Refusal(400, "Not a webhook this address knows", detail + " Nothing was changed.");
    }
}
