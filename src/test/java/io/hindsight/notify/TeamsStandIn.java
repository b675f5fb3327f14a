package io.hindsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A Microsoft Teams Workflows webhook ("When a Teams webhook request is received" posting the card to a
 * channel), played on a local port ({@link WebhookStandIn}). It checks what the documented format requires: a
 * {@code message} whose first attachment is an Adaptive Card ({@code contentType}
 * {@code application/vnd.microsoft.card.adaptive}) with {@code type AdaptiveCard}, a {@code version}
 * Teams renders (1.0–1.5), the {@code $schema}, a non-empty {@code body} of known element types,
 * {@code Action.OpenUrl} actions with an absolute URL, and at most 28 KB in all. A valid card is
 * answered {@code 202 Accepted} with an empty body (unless the test scripted something else); an
 * invalid one {@code 400} with what is wrong, and the problems are kept for the test to read.
 */
public final class TeamsStandIn extends WebhookStandIn {

    static final int MAX_BYTES = 28 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERSIONS = Set.of("1.0", "1.1", "1.2", "1.3", "1.4", "1.5");
    private static final Set<String> ELEMENTS = Set.of("TextBlock", "FactSet", "Container", "ColumnSet", "Image",
            "ImageSet", "RichTextBlock", "ActionSet", "Table");
    private static final Set<String> ACTIONS = Set.of("Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility", "Action.Execute");
    private static TeamsStandIn shared;

    private TeamsStandIn(Clock clock) {
        super("Teams", 0, clock);
    }

    public static synchronized TeamsStandIn shared(Clock clock) {
        if (shared == null) {
            shared = new TeamsStandIn(clock);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** A new workflow trigger with a secret-looking path like Power Automate's, answering 202 unless scripted. */
    public Hook hook() {
        String path = "/powerautomate/automations/direct/workflows/" + UUID.randomUUID().toString().replace("-", "")
                + "/triggers/manual/paths/invoke";
        return add("http://127.0.0.1:" + port() + path + "?api-version=1&sig=" + UUID.randomUUID().toString().replace("-", ""),
                Answer.accepted());
    }

    /** Teams' rate limit. */
    public static Answer tooManyRequests(long retryAfterSeconds) {
        return Answer.tooManyRequests(retryAfterSeconds, "{\"error\":{\"code\":\"TooManyRequests\"}}");
    }

    @Override
    protected String notFound() {
        return "{\"error\":{\"code\":\"WorkflowNotFound\"}}";
    }

    /** A card Teams would not take is answered 400 (413 when too large) with what is wrong, kept on the hook. */
    @Override
    protected Answer refusal(Hook hook, byte[] body, String contentType) {
        List<String> problems = problems(body, contentType);
        if (problems.isEmpty()) {
            return null;
        }
        hook.refused(problems);
        return Answer.status(problems.get(0).startsWith("too large") ? 413 : 400, String.join("; ", problems));
    }

    /** What is wrong with a request, by the documented format; empty when Teams would take it. */
    static List<String> problems(byte[] bytes, String contentType) {
        List<String> problems = new ArrayList<>();
        if (bytes.length > MAX_BYTES) {
            problems.add("too large: " + bytes.length + " bytes");
            return problems;
        }
        if (contentType == null || !contentType.startsWith("application/json")) {
            problems.add("Content-Type " + contentType);
        }
        JsonNode message;
        try {
            message = JSON.readTree(bytes);
        } catch (IOException e) {
            problems.add("not JSON");
            return problems;
        }
        if (!"message".equals(message.path("type").asText())) {
            problems.add("type is not message");
        }
        JsonNode attachment = message.path("attachments").path(0);
        if (!"application/vnd.microsoft.card.adaptive".equals(attachment.path("contentType").asText())) {
            problems.add("attachments[0].contentType is not an Adaptive Card");
        }
        JsonNode card = attachment.path("content");
        if (!"AdaptiveCard".equals(card.path("type").asText())) {
            problems.add("content.type is not AdaptiveCard");
        }
        if (!VERSIONS.contains(card.path("version").asText())) {
            problems.add("content.version " + card.path("version"));
        }
        if (!"http://adaptivecards.io/schemas/adaptive-card.json".equals(card.path("$schema").asText())) {
            problems.add("content.$schema " + card.path("$schema"));
        }
        JsonNode body = card.path("body");
        if (!body.isArray() || body.isEmpty()) {
            problems.add("content.body is empty");
        }
        for (JsonNode element : body) {
            String type = element.path("type").asText();
            if (!ELEMENTS.contains(type)) {
                problems.add("unknown element " + type);
            } else if (type.equals("TextBlock") && !element.path("text").isTextual()) {
                problems.add("TextBlock without text");
            } else if (type.equals("FactSet")) {
                if (!element.path("facts").isArray() || element.path("facts").isEmpty()) {
                    problems.add("FactSet without facts");
                }
                for (JsonNode fact : element.path("facts")) {
                    if (!fact.path("title").isTextual() || !fact.path("value").isTextual()) {
                        problems.add("fact without title or value");
                    }
                }
            }
        }
        for (JsonNode action : card.path("actions")) {
            String type = action.path("type").asText();
            if (!ACTIONS.contains(type)) {
                problems.add("unknown action " + type);
            } else if (type.equals("Action.OpenUrl")) {
                try {
                    URI url = URI.create(action.path("url").asText());
                    if (!url.isAbsolute() || !(url.getScheme().equals("https") || url.getScheme().equals("http"))) {
                        problems.add("Action.OpenUrl url is not absolute: " + url);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add("Action.OpenUrl url is not a URL");
                }
            }
        }
        return problems;
    }
}
