package io.hindsight.backup;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archives written by older Hindsight versions (the committed fixtures of
 * src/test/resources/backup, schema versions 9 and 12) restore into a fresh installation by being
 * migrated: the rows arrive with what later migrations give them, a drill says it migrated, an
 * archive from a newer version is refused, and a damaged old archive changes nothing and leaves no
 * scratch schema behind.
 */
@QuarkusTest
class OldArchiveRestoreTest {

    @Inject
    BackupService backups;

    @Inject
    BackupCommand command;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Flyway flyway;

    private final List<String> databases = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    @AfterEach
    void dropFreshDatabases() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String database : databases) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 12})
    void anOlderArchiveIsMigratedOnRestoreAndItsRowsGetWhatLaterMigrationsGive(int version) throws Exception {
        Path archive = fixture(version);
        PGSimpleDataSource fresh = freshInstallation();
        String latest = latestVersion();

        BackupService.Restored restored;
        try (Connection connection = fresh.getConnection(); BackupArchive opened = BackupArchive.open(archive)) {
            assertEquals(String.valueOf(version), opened.manifest().schemaVersion());
            restored = backups.restoreInto(connection, fresh, opened, false);

            assertTrue(restored.verified(), restored.checks().toString());
            assertTrue(restored.migrated());
            assertEquals(latest, restored.migratedTo());
            assertEquals(opened.manifest().tables().size(), restored.checks().size(), "every table checked against the manifest");
            for (CanonicalRows.TableSum table : opened.manifest().tables()) {
                assertEquals(table.rows(), count(connection, table.table()), table.table() + ": every row of the archive arrived");
            }
            assertEquals(latest, BackupService.schemaVersion(connection), "the fresh installation keeps its own schema");

            assertEquals(List.of("0b5e2a64-9c1d-4c51-8a47-3f0c2d7e9a19|Hindsight of old|null"),
                    rows(connection, "SELECT id || '|' || name || '|' || coalesce(environment, 'null') FROM installation"));
            // V13: no incident was in the Trash and nobody is named as having declared it.
            assertEquals(List.of("1|PUBLISHED|4|null|null", "2|RESOLVED|1|null|null"), rows(connection,
                    "SELECT id || '|' || status || '|' || version || '|' || coalesce(declared_by::text, 'null') || '|' "
                            + "|| coalesce(deleted_at::text, 'null') FROM incident ORDER BY id"));
            // V10 and V12: the old timeline entries name nobody and start at version 0.
            assertEquals(List.of("1|null|0", "2|null|0", "3|null|0"), rows(connection,
                    "SELECT id || '|' || coalesce(created_by::text, 'null') || '|' || version FROM timeline_entry WHERE id < 4 ORDER BY id"));
            assertEquals(List.of("0"), rows(connection, "SELECT DISTINCT lock_version::text FROM checklist_template"));
            assertEquals(List.of("1|PUBLISHED|7"), rows(connection,
                    "SELECT id || '|' || status || '|' || version FROM postmortem WHERE incident_id = 1"));
            assertEquals(List.of("user.created", "postmortem.published"), rows(connection, "SELECT action FROM audit_event ORDER BY id"));
            if (version == 9) {
                assertEquals(0, count(connection, "revision"), "revisions began at V11");
                assertEquals(List.of("0"), rows(connection, "SELECT DISTINCT version::text FROM incident_checklist_item"));
            } else {
                assertEquals(List.of("4|2|1"), rows(connection,
                        "SELECT id || '|' || created_by || '|' || version FROM timeline_entry WHERE id = 4"));
                assertEquals(2, count(connection, "revision"));
                assertEquals(List.of("DRAFT"), rows(connection, "SELECT status FROM postmortem_amendment"));
                assertEquals(List.of("0", "2"), rows(connection, "SELECT DISTINCT version::text FROM incident_checklist_item ORDER BY 1"));
            }
            // New rows after the restore get new ids, past the restored ones.
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                    "INSERT INTO incident (title, severity, status, started_at) VALUES ('After', 'SEV4', 'INVESTIGATING', now()) RETURNING id")) {
                rs.next();
                assertTrue(rs.getLong(1) > 2);
            }
            assertEquals(List.of(), scratchSchemas(connection));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 12})
    void aDrillOfAnOlderArchivePassesAndSaysItMigrated(int version) throws Exception {
        String latest = latestVersion();

        DrillReport report = backups.drill(fixture(version), "schema v" + version + " fixture", null, "127.0.0.1");

        assertTrue(report.ok(), report.summary());
        assertTrue(report.migrated());
        assertTrue(report.summary().contains("migrated from schema version " + version + " to " + latest), report.summary());
        assertTrue(report.checks().stream().anyMatch(c -> c.table().equals("incident") && c.actualRows() == 2), report.checks().toString());
        DrillReport recorded = backups.findDrill(report.id()).orElseThrow();
        assertEquals(String.valueOf(version), recorded.migratedFrom(), "the audit event keeps the migration as evidence");
        assertEquals(latest, recorded.migratedTo());
        try (Connection connection = dataSource.getConnection()) {
            assertEquals(List.of(), scratchSchemas(connection), "the drill left no scratch schema");
        }
    }

    @Test
    void aDrillOfAnUploadedOlderArchiveOnTheAdminPageShowsTheMigrationInItsEvidence() throws Exception {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);

        Response ran = admin.request().multiPart("csrf-token", admin.open("/admin/backup").csrfToken())
                .multiPart("archive", fixture(12).toFile(), "application/zip").post("/admin/backup/drill");

        assertEquals(303, ran.statusCode(), ran.asString());
        String report = admin.follow(ran).asString();
        assertTrue(report.contains("<strong>Passed.</strong>"), report);
        assertTrue(report.contains("migrated from schema version 12 to " + latestVersion()), report);
        assertTrue(report.contains("Attach as evidence"), report);
    }

    @Test
    void theCommandLineDrillsAnOlderArchiveAndSaysItMigrated() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertEquals(0, command.run("drill", "--from", fixture(9).toString()));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("migrated from schema version 9 to " + latestVersion()), printed);
        assertTrue(printed.contains("timeline_entry") && printed.contains(" OK"), printed);
    }

    @Test
    void anArchiveFromANewerHindsightIsRefusedWithTheWayThrough() throws Exception {
        String next = String.valueOf(Integer.parseInt(latestVersion()) + 1);
        Path newer = track(RestoreTest.rewritten(fixture(12), "manifest.json",
                text -> text.replace("\"schema_version\" : \"12\"", "\"schema_version\" : \"" + next + "\"")));
        PGSimpleDataSource fresh = freshInstallation();
        try (Connection connection = fresh.getConnection(); BackupArchive opened = BackupArchive.open(newer)) {
            Map<String, CanonicalRows.TableSum> before = RestoreTest.sumsOpen(connection);

            ArchiveProblem refused = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(connection, fresh, opened, true));

            assertTrue(refused.getMessage().contains("made by a newer Hindsight (schema " + next + "); upgrade first"), refused.getMessage());
            assertTrue(refused.getMessage().contains("at schema " + latestVersion()), refused.getMessage());
            assertEquals(before, RestoreTest.sumsOpen(connection));
        }
        DrillReport drill = backups.drill(newer, "newer", null, "127.0.0.1");
        assertFalse(drill.ok());
        assertTrue(drill.summary().contains("made by a newer Hindsight (schema " + next + "); upgrade first"), drill.summary());
    }

    @Test
    void aDamagedOlderArchiveIsRefusedLeavesTheDatabaseAsItWasAndNoScratchSchema() throws Exception {
        Path archive = fixture(9);
        PGSimpleDataSource fresh = freshInstallation();
        try (Connection connection = fresh.getConnection()) {
            Map<String, CanonicalRows.TableSum> untouched = RestoreTest.sumsOpen(connection);

            // A file that does not match its manifest: refused before anything is made.
            Path damaged = track(RestoreTest.rewritten(archive, "data/incident.jsonl", text -> text.replace("SEV3", "SEV2")));
            try (BackupArchive opened = BackupArchive.open(damaged)) {
                ArchiveProblem problem = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(connection, fresh, opened, false));
                assertTrue(problem.getMessage().contains("data/incident.jsonl does not match the manifest"), problem.getMessage());
            }
            assertEquals(untouched, RestoreTest.sumsOpen(connection));
            assertEquals(List.of(), scratchSchemas(connection));

            // A row schema 9 refuses, with a manifest that agrees: it fails while loading the scratch schema.
            Path refused = track(withAgreeingManifest(archive, "timeline_entry",
                    "{\"id\": 9, \"kind\": \"GUESS\", \"created_at\": \"2026-01-10T02:20:00+00:00\", \"description\": \"x\", "
                            + "\"incident_id\": 1, \"occurred_at\": \"2026-01-10T02:14:00+00:00\"}\n"));
            try (BackupArchive opened = BackupArchive.open(refused)) {
                ArchiveProblem problem = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(connection, fresh, opened, false));
                assertTrue(problem.getMessage().contains("data/timeline_entry.jsonl holds rows this database refuses: a row breaks one "
                        + "of the table's rules"), problem.getMessage());
                assertFalse(problem.getMessage().contains("GUESS"), "the refused value is not quoted: " + problem.getMessage());
                assertTrue(problem.getMessage().contains("Nothing was restored"), problem.getMessage());
            }
            assertEquals(untouched, RestoreTest.sumsOpen(connection), "the database is as it was");
            assertEquals(List.of(), scratchSchemas(connection), "the scratch schema is gone");

            // Migrated in full, then refused at the copy: the installation is not empty and --replace was not given.
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO incident (title, severity, status, started_at) VALUES ('Ours', 'SEV4', 'INVESTIGATING', now())");
            }
            Map<String, CanonicalRows.TableSum> withOurs = RestoreTest.sumsOpen(connection);
            try (BackupArchive opened = BackupArchive.open(archive)) {
                ArchiveProblem problem = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(connection, fresh, opened, false));
                assertTrue(problem.getMessage().contains("not empty") && problem.getMessage().contains("--replace"), problem.getMessage());
            }
            assertEquals(withOurs, RestoreTest.sumsOpen(connection));
            assertEquals(List.of(), scratchSchemas(connection));
        }
        try (Connection connection = dataSource.getConnection()) {
            DrillReport drill = backups.drill(damaged(archive), "damaged", null, "127.0.0.1");
            assertFalse(drill.ok());
            assertEquals(List.of(), scratchSchemas(connection), "a failed drill leaves no scratch schema");
        }
    }

    private Path damaged(Path archive) throws IOException {
        String extra = "{\"id\": 9, \"kind\": \"GUESS\", \"created_at\": \"2026-01-10T02:20:00+00:00\", \"description\": \"x\", "
                + "\"incident_id\": 1, \"occurred_at\": \"2026-01-10T02:14:00+00:00\"}\n";
        return track(withAgreeingManifest(archive, "timeline_entry", extra));
    }

    /** The archive with {@code extra} appended to a table's file and the manifest updated to agree. */
    private Path withAgreeingManifest(Path archive, String table, String extra) throws IOException {
        Path changed = track(RestoreTest.rewritten(archive, "data/" + table + ".jsonl", text -> text + extra));
        String content;
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(changed.toFile());
             InputStream in = zip.getInputStream(zip.getEntry("data/" + table + ".jsonl"))) {
            content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        java.security.MessageDigest digest = CanonicalRows.sha256();
        digest.update(content.getBytes(StandardCharsets.UTF_8));
        String sha = CanonicalRows.hex(digest);
        long rows = content.lines().count();
        return RestoreTest.rewritten(changed, "manifest.json", text -> {
            try {
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
                for (var entry : json.get("tables")) {
                    if (entry.get("name").asText().equals(table)) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) entry).put("rows", rows).put("sha256", sha);
                    }
                }
                return json.toString();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** The committed fixture, copied to a temporary file (restores read files, not class-path resources). */
    private Path fixture(int version) throws IOException {
        Path copy = track(Files.createTempFile("old-archive-v" + version + "-", ".zip"));
        try (InputStream in = getClass().getResourceAsStream("/backup/" + OldArchiveFixtures.fileName(version))) {
            Files.write(copy, in.readAllBytes());
        }
        return copy;
    }

    private Path track(Path file) {
        files.add(file);
        return file;
    }

    /** A new database with the current migrations, as a fresh installation has it. */
    private PGSimpleDataSource freshInstallation() throws SQLException {
        String database = "oldrestore_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
        }
        databases.add(database);
        String url = dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl();
        PGSimpleDataSource fresh = new PGSimpleDataSource();
        fresh.setUrl(url.substring(0, url.lastIndexOf('/') + 1) + database);
        fresh.setUser("postgres");
        fresh.setPassword("postgres");
        Flyway.configure().configuration(flyway.getConfiguration()).dataSource(fresh).load().migrate();
        return fresh;
    }

    private String latestVersion() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return BackupService.schemaVersion(connection);
        }
    }

    private static List<String> scratchSchemas(Connection connection) throws SQLException {
        return rows(connection, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'hindsight\\_restore\\_%' OR nspname LIKE 'hindsight\\_drill\\_%'");
    }

    private static long count(Connection connection, String table) throws SQLException {
        return Long.parseLong(rows(connection, "SELECT count(*) FROM " + SchemaCatalog.quote(table)).get(0));
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
