package io.hindsight.system;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code kill -9} of the packaged portal leaves its embedded PostgreSQL running on the data
 * directory. The next start used to wait 60 s and fail with advice about running as root; it must
 * stop that server and start, with the data still there.
 */
class KilledPortalIT {

    private Path dataDir;

    @Test
    void startsAgainAfterSigkillWithItsDataStillThere() throws Exception {
        assumeTrue(System.getenv("HINDSIGHT_IT_JDBC_URL") == null || System.getenv("HINDSIGHT_IT_JDBC_URL").isBlank(),
                "the embedded PostgreSQL only");
        dataDir = PortalProcess.freshDirectory("killed-portal").resolve("pg");
        String location;
        try (PortalProcess first = PortalProcess.start(dataDir, "first", Map.of())) {
            assertTrue(first.awaitReady(PortalProcess.START), () -> "the first start is ready:\n" + first.output());
            location = first.api().body("""
                            {"title": "Written before the kill", "severity": "SEV2", "status": "INVESTIGATING",
                             "started_at": "2026-01-05T10:00:00Z"}""")
                    .post("/api/v1/incidents").then().statusCode(201).extract().header("Location");
            first.kill();
        }
        assertTrue(postgresStillServes(dataDir), "the killed portal's PostgreSQL is still running (the situation under test)");

        try (PortalProcess second = PortalProcess.start(dataDir, "second", Map.of())) {
            assertTrue(second.awaitReady(PortalProcess.START), () -> "the second start is ready:\n" + second.output());
            second.api().get(location.replaceFirst("^https?://[^/]+", "")).then().statusCode(200)
                    .body("title", equalTo("Written before the kill"));
            assertTrue(second.output().contains("still serves " + dataDir.toAbsolutePath()), second.output());
        }
    }

    private static boolean postgresStillServes(Path dataDir) throws Exception {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return false;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @AfterEach
    void noServerLeftBehind() throws Exception {
        if (dataDir != null && Files.isDirectory(dataDir)) {
            StaleServer.stopIfLeftBehind(dataDir.toAbsolutePath());
        }
    }
}
