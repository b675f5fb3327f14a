package io.hindsight.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.ReadmePassOnly;
import io.hindsight.TestDatabase;
import io.hindsight.notify.SlackStandIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two packaged portals ({@code java -jar}, prod profile) on one PostgreSQL behind HAProxy, round-robin, behave as one
 * (docs/operations.md, "Running several instances"): every page through the balancer, each request on the other
 * instance; a refresh race across both; a sign-out on one refused on the other within the documented bound; one Slack
 * message per event; one daily digest however often both instances find it due; and {@code kill -9} of one instance
 * under load, after which the other serves everything.
 *
 * <p>The database is the one the packaged-portal tests use: the server named by {@code HINDSIGHT_IT_JDBC_URL}, or a
 * throwaway embedded PostgreSQL started here. HAProxy is Debian's package; without it the test fails in CI and is
 * skipped elsewhere.
 *
 * <p>{@link ReadmePassOnly}: continuous integration runs it once, in the README pass, where it starts its own PostgreSQL
 * and hands both portals its address, so each instance already takes the configured-server path the external-server
 * pass is for. Against Debian's server it would prove that path again, for four to five minutes of two portals and
 * HAProxy, and nothing about several instances that the README pass does not.
 */
@ReadmePassOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceIT {

    /** What docs/operations.md promises: a sign-out reaches every instance within hindsight.session.cache-ttl (5 s). */
    static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);
    /** The digest is due every few seconds here, so both instances find it due several times while the test runs. */
    static final String DIGEST_CRON = "*/3 * * * * ?";
    static final Duration DIGEST_PERIOD = Duration.ofSeconds(3);
    static final String INSTANCE_HEADER = "X-Hindsight-Instance";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private Path root;
    private EmbeddedDatabase embedded;
    private Jdbc jdbc;
    private PortalProcess a;
    private PortalProcess b;
    private Process haproxy;
    private int proxyPort;
    private int statsPort;
    private SlackStandIn slack;
    private SlackStandIn.Hook hook;
    private Browser admin;
    private String accessToken;
    private Instant digestClaimCleared;

    private record Jdbc(String url, String user, String password) {
        Connection open() throws java.sql.SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    @BeforeAll
    void twoInstancesBehindHaproxy() throws Exception {
        Path haproxyBinary = haproxy();
        root = PortalProcess.freshDirectory("multi-instance");
        String external = System.getenv("HINDSIGHT_IT_JDBC_URL");
        if (external != null && !external.isBlank()) {
            jdbc = new Jdbc(external, envOr("HINDSIGHT_IT_JDBC_USERNAME", "postgres"), envOr("HINDSIGHT_IT_JDBC_PASSWORD", "postgres"));
        } else {
            embedded = EmbeddedDatabase.start(root.resolve("postgres"), true);
            jdbc = new Jdbc(embedded.jdbcUrl(), "postgres", "postgres");
        }
        slack = SlackStandIn.startOn(0, Clock.systemUTC());
        hook = slack.hook();

        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc.url());
        env.put("QUARKUS_DATASOURCE_USERNAME", jdbc.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", jdbc.password());
        // Both on one machine: they share the identity file, as they would share ~/.hindsight.
        env.put("HINDSIGHT_INSTALLATION_IDENTITY_FILE", root.resolve("installation.json").toString());
        env.put("HINDSIGHT_DIGEST_CRON", DIGEST_CRON);
        // Behind the balancer: the address of the person, not of HAProxy, for throttling and the audit log.
        env.put("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true");
        env.put("QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true");
        env.put("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES", "127.0.0.1");
        // Started together on the same (possibly empty) database: migrations, first admin and identity race.
        a = PortalProcess.start(root.resolve("a").resolve("unused-data"), "a", env);
        b = PortalProcess.start(root.resolve("b").resolve("unused-data"), "b", env);
        assertTrue(a.awaitReady(PortalProcess.START), () -> "instance a is ready:\n" + a.output());
        assertTrue(b.awaitReady(PortalProcess.START), () -> "instance b is ready:\n" + b.output());
        assertEquals(a.installationId(), b.installationId(), "one installation");
        assertThat(a.output() + b.output()).doesNotContain("were not used").doesNotContain("Could not record");

        proxyPort = freePort();
        statsPort = freePort();
        Path config = Files.writeString(root.resolve("haproxy.cfg"), haproxyConfig());
        haproxy = new ProcessBuilder(haproxyBinary.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("haproxy.log").toFile()).start();
        await(() -> "UP".equals(serverStatus("a")) && "UP".equals(serverStatus("b")), Duration.ofSeconds(20),
                () -> "HAProxy sees both instances up: " + stats() + "\n" + haproxyLog());

        admin = signIn(proxy());
        accessToken = token(proxy()).path("access_token").asText();

        // A Slack destination for incidents and the digest, added through the balancer like an admin does. Today's
        // digest may have gone out before it existed (it is due every few seconds): that claim is forgotten while the
        // claims table is locked, so that the first digest after the destination exists is the day's first, and every
        // instance that finds it due meanwhile waits for the lock.
        try (Connection c = jdbc.open()) {
            c.setAutoCommit(false);
            try (var statement = c.createStatement()) {
                statement.execute("LOCK TABLE scheduled_run IN EXCLUSIVE MODE");
                statement.executeUpdate("DELETE FROM scheduled_run WHERE job = 'daily-digest'");
            }
            Answer form = admin.get(proxy(), "/admin/integrations");
            assertEquals(200, form.status(), form::body);
            Answer added = admin.post(proxy(), "/admin/integrations", List.of(
                    Map.entry("csrf-token", csrf(form)), Map.entry("name", "Stand-in " + Long.toHexString(System.nanoTime())),
                    Map.entry("webhookUrl", hook.url()), Map.entry("type", "SLACK"),
                    Map.entry("events", "incident-declared"), Map.entry("events", "daily-digest")));
            assertEquals(303, added.status(), added::body);
            c.commit();
        }
        digestClaimCleared = Instant.now();
    }

    @Test
    @Order(1)
    void everyMainPageThroughTheBalancerLandsOnAlternateInstances() throws Exception {
        String incident = declare("Seen through the balancer");
        String id = incident.replaceFirst(".*/", "");
        List<String> pages = List.of("/", "/incidents", "/incidents?sort=title", "/incidents/" + id,
                "/incidents/" + id + "/postmortem", "/incidents/" + id + "/action-items", "/incidents/" + id + "/checklists",
                "/incidents/" + id + "/history", "/incidents/new", "/search?q=balancer", "/lessons", "/action-items",
                "/checklists", "/insights", "/notices", "/trash", "/import", "/account/sessions", "/account/tokens",
                "/admin/users", "/admin/settings", "/admin/integrations", "/admin/deliveries", "/admin/audit", "/admin/backup",
                "/admin/trackers");
        List<String> served = new ArrayList<>();
        for (String page : pages) {
            Answer answer = admin.get(proxy(), page);
            assertEquals(200, answer.status(), () -> page + " answers 200:\n" + answer.body());
            served.add(page + " @ " + answer.instance());
        }
        for (int i = 1; i < served.size(); i++) {
            String previous = served.get(i - 1).replaceFirst(".* @ ", "");
            String current = served.get(i).replaceFirst(".* @ ", "");
            assertNotEquals(previous, current, () -> "each request on the other instance: " + served);
        }
        assertThat(served.stream().map(s -> s.replaceFirst(".* @ ", "")).distinct().sorted().toList()).containsExactly("a", "b");
    }

    @Test
    @Order(2)
    void aRefreshRaceAcrossBothInstancesRotatesOnceAndKillsNothing() throws Exception {
        String first = token(proxy()).path("refresh_token").asText();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<Answer>> raced = two.invokeAll(List.<Callable<Answer>>of(
                    () -> refresh(a.baseUri(), first, together), () -> refresh(b.baseUri(), first, together)));
            Answer onA = raced.get(0).get();
            Answer onB = raced.get(1).get();
            assertEquals(200, onA.status(), onA::body);
            assertEquals(200, onB.status(), onB::body);
            String successorA = JSON.readTree(onA.body()).path("refresh_token").asText();
            String successorB = JSON.readTree(onB.body()).path("refresh_token").asText();
            assertEquals(successorA, successorB, "one rotation: the loser is answered with the winner's successor");
            assertNotEquals(first, successorA);
            // The family lives on: the successor rotates again, on either instance, and its access token works.
            Answer next = post(proxy(), "/api/v1/auth/refresh", json(Map.of("refresh_token", successorA)), null);
            assertEquals(200, next.status(), next::body);
            String access = JSON.readTree(next.body()).path("access_token").asText();
            for (int i = 0; i < 2; i++) {
                Answer list = get(proxy(), "/api/v1/incidents", access);
                assertEquals(200, list.status(), list::body);
            }
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void aSignOutOnOneInstanceIsRefusedOnTheOtherWithinTheDocumentedBound() throws Exception {
        Browser person = signIn(proxy());
        // Both instances know the session (their caches hold it) before it ends.
        assertEquals(200, person.get(a.baseUri(), "/").status());
        Answer page = person.get(b.baseUri(), "/");
        assertEquals(200, page.status());
        Answer onA = person.get(a.baseUri(), "/account/sessions");
        // What the person's browser held before signing out (a copy per request: a refusal also clears the cookie).
        Browser stale = person.copy();

        Answer signedOut = person.post(a.baseUri(), "/logout", List.of(Map.entry("csrf-token", csrf(onA))));
        Instant revoked = Instant.now();
        assertEquals(303, signedOut.status(), signedOut::body);

        Instant refused = null;
        Instant deadline = revoked.plus(REVOCATION_BOUND).plusSeconds(5);
        while (Instant.now().isBefore(deadline)) {
            Answer again = stale.copy().get(b.baseUri(), "/");
            if (again.status() == 303 && again.location().contains("/login")) {
                refused = Instant.now();
                break;
            }
            assertEquals(200, again.status(), again::body);
            Thread.sleep(20);
        }
        assertTrue(refused != null, "instance b refuses the ended session within " + REVOCATION_BOUND.plusSeconds(5));
        Duration latency = Duration.between(revoked, refused);
        System.out.printf("Revocation on a refused on b after %d ms%n", latency.toMillis());
        assertThat(latency).as("revocation latency across instances").isLessThanOrEqualTo(REVOCATION_BOUND);
        assertEquals(303, stale.copy().get(proxy(), "/").status(), "and through the balancer, on either instance");
        assertEquals(303, stale.copy().get(proxy(), "/").status());
        assertEquals(303, stale.copy().get(a.baseUri(), "/").status());
    }

    @Test
    @Order(4)
    void eachEventReachesSlackOnce() throws Exception {
        List<String> titles = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String title = "Declared through the balancer, number " + i + " " + Long.toHexString(System.nanoTime());
            declare(title);
            titles.add(title);
        }
        SlackStandIn.await(() -> titles.stream().allMatch(t -> messagesMentioning(t) >= 1), Duration.ofSeconds(60),
                () -> "every declared incident reached Slack: " + texts());
        // Both relays keep running; give them time to send anything twice before counting.
        Thread.sleep(3_000);
        for (String title : titles) {
            assertEquals(1, messagesMentioning(title), () -> "one message for " + title + ": " + texts());
        }
    }

    @Test
    @Order(5)
    void theDailyDigestGoesOutOncePerDay() throws Exception {
        SlackStandIn.await(() -> digests() >= 1, Duration.ofSeconds(60), () -> "a digest arrived: " + texts());
        // Both instances find it due every DIGEST_PERIOD: wait for several more due times before counting.
        Instant enough = digestClaimCleared.plus(DIGEST_PERIOD.multipliedBy(4));
        while (Instant.now().isBefore(enough)) {
            Thread.sleep(200);
        }
        Thread.sleep(2_000); // the relay's pacing: a second digest would be on its way by now
        assertEquals(1, digests(), () -> "exactly one digest: " + texts());
        try (Connection c = jdbc.open(); PreparedStatement select = c.prepareStatement(
                "SELECT count(*) FROM scheduled_run WHERE job = 'daily-digest'");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            assertEquals(1, rows.getInt(1), "one claimed day");
        }
    }

    @Test
    @Order(6)
    void killingOneInstanceUnderLoadLeavesTheOtherServingEverything() throws Exception {
        record Result(Instant started, int status, String instance) {
        }
        List<Result> results = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(load.submit(() -> {
                while (running.get()) {
                    Instant started = Instant.now();
                    try {
                        Answer answer = get(proxy(), "/api/v1/incidents", accessToken);
                        results.add(new Result(started, answer.status(), answer.instance()));
                    } catch (IOException e) {
                        results.add(new Result(started, -1, "none"));
                    }
                }
                return null;
            }));
        }
        try {
            SlackStandIn.await(() -> results.stream().map(Result::instance).distinct().count() >= 2, Duration.ofSeconds(10),
                    () -> "the load reaches both instances: " + results.size());
            b.kill();
            Instant killed = Instant.now();
            await(() -> !serverStatus("b").startsWith("UP"), Duration.ofSeconds(10), () -> "HAProxy notices: " + stats());
            Instant down = Instant.now();
            System.out.printf("HAProxy marked the killed instance down after %d ms%n", Duration.between(killed, down).toMillis());
            int before = results.size();
            SlackStandIn.await(() -> results.stream().filter(r -> r.started().isAfter(down)).count() >= 40, Duration.ofSeconds(30),
                    () -> "requests after the failover: " + results.size());
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
            List<Result> after = results.stream().filter(r -> r.started().isAfter(down)).toList();
            long failedDuring = results.stream().filter(r -> !r.started().isAfter(down) && r.status() != 200).count();
            System.out.printf("Load: %d requests, %d failed while the instance went down, %d after it was marked down%n",
                    results.size(), failedDuring, after.size());
            assertThat(before).isPositive();
            assertThat(after).as("every request after the failover succeeds, on the survivor")
                    .allMatch(r -> r.status() == 200 && r.instance().equals("a"), "200 from a");
            assertTrue(a.awaitReady(Duration.ofSeconds(5)), "the survivor is still ready");
        } finally {
            running.set(false);
            load.shutdownNow();
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        for (PortalProcess portal : Stream.of(a, b).filter(p -> p != null).toList()) {
            portal.close();
        }
        if (slack != null) {
            slack.stop();
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    // --- HAProxy ---------------------------------------------------------------------------------------------------

    /** Debian's HAProxy; in CI its absence fails the test (.ci/run installs it), elsewhere it skips it. */
    private static Path haproxy() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        Optional<Path> found = dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "haproxy"))
                .filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String why = "HAProxy is not installed (Debian package haproxy; .ci/run installs it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why);
            }
            assumeTrue(false, why + ": skipping the multi-instance test");
        }
        return found.get();
    }

    private String haproxyConfig() {
        return """
                global
                    maxconn 512

                defaults
                    mode http
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    retries 3
                    option redispatch
                    option forwardfor

                frontend portal
                    bind 127.0.0.1:%d
                    default_backend instances

                backend instances
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri /q/health/ready
                    http-check expect status 200
                    http-response set-header %s %%[srv_name]
                    default-server inter 500ms fall 2 rise 1
                    server a 127.0.0.1:%d check
                    server b 127.0.0.1:%d check

                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(proxyPort, INSTANCE_HEADER, a.port, b.port, statsPort);
    }

    private String stats() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The status HAProxy's stats give the server (UP, DOWN, "UP 1/2"…), or "" when unknown. */
    private String serverStatus(String server) {
        for (String line : stats().split("\n")) {
            String[] fields = line.split(",", -1);
            if (fields.length > 17 && fields[0].equals("instances") && fields[1].equals(server)) {
                return fields[17];
            }
        }
        return "";
    }

    private String haproxyLog() {
        try {
            return Files.readString(root.resolve("haproxy.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    // --- HTTP ------------------------------------------------------------------------------------------------------

    private String proxy() {
        return "http://127.0.0.1:" + proxyPort;
    }

    record Answer(int status, String body, Map<String, List<String>> headers) {
        String instance() {
            return headers.getOrDefault(INSTANCE_HEADER.toLowerCase(java.util.Locale.ROOT), List.of("?")).get(0);
        }

        String location() {
            return headers.getOrDefault("location", List.of("")).get(0);
        }
    }

    /** Cookies kept like a browser keeps them (one client, many instances). */
    final class Browser {
        private final Map<String, String> cookies = Collections.synchronizedMap(new LinkedHashMap<>());

        Answer get(String base, String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), base);
        }

        Answer post(String base, String path, List<Map.Entry<String, String>> form) throws IOException, InterruptedException {
            String body = form.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)), base);
        }

        Browser copy() {
            Browser copy = new Browser();
            copy.cookies.putAll(cookies);
            return copy;
        }

        private Answer send(HttpRequest.Builder request, String base) throws IOException, InterruptedException {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("set-cookie")) {
                for (HttpCookie cookie : HttpCookie.parse(header)) {
                    if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                        cookies.remove(cookie.getName());
                    } else {
                        cookies.put(cookie.getName(), cookie.getValue());
                    }
                }
            }
            return new Answer(response.statusCode(), response.body(), response.headers().map());
        }
    }

    private Browser signIn(String base) throws IOException, InterruptedException {
        Browser browser = new Browser();
        Answer login = browser.get(base, "/login");
        assertEquals(200, login.status(), login::body);
        Answer posted = browser.post(base, "/login", List.of(Map.entry("csrf-token", csrf(login)),
                Map.entry("email", TestDatabase.PACKAGED_ADMIN_EMAIL), Map.entry("password", TestDatabase.PACKAGED_ADMIN_PASSWORD),
                Map.entry("next", "/")));
        assertEquals(303, posted.status(), posted::body);
        assertEquals("/", posted.location().replaceFirst("^https?://[^/]+", ""), "signed in");
        return browser;
    }

    private JsonNode token(String base) throws IOException, InterruptedException {
        Answer answer = post(base, "/api/v1/auth/token", json(Map.of("email", TestDatabase.PACKAGED_ADMIN_EMAIL,
                "password", TestDatabase.PACKAGED_ADMIN_PASSWORD)), null);
        assertEquals(200, answer.status(), answer::body);
        return JSON.readTree(answer.body());
    }

    private Answer refresh(String base, String refreshToken, CyclicBarrier together) throws Exception {
        together.await(30, TimeUnit.SECONDS);
        return post(base, "/api/v1/auth/refresh", json(Map.of("refresh_token", refreshToken)), null);
    }

    /** Declares an incident through the balancer; its address. */
    private String declare(String title) throws IOException, InterruptedException {
        Answer created = post(proxy(), "/api/v1/incidents", json(Map.of("title", title, "severity", "SEV3",
                "status", "INVESTIGATING", "started_at", "2026-01-05T10:00:00Z")), accessToken);
        assertEquals(201, created.status(), created::body);
        return created.location();
    }

    private Answer get(String base, String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET().header("Accept", "application/json");
        return send(request, bearer);
    }

    private Answer post(String base, String path, String json, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return send(request, bearer);
    }

    private Answer send(HttpRequest.Builder request, String bearer) throws IOException, InterruptedException {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().map());
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csrf(Answer page) {
        Matcher m = CSRF.matcher(page.body());
        assertTrue(m.find(), () -> "a form with a CSRF token:\n" + page.body());
        return org.jsoup.parser.Parser.unescapeEntities(m.group(1), true);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // --- the Slack stand-in ------------------------------------------------------------------------------------------

    private List<String> texts() {
        return hook.received().stream().map(r -> r.json().path("text").asText()).toList();
    }

    private long messagesMentioning(String title) {
        return texts().stream().filter(t -> t.contains(title)).count();
    }

    private long digests() {
        return texts().stream().filter(t -> t.startsWith("Daily digest ")).count();
    }

    // --- helpers -----------------------------------------------------------------------------------------------------

    private static void await(Callable<Boolean> condition, Duration timeout, java.util.function.Supplier<String> failure)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.call()) {
                return;
            }
            Thread.sleep(100);
        }
        fail(failure.get());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
