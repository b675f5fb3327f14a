package io.hindsight.system;

import io.hindsight.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * The packaged portal ({@code java -jar target/quarkus-app/quarkus-run.jar}, prod profile) run as
 * an operator runs it, on a data directory of the test's choosing, so a test can kill it, start it
 * again, or watch it refuse to start.
 */
final class PortalProcess implements AutoCloseable {

    static final Duration START = Duration.ofMinutes(4);
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

    private final Process process;
    private final Path log;
    final int port;

    private PortalProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the portal with its embedded PostgreSQL in {@code dataDir}, plus {@code env}. */
    static PortalProcess start(Path dataDir, String name, Map<String, String> env) {
        try {
            int port = freePort();
            Path log = Files.createDirectories(dataDir.toAbsolutePath().getParent()).resolve(name + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toString())
                    .directory(dataDir.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("HINDSIGHT_"));
            environment.put("HINDSIGHT_EMBEDDED_DB_DATA_DIR", dataDir.toAbsolutePath().toString());
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            environment.put("HINDSIGHT_ADMIN_EMAIL", TestDatabase.PACKAGED_ADMIN_EMAIL);
            environment.put("HINDSIGHT_ADMIN_PASSWORD", TestDatabase.PACKAGED_ADMIN_PASSWORD);
            environment.putAll(env);
            return new PortalProcess(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether it answers ready within {@code timeout}; false as soon as it exits. */
    boolean awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (given().baseUri(baseUri()).get("/q/health/ready").statusCode() == 200) {
                    return true;
                }
            } catch (Exception notYet) { // RestAssured throws ConnectException unchecked
                // not listening yet
            }
            pause();
        }
        return false;
    }

    /** The exit code, or -1 when it still runs after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL: no shutdown hook runs, exactly like {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(1, TimeUnit.MINUTES);
    }

    /** SIGTERM: a normal stop. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    String baseUri() {
        return "http://localhost:" + port;
    }

    RequestSpecification api() {
        String token = given().baseUri(baseUri()).contentType(ContentType.JSON)
                .body(Map.of("email", TestDatabase.PACKAGED_ADMIN_EMAIL, "password", TestDatabase.PACKAGED_ADMIN_PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
        return given().baseUri(baseUri()).auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** The installation the readiness report names. */
    String installationId() {
        return given().baseUri(baseUri()).get("/q/health/ready").then().statusCode(200).extract()
                .path("checks.find { it.name == 'Installation' }.data.id");
    }

    /** The port of its embedded PostgreSQL, from the launcher's log line. */
    int databasePort() {
        Matcher m = Pattern.compile("Embedded PostgreSQL is listening on localhost:(\\d+)").matcher(output());
        int port = -1;
        while (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
        return port;
    }

    static Path freshDirectory(String name) {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}
