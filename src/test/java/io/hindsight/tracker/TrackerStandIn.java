package io.hindsight.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API and Jira Cloud's REST API v3, as far as issues go, played by a JDK {@link HttpServer}
 * on a free local port. It checks what the real ones check (authentication, GitHub's media type and API
 * version header, Jira's required fields and its Atlassian Document Format description), keeps the
 * issues it created, can close and reopen them as a person would there, and sends the signed webhooks
 * back to the portal. {@link #failNext} makes it answer an error for a while (a tracker that is down).
 */
public final class TrackerStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GITHUB_CREATE = Pattern.compile("/repos/([^/]+)/([^/]+)/issues");
    private static final Pattern GITHUB_ISSUE = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)");
    private static final Pattern JIRA_ISSUE = Pattern.compile("/rest/api/3/issue/([A-Z][A-Z0-9_]*-\\d+)");
    private static TrackerStandIn shared;

    /** An issue as the stand-in keeps it. */
    public static final class Issue {
        public final String key;
        public final String repository;
        public final JsonNode request;
        public volatile String state;
        public volatile String category;

        Issue(String key, String repository, JsonNode request, String state, String category) {
            this.key = key;
            this.repository = repository;
            this.request = request;
            this.state = state;
            this.category = category;
        }
    }

    public volatile String githubToken = "ghp_standin" + UUID.randomUUID().toString().replace("-", "");
    public volatile String jiraEmail = "bot@example.com";
    public volatile String jiraToken = "ATATT" + UUID.randomUUID().toString().replace("-", "");

    private final HttpServer server;
    private final Map<String, Issue> issues = new ConcurrentHashMap<>();
    private final List<Issue> created = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger numbers = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failureStatus = 503;
    private final AtomicInteger createCalls = new AtomicInteger();
    private final HttpClient client = HttpClient.newHttpClient();

    private TrackerStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "tracker-stand-in");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static synchronized TrackerStandIn shared() {
        if (shared == null) {
            shared = new TrackerStandIn();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.server.stop(0)));
        }
        return shared;
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} calls of any kind are answered {@code status}. */
    public void failNext(int times, int status) {
        failureStatus = status;
        failures.set(times);
    }

    public int createCalls() {
        return createCalls.get();
    }

    /** The issues created whose title (GitHub) or summary (Jira) is {@code title}. */
    public List<Issue> createdTitled(String title) {
        synchronized (created) {
            return created.stream().filter(i -> title.equals(i.request.path("title").asText(null))
                    || title.equals(i.request.path("fields").path("summary").asText(null))).toList();
        }
    }

    public Issue issue(String key) {
        return issues.get(key);
    }

    /** Closes (or reopens) a GitHub issue, as a person would on GitHub, without telling anyone. */
    public void setGithubState(String number, String state) {
        issues.get(number).state = state;
    }

    /** Moves a Jira issue to a status, without telling anyone. */
    public void setJiraStatus(String key, String name, String category) {
        Issue issue = issues.get(key);
        issue.state = name;
        issue.category = category;
    }

    /** The body GitHub's {@code issues} webhook sends for {@code action} on this issue. */
    public String githubEvent(String number, String action) {
        Issue issue = issues.get(number);
        ObjectNode body = JSON.createObjectNode();
        body.put("action", action);
        ObjectNode json = body.putObject("issue");
        json.put("number", Long.parseLong(number));
        json.put("state", issue.state);
        json.put("html_url", base() + "/" + issue.repository + "/issues/" + number);
        json.put("title", issue.request.path("title").asText());
        body.putObject("repository").put("full_name", issue.repository);
        return body.toString();
    }

    /** The body of Jira's {@code jira:issue_updated} webhook for this issue. */
    public String jiraEvent(String key) {
        Issue issue = issues.get(key);
        ObjectNode body = JSON.createObjectNode();
        body.put("timestamp", System.currentTimeMillis());
        body.put("webhookEvent", "jira:issue_updated");
        body.put("issue_event_type_name", "issue_generic");
        ObjectNode json = body.putObject("issue");
        json.put("id", "10" + key.substring(key.indexOf('-') + 1));
        json.put("key", key);
        ObjectNode status = json.putObject("fields").putObject("status");
        status.put("name", issue.state);
        status.putObject("statusCategory").put("key", issue.category);
        return body.toString();
    }

    /** Sends a webhook to the portal the way GitHub does: signed with the secret, with its event and delivery headers. */
    public HttpResponse<String> sendGithub(URI portal, String secret, String body, String deliveryId) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(HttpRequest.newBuilder(portal.resolve("/api/v1/trackers/github/webhook"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "issues")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", WebhookSignature.sign(secret, bytes))
                .header("User-Agent", "GitHub-Hookshot/stand-in")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    /** Sends a webhook to the portal the way a Jira admin webhook with a secret does (X-Hub-Signature). */
    public HttpResponse<String> sendJira(URI portal, String secret, String body, String deliveryId) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post(HttpRequest.newBuilder(portal.resolve("/api/v1/trackers/jira/webhook"))
                .header("Content-Type", "application/json")
                .header("X-Atlassian-Webhook-Identifier", deliveryId)
                .header("X-Hub-Signature", WebhookSignature.sign(secret, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private HttpResponse<String> post(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- the server --------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && (GITHUB_CREATE.matcher(path).matches() || path.equals("/rest/api/3/issue"))) {
                createCalls.incrementAndGet();
            }
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, failureStatus, "{\"message\":\"Service unavailable\"}");
                return;
            }
            Matcher m;
            if (path.startsWith("/repos/")) {
                if (!githubAuthorised(exchange)) {
                    answer(exchange, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");
                    return;
                }
                if (!"application/vnd.github+json".equals(exchange.getRequestHeaders().getFirst("Accept"))
                        || exchange.getRequestHeaders().getFirst("X-GitHub-Api-Version") == null) {
                    answer(exchange, 415, "{\"message\":\"Unsupported 'Accept' or missing X-GitHub-Api-Version\"}");
                    return;
                }
                if (method.equals("POST") && (m = GITHUB_CREATE.matcher(path)).matches()) {
                    githubCreate(exchange, m.group(1) + "/" + m.group(2));
                } else if (method.equals("GET") && (m = GITHUB_ISSUE.matcher(path)).matches()) {
                    Issue issue = issues.get(m.group(3));
                    if (issue == null) {
                        answer(exchange, 404, "{\"message\":\"Not Found\"}");
                    } else {
                        answer(exchange, 200, githubIssue(issue).toString());
                    }
                } else {
                    answer(exchange, 404, "{\"message\":\"Not Found\"}");
                }
            } else if (path.startsWith("/rest/api/3/issue")) {
                if (!jiraAuthorised(exchange)) {
                    answer(exchange, 401, "{\"errorMessages\":[\"You are not authenticated.\"]}");
                    return;
                }
                if (method.equals("POST") && path.equals("/rest/api/3/issue")) {
                    jiraCreate(exchange);
                } else if (method.equals("GET") && (m = JIRA_ISSUE.matcher(path)).matches()) {
                    Issue issue = issues.get(m.group(1));
                    if (issue == null) {
                        answer(exchange, 404, "{\"errorMessages\":[\"Issue does not exist or you do not have permission to see it.\"],\"errors\":{}}");
                    } else {
                        answer(exchange, 200, jiraIssue(issue).toString());
                    }
                } else {
                    answer(exchange, 404, "{\"errorMessages\":[\"Not found\"]}");
                }
            } else {
                answer(exchange, 404, "{}");
            }
        }
    }

    private boolean githubAuthorised(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        return auth != null && (auth.equals("Bearer " + githubToken) || auth.equals("token " + githubToken));
    }

    private boolean jiraAuthorised(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString((jiraEmail + ":" + jiraToken).getBytes(StandardCharsets.UTF_8));
        return expected.equals(auth);
    }

    private void githubCreate(HttpExchange exchange, String repository) throws IOException {
        JsonNode body = readJson(exchange);
        if (body == null || !body.path("title").isTextual() || body.path("title").asText().isBlank()
                || (body.has("body") && !body.get("body").isTextual())
                || (body.has("labels") && !body.get("labels").isArray())) {
            answer(exchange, 422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Issue\",\"code\":\"missing_field\",\"field\":\"title\"}]}");
            return;
        }
        Issue issue = new Issue(String.valueOf(numbers.incrementAndGet()), repository, body, "open", null);
        issues.put(issue.key, issue);
        created.add(issue);
        answer(exchange, 201, githubIssue(issue).toString());
    }

    private ObjectNode githubIssue(Issue issue) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", 1000 + Long.parseLong(issue.key));
        json.put("number", Long.parseLong(issue.key));
        json.put("html_url", base() + "/" + issue.repository + "/issues/" + issue.key);
        json.put("state", issue.state);
        json.put("title", issue.request.path("title").asText());
        return json;
    }

    private void jiraCreate(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        JsonNode fields = body == null ? null : body.path("fields");
        ObjectNode errors = JSON.createObjectNode();
        if (fields == null || !fields.path("project").path("key").isTextual()) {
            errors.put("project", "Specify a valid project ID or key");
        }
        if (fields == null || !fields.path("summary").isTextual() || fields.path("summary").asText().isBlank()) {
            errors.put("summary", "You must specify a summary of the issue.");
        }
        if (fields == null || !fields.path("issuetype").path("name").isTextual()) {
            errors.put("issuetype", "Specify an issue type");
        }
        JsonNode description = fields == null ? null : fields.get("description");
        if (description != null && !isAdf(description)) {
            errors.put("description", "Operation value must be an Atlassian Document (see the Atlassian Document Format)");
        }
        if (!errors.isEmpty()) {
            ObjectNode answer = JSON.createObjectNode();
            answer.putArray("errorMessages");
            answer.set("errors", errors);
            answer(exchange, 400, answer.toString());
            return;
        }
        String key = fields.path("project").path("key").asText() + "-" + numbers.incrementAndGet();
        Issue issue = new Issue(key, null, body, "To Do", "new");
        issues.put(key, issue);
        created.add(issue);
        answer(exchange, 201, "{\"id\":\"" + (10000 + numbers.get()) + "\",\"key\":\"" + key + "\",\"self\":\"" + base()
                + "/rest/api/3/issue/" + (10000 + numbers.get()) + "\"}");
    }

    /** An ADF document: {"type":"doc","version":1,"content":[block nodes with a type]}, text nodes holding text. */
    static boolean isAdf(JsonNode doc) {
        if (!doc.isObject() || !"doc".equals(doc.path("type").asText()) || doc.path("version").asInt() != 1 || !doc.path("content").isArray()) {
            return false;
        }
        return nodesValid(doc.path("content"));
    }

    private static boolean nodesValid(JsonNode nodes) {
        for (JsonNode node : nodes) {
            String type = node.path("type").asText("");
            if (type.isEmpty()) {
                return false;
            }
            if (type.equals("text") && !node.path("text").isTextual()) {
                return false;
            }
            if (node.has("content") && !nodesValid(node.get("content"))) {
                return false;
            }
        }
        return true;
    }

    private ObjectNode jiraIssue(Issue issue) {
        ObjectNode json = JSON.createObjectNode();
        json.put("key", issue.key);
        ObjectNode status = json.putObject("fields").putObject("status");
        status.put("name", issue.state);
        status.putObject("statusCategory").put("key", issue.category);
        return json;
    }

    private static JsonNode readJson(HttpExchange exchange) {
        try {
            return JSON.readTree(exchange.getRequestBody().readAllBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
