package io.hindsight.deploy;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docker/docker-compose.yml and docker/haproxy.cfg without a Docker engine: the Compose file is read as YAML and
 * checked for two portal instances behind HAProxy with PostgreSQL and health checks; the HAProxy file passes
 * {@code haproxy -c}, and run by the real HAProxy in front of two stand-in instances it alternates between them,
 * takes out the one whose readiness fails and passes on no client-supplied X-Forwarded-For.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("docker/docker-compose.yml");
    private static final Path HAPROXY_CFG = Path.of("docker/haproxy.cfg");
    private static final List<String> PORTALS = List.of("portal-1", "portal-2");

    @Test
    void runsTwoPortalsBehindHaproxyWithPostgres() throws IOException {
        Map<String, Object> services = map(compose(), "services");
        assertThat(services.keySet()).containsExactlyInAnyOrder("postgres", "portal-1", "portal-2", "haproxy");

        Map<String, Object> postgres = map(services, "postgres");
        assertThat((String) postgres.get("image")).startsWith("postgres:");
        assertThat(postgres).doesNotContainKey("ports");
        assertThat(healthTest(postgres)).contains("pg_isready");
        assertThat(list(postgres, "volumes")).anySatisfy(v -> assertThat((String) v).endsWith(":/var/lib/postgresql/data"));

        for (String name : PORTALS) {
            Map<String, Object> portal = map(services, name);
            assertEquals("hindsight:local", portal.get("image"), name);
            assertEquals("docker/Dockerfile", map(portal, "build").get("dockerfile"), name);
            assertThat(portal).as(name + " is reached through the proxy only").doesNotContainKey("ports");
            assertEquals("service_healthy", map(map(portal, "depends_on"), "postgres").get("condition"), name);
            Map<String, Object> env = map(portal, "environment");
            // A configured server: the launcher then starts no embedded PostgreSQL.
            assertEquals("jdbc:postgresql://postgres:5432/hindsight", env.get("QUARKUS_DATASOURCE_JDBC_URL"), name);
            assertThat((String) env.get("QUARKUS_DATASOURCE_PASSWORD")).as(name + ": no default password")
                    .startsWith("${HINDSIGHT_DB_PASSWORD:?");
            assertEquals("true", env.get("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING"), name);
            assertThat(healthTest(portal)).contains("/q/health/ready");
        }

        Map<String, Object> haproxy = map(services, "haproxy");
        assertThat((String) haproxy.get("image")).startsWith("haproxy:");
        assertThat(list(haproxy, "ports")).containsExactly("8080:8080");
        assertThat(list(haproxy, "volumes")).containsExactly("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
        assertThat(list(haproxy, "depends_on")).containsExactlyInAnyOrderElementsOf(List.copyOf(PORTALS));
    }

    @Test
    void haproxyBalancesRoundRobinOverBothPortalsCheckingReadiness() throws IOException {
        List<String> backend = section(Files.readAllLines(HAPROXY_CFG), "backend portals");
        assertThat(backend).contains("balance roundrobin", "option httpchk", "http-check expect status 200");
        assertThat(backend).anySatisfy(line -> assertThat(line).startsWith("http-check send meth GET uri /q/health/ready "));
        assertThat(backend).anySatisfy(line -> assertThat(line).startsWith("default-server check "));
        List<String> servers = backend.stream().filter(line -> line.startsWith("server ")).toList();
        assertThat(servers).containsExactly("server portal-1 portal-1:8080", "server portal-2 portal-2:8080");
        List<String> frontend = section(Files.readAllLines(HAPROXY_CFG), "frontend hindsight");
        assertThat(frontend).contains("bind :8080", "default_backend portals", "option forwardfor");
    }

    /** The health check the Compose file gives each portal, run with bash against an HTTP server. */
    @Test
    void portalHealthCheckPassesOnlyWhileReady() throws Exception {
        List<Object> test = list(map(map(compose(), "services"), "portal-1"), "healthcheck", "test");
        assertEquals(List.of("CMD", "bash", "-c"), test.subList(0, 3));
        String command = test.get(3).toString();
        assertThat(command).contains("/dev/tcp/127.0.0.1/8080");
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = standIn("portal", status);
        try {
            String local = command.replace("/dev/tcp/127.0.0.1/8080", "/dev/tcp/127.0.0.1/" + server.getAddress().getPort());
            assertEquals(0, bash(local), "ready (200) is healthy");
            status.set(503);
            assertThat(bash(local)).as("not ready (503) is unhealthy").isNotZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void haproxyAcceptsTheConfiguration() throws Exception {
        requireHaproxy();
        Process check = new ProcessBuilder("haproxy", "-c", "-f", HAPROXY_CFG.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS), "haproxy -c did not finish");
        assertEquals(0, check.exitValue(), output);
        assertThat(output).contains("Configuration file is valid");
        // Only the Compose service names, which do not resolve outside Compose, may be warned about.
        assertThat(output.lines().filter(l -> l.contains("[WARNING]")))
                .allSatisfy(l -> assertThat(l).containsPattern("could not resolve address 'portal-[12]'"));
    }

    /** The committed configuration, addresses aside, run by HAProxy in front of two stand-in instances. */
    @Test
    void haproxyAlternatesAndTakesOutAnInstanceThatIsNotReady() throws Exception {
        requireHaproxy();
        AtomicInteger status1 = new AtomicInteger(200);
        AtomicInteger status2 = new AtomicInteger(200);
        HttpServer one = standIn("portal-1", status1);
        HttpServer two = standIn("portal-2", status2);
        int port = freePort();
        String cfg = replaceOnce(Files.readString(HAPROXY_CFG), "bind :8080", "bind 127.0.0.1:" + port);
        cfg = replaceOnce(cfg, "server portal-1 portal-1:8080", "server portal-1 127.0.0.1:" + one.getAddress().getPort());
        cfg = replaceOnce(cfg, "server portal-2 portal-2:8080", "server portal-2 127.0.0.1:" + two.getAddress().getPort());
        Path file = Files.createTempFile("haproxy", ".cfg");
        Files.writeString(file, cfg);
        Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(Files.createTempFile("haproxy", ".log").toFile()).start();
        try {
            URI who = URI.create("http://127.0.0.1:" + port + "/who");
            awaitAnswers(who, Duration.ofSeconds(15), haproxy);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(get(who, "6.6.6.6"));
            }
            assertThat(answers.stream().map(a -> a.split(" ")[0]).collect(Collectors.toSet()))
                    .as("round-robin over both: " + answers).containsExactlyInAnyOrder("portal-1", "portal-2");
            for (int i = 1; i < answers.size(); i++) {
                assertThat(answers.get(i).split(" ")[0]).as("alternates: " + answers).isNotEqualTo(answers.get(i - 1).split(" ")[0]);
            }
            assertThat(answers).as("the client's own X-Forwarded-For is dropped")
                    .allSatisfy(a -> assertThat(a).endsWith(" xff=127.0.0.1"));

            status2.set(503);
            Instant deadline = Instant.now().plusSeconds(20);
            List<String> recent = new ArrayList<>();
            while (Instant.now().isBefore(deadline)) {
                recent.add(get(who, null).split(" ")[0]);
                if (recent.size() >= 4 && recent.subList(recent.size() - 4, recent.size()).stream().allMatch("portal-1"::equals)) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(recent.subList(Math.max(0, recent.size() - 4), recent.size()))
                    .as("portal-2 is taken out once /q/health/ready fails").containsOnly("portal-1").hasSize(4);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
            one.stop(0);
            two.stop(0);
            Files.deleteIfExists(file);
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(COMPOSE));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String... keys) {
        Map<String, Object> at = parent;
        for (int i = 0; i < keys.length - 1; i++) {
            at = map(at, keys[i]);
        }
        Object value = at.get(keys[keys.length - 1]);
        assertThat(value).as(String.join(".", keys)).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static String healthTest(Map<String, Object> service) {
        return list(service, "healthcheck", "test").stream().map(Object::toString).collect(Collectors.joining(" "));
    }

    /** The lines of one section of an HAProxy file (up to the next unindented line), trimmed, comments left out. */
    private static List<String> section(List<String> lines, String header) {
        List<String> body = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (!line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
                in = line.trim().equals(header);
                continue;
            }
            String trimmed = line.trim();
            if (in && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                body.add(trimmed.replaceAll("\\s+", " "));
            }
        }
        assertThat(body).as("section " + header).isNotEmpty();
        return body;
    }

    private static void requireHaproxy() {
        boolean present = Files.isExecutable(Path.of("/usr/sbin/haproxy")) || Files.isExecutable(Path.of("/usr/bin/haproxy"));
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("haproxy is missing; in CI it is required (.ci/run installs Debian's haproxy package)");
        }
        Assumptions.assumeTrue(present, "haproxy is not installed (apt-get install haproxy); skipped outside CI");
    }

    /** Answers /q/health/ready with {@code status}, and /who with its name and the X-Forwarded-For it was sent. */
    private static HttpServer standIn(String name, AtomicInteger status) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.createContext("/who", exchange -> {
            byte[] body = (name + " xff=" + exchange.getRequestHeaders().getFirst("X-Forwarded-For")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** One request on a connection of its own, so each is balanced on its own. */
    private static String get(URI uri, String forwardedFor) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static void awaitAnswers(URI uri, Duration timeout, Process haproxy) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            assertTrue(haproxy.isAlive(), "haproxy exited with " + (haproxy.isAlive() ? "" : haproxy.exitValue()));
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("HAProxy did not answer through to a stand-in within " + timeout);
    }

    private static int bash(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the health check did not finish");
        return process.exitValue();
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text.indexOf(from)).as("'" + from + "' in haproxy.cfg").isNotNegative();
        assertEquals(text.indexOf(from), text.lastIndexOf(from), "'" + from + "' more than once in haproxy.cfg");
        return text.replace(from, to);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
