package io.hindsight.system;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged portal (prod profile) refuses the wrong database: installation A is remembered in
 * its identity file; pointed at an empty database, then at installation B, the portal stops with
 * a message naming both; an override naming B starts it, audited, and B is remembered from then on.
 */
class WrongDatabaseIT {

    private final List<Path> dataDirs = new ArrayList<>();

    @Test
    void refusesAnEmptyDatabaseAndAnotherInstallationUnlessOverridden() throws Exception {
        assumeTrue(System.getenv("HINDSIGHT_IT_JDBC_URL") == null || System.getenv("HINDSIGHT_IT_JDBC_URL").isBlank(),
                "the embedded PostgreSQL only");
        Path root = PortalProcess.freshDirectory("wrong-database");
        Path a = dataDir(root.resolve("a").resolve("pg"));
        Path b = dataDir(root.resolve("b").resolve("pg"));
        Path identityOfA = EmbeddedDatabase.identityFileBeside(a);

        String idA;
        try (PortalProcess first = PortalProcess.start(a, "a-first", Map.of())) {
            assertTrue(first.awaitReady(PortalProcess.START), first::output);
            idA = first.installationId();
        }
        assertThat(Files.readString(identityOfA)).contains(idA).contains("\"had_data\" : true");

        Map<String, String> expectA = Map.of("HINDSIGHT_INSTALLATION_IDENTITY_FILE", identityOfA.toString());
        try (PortalProcess empty = PortalProcess.start(b, "b-empty", expectA)) {
            assertEquals(1, empty.awaitExit(PortalProcess.START), empty::output);
            assertThat(empty.output()).contains("Hindsight did not start: this is not the database it expects. The database is empty")
                    .contains("Expected: installation " + idA).contains("HINDSIGHT_INSTALLATION_OVERRIDE=")
                    .doesNotContain("\tat ").doesNotContain("Created the first admin").doesNotContain("Loaded the demo incidents");
        }

        String idB;
        try (PortalProcess own = PortalProcess.start(b, "b-own", Map.of())) {
            assertTrue(own.awaitReady(PortalProcess.START), own::output);
            idB = own.installationId();
        }
        assertThat(idB).isNotEqualTo(idA);

        try (PortalProcess other = PortalProcess.start(b, "b-as-a", expectA)) {
            assertEquals(1, other.awaitExit(PortalProcess.START), other::output);
            assertThat(other.output()).contains("The database belongs to another installation.")
                    .contains("Expected: installation " + idA).contains("Found:    installation " + idB)
                    .contains("HINDSIGHT_INSTALLATION_OVERRIDE=" + idB).doesNotContain("\tat ");
        }

        Map<String, String> overridden = Map.of("HINDSIGHT_INSTALLATION_IDENTITY_FILE", identityOfA.toString(),
                "HINDSIGHT_INSTALLATION_OVERRIDE", idB);
        try (PortalProcess override = PortalProcess.start(b, "b-overridden", overridden)) {
            assertTrue(override.awaitReady(PortalProcess.START), override::output);
            assertEquals(idB, override.installationId());
            assertThat(override.output()).contains("hindsight.installation.override names the installation found");
            assertEquals(List.of("installation:" + idB), overrideEvents(override.databasePort()));
        }
        assertThat(Files.readString(identityOfA)).as("after the override, B is remembered").contains(idB).doesNotContain(idA);
        assertFalse(Files.readString(identityOfA).isBlank());
    }

    private static List<String> overrideEvents(int databasePort) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + databasePort + "/hindsight", "postgres", "postgres");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT subject FROM audit_event WHERE action = 'guard.override' ORDER BY id")) {
            List<String> subjects = new ArrayList<>();
            while (rs.next()) {
                subjects.add(rs.getString(1));
            }
            return subjects;
        }
    }

    private Path dataDir(Path dir) {
        dataDirs.add(dir);
        return dir;
    }

    @AfterEach
    void noServerLeftBehind() throws Exception {
        for (Path dir : dataDirs) {
            if (Files.isDirectory(dir)) {
                StaleServer.stopIfLeftBehind(dir.toAbsolutePath());
            }
        }
    }
}
