package io.hindsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Microsoft Teams Workflows webhook ("When a Teams webhook request is received" posting the card to a
 * channel), played by a JDK {@link HttpServer}. It checks what the documented format requires: a
 * {@code message} whose first attachment is an Adaptive Card ({@code contentType}
 * {@code application/vnd.microsoft.card.adaptive}) with {@code type AdaptiveCard}, a {@code version}
 * Teams renders (1.0–1.5), the {@code $schema}, a non-empty {@code body} of known element types,
 * {@code Action.OpenUrl} actions with an absolute URL, and at most 28 KB in all. A valid card is
 * answered {@code 202 Accepted} with an empty body (unless the test scripted something else); an
 * invalid one {@code 400} with what is wrong, and the problems are kept for the test to read.
 */
public final class TeamsStandIn {

    static final int MAX_BYTES = 28 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VERSIONS = Set.of("1.0", "1.1", "1.2", "1.3", "1.4", "1.5");
    private static final Set<String> ELEMENTS = Set.of("TextBlock", "FactSet", "Container", "ColumnSet", "Image",
            "ImageSet", "RichTextBlock", "ActionSet", "Table");
    private static final Set<String> ACTIONS = Set.of("Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility", "Action.Execute");
    private static TeamsStandIn shared;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "teams-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private final Clock clock;
    private final Map<String, Hook> hooks = new ConcurrentHashMap<>();

    private TeamsStandIn(Clock clock) {
        this.clock = clock;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("the Teams stand-in could not listen", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static synchronized TeamsStandIn shared(Clock clock) {
        if (shared == null) {
            shared = new TeamsStandIn(clock);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                shared.server.stop(0);
                shared.threads.shutdownNow();
            }));
        }
        return shared;
    }

    /** A new workflow trigger with a secret-looking path like Power Automate's, answering 202 unless scripted. */
    public Hook hook() {
        String path = "/powerautomate/automations/direct/workflows/" + UUID.randomUUID().toString().replace("-", "")
                + "/triggers/manual/paths/invoke";
        Hook hook = new Hook("http://127.0.0.1:" + server.getAddress().getPort() + path + "?api-version=1&sig="
                + UUID.randomUUID().toString().replace("-", ""));
        hooks.put(path, hook);
        return hook;
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            Hook hook = hooks.get(exchange.getRequestURI().getPath());
            if (hook == null || !"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 404, "{\"error\":{\"code\":\"WorkflowNotFound\"}}", Map.of());
                return;
            }
            String body = new String(bytes, StandardCharsets.UTF_8);
            hook.received.add(new SlackStandIn.Received(clock.instant(), Instant.now(), body,
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            List<String> problems = problems(bytes, exchange.getRequestHeaders().getFirst("Content-Type"));
            if (!problems.isEmpty()) {
                hook.problems.addAll(problems);
                respond(exchange, problems.get(0).startsWith("too large") ? 413 : 400, String.join("; ", problems), Map.of());
                return;
            }
            Answer answer = hook.next();
            respond(exchange, answer.status, answer.body, answer.headers);
        } catch (IOException closedByClient) {
            // Nothing to answer.
        } finally {
            exchange.close();
        }
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

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** A scripted answer. */
    public record Answer(int status, String body, Map<String, String> headers) {
        public static Answer accepted() {
            return new Answer(202, "", Map.of());
        }

        /** What an Office 365 connector answered on success. */
        public static Answer legacyOk() {
            return new Answer(200, "1", Map.of());
        }

        public static Answer status(int status, String body) {
            return new Answer(status, body, Map.of());
        }

        public static Answer tooManyRequests(long retryAfterSeconds) {
            return new Answer(429, "{\"error\":{\"code\":\"TooManyRequests\"}}", Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
        }
    }

    /** One workflow trigger: its scripted answers, what it received and what was wrong with it. */
    public static final class Hook {
        private final String url;
        private final Deque<Answer> script = new ArrayDeque<>();
        private final List<SlackStandIn.Received> received = new CopyOnWriteArrayList<>();
        private final List<String> problems = new CopyOnWriteArrayList<>();

        private Hook(String url) {
            this.url = url;
        }

        public String url() {
            return url;
        }

        public synchronized Hook answer(Answer... answers) {
            script.addAll(List.of(answers));
            return this;
        }

        private synchronized Answer next() {
            return script.isEmpty() ? Answer.accepted() : script.poll();
        }

        public List<SlackStandIn.Received> received() {
            return List.copyOf(received);
        }

        /** Schema problems of every request so far; empty when all were valid cards. */
        public List<String> problems() {
            return List.copyOf(problems);
        }

        public List<SlackStandIn.Received> awaitCount(int n, Duration timeout) {
            SlackStandIn.await(() -> received.size() >= n, timeout, () -> "expected " + n + " requests, got " + received.size());
            return received();
        }
    }
}
