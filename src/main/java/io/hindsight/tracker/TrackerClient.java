package io.hindsight.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Speaks to GitHub's REST API and Jira Cloud's REST API v3: creates an issue, reads one's state. The
 * JDK's {@link HttpClient}, as for chat webhooks: the address is an admin's choice at run time (GitHub
 * Enterprise, a Jira site), and we need the raw status and headers. Calls block the calling thread,
 * which is never a request's: the relay and the poll call from their own, with no transaction open.
 */
@ApplicationScoped
public class TrackerClient {

    /** GitHub's REST API version this client speaks. */
    static final String GITHUB_API_VERSION = "2022-11-28";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 300;

    public enum Verdict { DONE, RETRY, FAILED }

    /** An issue as the tracker describes it. */
    public record Issue(String key, String url, String state, boolean done) {
    }

    /**
     * @param issue      the issue, when the call succeeded
     * @param reason     why it did not, fit for admins and logs (never a credential)
     * @param retryAfter how long the tracker asked us to wait, when it said
     */
    public record Outcome(Verdict verdict, int status, Issue issue, String reason, Duration retryAfter) {
        static Outcome done(int status, Issue issue) {
            return new Outcome(Verdict.DONE, status, issue, null, null);
        }
    }

    @Inject
    TrackerConfig config;

    private HttpClient client;

    @PostConstruct
    void init() {
        client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Creates the issue described by {@code payload} (a body built by {@link IssuePayloads}). */
    public Outcome create(TrackerConnection connection, String payload) {
        HttpRequest.Builder request = connection.kind == TrackerKind.GITHUB
                ? request(connection, "/repos/" + connection.project + "/issues")
                : request(connection, "/rest/api/3/issue");
        return send(connection, request.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build(), 201);
    }

    /** Reads the state of one issue. */
    public Outcome read(TrackerConnection connection, String key) {
        HttpRequest.Builder request = connection.kind == TrackerKind.GITHUB
                ? request(connection, "/repos/" + connection.project + "/issues/" + URLEncoder.encode(key, StandardCharsets.UTF_8))
                : request(connection, "/rest/api/3/issue/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?fields=status");
        return send(connection, request.GET().build(), 200);
    }

    private HttpRequest.Builder request(TrackerConnection connection, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stripSlash(connection.apiBaseUrl) + path))
                .timeout(config.readTimeout());
        if (connection.kind == TrackerKind.GITHUB) {
            request.header("Authorization", "Bearer " + connection.token)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", GITHUB_API_VERSION);
        } else {
            String basic = Base64.getEncoder().encodeToString((connection.accountEmail + ":" + connection.token).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic).header("Accept", "application/json");
        }
        return request.header("User-Agent", "Hindsight");
    }

    private Outcome send(TrackerConnection connection, HttpRequest request, int expected) {
        HttpResponse<String> response;
        try {
            response = client.send(request, BOUNDED_BODY);
        } catch (HttpTimeoutException e) {
            return new Outcome(Verdict.RETRY, 0, null, "no answer in time", null);
        } catch (IOException e) {
            return new Outcome(Verdict.RETRY, 0, null, "could not connect: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Verdict.RETRY, 0, null, "interrupted", null);
        } catch (IllegalArgumentException e) {
            return new Outcome(Verdict.FAILED, 0, null, "the API address is not usable", null);
        }
        int status = response.statusCode();
        if (status == expected) {
            try {
                return Outcome.done(status, issue(connection, JSON.readTree(response.body())));
            } catch (IOException | RuntimeException e) {
                return new Outcome(Verdict.FAILED, status, null, "HTTP " + status + " with an answer that is not an issue", null);
            }
        }
        String reason = "HTTP " + status + excerpt(response.body());
        Duration retryAfter = retryAfter(response);
        boolean rateLimited = status == 429
                || (status == 403 && response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false));
        if (rateLimited || status == 408 || status >= 500) {
            return new Outcome(Verdict.RETRY, status, null, reason, retryAfter);
        }
        return new Outcome(Verdict.FAILED, status, null, reason, null);
    }

    /** At most {@link #MAX_BODY} bytes of an answer are read; the rest is refused, so a huge answer cannot exhaust memory. */
    static final int MAX_BODY = 1 << 20;
    private static final HttpResponse.BodyHandler<String> BOUNDED_BODY = info -> new BoundedBody(MAX_BODY);

    /** The first {@code limit} bytes of a body as text; at the limit it stops reading and answers with what it has. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<String> {
        private final int limit;
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final java.util.concurrent.CompletableFuture<String> body = new java.util.concurrent.CompletableFuture<>();
        private java.util.concurrent.Flow.Subscription subscription;

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public java.util.concurrent.CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(java.util.List<java.nio.ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (java.nio.ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), limit - out.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                out.write(chunk, 0, take);
                if (out.size() >= limit) {
                    subscription.cancel();
                    finish();
                    return;
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            body.complete(out.toString(StandardCharsets.UTF_8));
        }
    }

    /** The address only when it is an absolute http(s) URL, so it is safe as a link; otherwise none. */
    static String webUrl(String url) {
        if (url == null || url.length() > 2048) {
            return null;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null ? url : null;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** The issue in a create or read answer. */
    private static Issue issue(TrackerConnection connection, JsonNode body) {
        if (connection.kind == TrackerKind.GITHUB) {
            JsonNode number = body.path("number");
            if (!number.canConvertToLong()) {
                throw new IllegalArgumentException("no number");
            }
            String state = body.path("state").asText("open");
            return new Issue(String.valueOf(number.asLong()), webUrl(body.path("html_url").asText(null)), state, "closed".equals(state));
        }
        String key = body.path("key").asText("");
        if (key.isBlank()) {
            throw new IllegalArgumentException("no key");
        }
        JsonNode status = body.path("fields").path("status");
        String state = status.isMissingNode() ? null : status.path("name").asText(null);
        String category = status.path("statusCategory").path("key").asText("");
        boolean done = !category.isEmpty() && category.equalsIgnoreCase(doneCategory(connection));
        return new Issue(key, stripSlash(connection.apiBaseUrl) + "/browse/" + key, state, done);
    }

    static String doneCategory(TrackerConnection connection) {
        return connection.doneCategory == null || connection.doneCategory.isBlank() ? "done" : connection.doneCategory.strip();
    }

    private static Duration retryAfter(HttpResponse<String> response) {
        Optional<String> seconds = response.headers().firstValue("retry-after");
        try {
            if (seconds.isPresent()) {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(seconds.get().strip())));
            }
            Optional<String> reset = response.headers().firstValue("x-ratelimit-reset");
            if (reset.isPresent()) {
                long wait = Long.parseLong(reset.get().strip()) - System.currentTimeMillis() / 1000;
                return Duration.ofSeconds(Math.max(1, wait));
            }
        } catch (NumberFormatException e) {
            // An HTTP date or garbage: back off as for any retry.
        }
        return null;
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip().replaceAll("\\s+", " ");
        try {
            JsonNode json = JSON.readTree(body);
            // GitHub: {"message": …}; Jira: {"errorMessages": [...], "errors": {...}}.
            if (json.hasNonNull("message")) {
                text = json.get("message").asText();
            } else if (json.has("errorMessages") || json.has("errors")) {
                text = (json.path("errorMessages").toString() + " " + json.path("errors").toString()).strip();
            }
        } catch (IOException | RuntimeException e) {
            // Not JSON: the text itself.
        }
        return ": " + (text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "…" : text);
    }

    static String stripSlash(String url) {
        String out = url.strip();
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out.toLowerCase(Locale.ROOT).startsWith("http") ? out : "https://" + out;
    }
}
