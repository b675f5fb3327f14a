package io.hindsight.backup;

import io.agroal.api.AgroalDataSource;
import io.hindsight.export.ExportFilter;
import io.hindsight.export.ExportService;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backup restored into a fresh database on the same server is row for row the database it came
 * from, verified by its manifest; a non-empty database is refused unless replaced; a damaged archive
 * changes nothing.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreTest {

    @Inject
    BackupService backups;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ExportService exports;

    @Inject
    Flyway flyway;

    private Path archive;
    private Map<String, CanonicalRows.TableSum> before;
    private Map<String, String> reportsBefore;
    private String freshDatabase;
    private String freshUrl;

    /** Once, before the first test (RestAssured knows the port only from the first test on). */
    @BeforeEach
    void backUpSomeIncidents() throws Exception {
        if (archive != null) {
            return;
        }
        LiveDatabase.prepareForRestore();
        for (int i = 0; i < 3; i++) {
            long id = Incidents.draftJson().title("Restore me " + i + " — “quotes”, ünïcode & <tags>").create();
            Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
            if (i == 0) {
                Postmortems.recordPublished(id, Instant.parse("2026-03-14T10:00:00.123456Z"));
            }
        }
        before = sums(dataSource.getConnection());
        reportsBefore = reports();
        archive = Files.createTempFile("hindsight-backup-", ".zip");
        try (OutputStream out = Files.newOutputStream(archive)) {
            backups.write(out, null, "127.0.0.1");
        }
        freshDatabase = "restore_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + freshDatabase + " ENCODING 'UTF8' TEMPLATE template0");
        }
        String url = dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl();
        freshUrl = url.substring(0, url.lastIndexOf('/') + 1) + freshDatabase;
        // A fresh installation: the same migrations the portal runs at its first start.
        Flyway.configure().configuration(flyway.getConfiguration()).dataSource(freshUrl, "postgres", "postgres").load().migrate();
    }

    @AfterAll
    void dropTheFreshDatabase() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + freshDatabase + " WITH (FORCE)");
        }
        Files.deleteIfExists(archive);
    }

    @Test
    @Order(1)
    void aBackupRestoresIntoAFreshDatabaseRowForRowAndVerifiesItself() throws Exception {
        try (Connection fresh = fresh(); BackupArchive opened = BackupArchive.open(archive)) {
            BackupService.Restored restored = backups.restoreInto(fresh, opened, false);

            assertTrue(restored.verified(), restored.checks().toString());
            assertTrue(restored.warnings().isEmpty(), restored.warnings().toString());
            assertEquals(before.keySet(), Map.copyOf(sumsOpen(fresh)).keySet());
            assertEquals(before, sumsOpen(fresh), "every table's rows are equal, in canonical form");
            assertTrue(before.get("incident").rows() >= 3);
            assertTrue(before.get("search_document").rows() >= before.get("incident").rows(),
                    "every incident's search document is in the archive and restored as it was");
            assertTrue(opened.manifest().tables().size() >= 20, "every application table is in the archive");
            assertFalse(opened.manifest().table(SchemaCatalog.FLYWAY_HISTORY).isPresent());
            assertFalse(opened.manifest().table("incident_tally").isPresent(), "what triggers derive is not backed up");
            assertDerivedCountsMatch(fresh);

            // New rows after a restore get new ids, not the restored ones.
            try (Statement statement = fresh.createStatement()) {
                statement.execute("INSERT INTO audit_event (occurred_at, action) VALUES (now(), 'test.after-restore')");
            }
        }
    }

    @Test
    @Order(2)
    void theArchiveCarriesEveryPostmortemAsItsMarkdownExport() throws Exception {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (Map.Entry<String, String> report : reportsBefore.entrySet()) {
                ZipEntry entry = zip.getEntry("postmortems/" + report.getKey());
                assertTrue(entry != null, "missing " + report.getKey());
                try (InputStream in = zip.getInputStream(entry)) {
                    assertEquals(report.getValue(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            try (InputStream in = zip.getInputStream(zip.getEntry("manifest.json"))) {
                String manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(manifest.contains("\"format_version\" : 1"), manifest);
                assertTrue(manifest.contains("\"schema_version\""), manifest);
            }
        }
    }

    @Test
    @Order(3)
    void aDatabaseWithDataIsRefusedUnlessReplacedAndTheWarningNamesBothInstallations() throws Exception {
        try (Connection fresh = fresh(); BackupArchive opened = BackupArchive.open(archive)) {
            if (sumsOpen(fresh).get("incident").rows() == 0) {
                backups.restoreInto(fresh, opened, false);
            }
            try (Statement statement = fresh.createStatement()) {
                statement.execute("UPDATE installation SET name = 'Other installation'");
            }
            ArchiveProblem refused = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(fresh, opened, false));
            assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
            assertTrue(refused.getMessage().contains("--replace"), refused.getMessage());

            BackupService.Restored replaced = backups.restoreInto(fresh, opened, true);

            assertTrue(replaced.verified());
            String warning = String.join(" ", replaced.warnings());
            assertTrue(warning.contains("\"Other installation\""), warning);
            assertTrue(warning.contains(opened.manifest().installationName()) && warning.contains(opened.manifest().installationId()), warning);
            assertEquals(before, sumsOpen(fresh));
            assertDerivedCountsMatch(fresh);
        }
    }

    @Test
    @Order(4)
    void aDamagedArchiveIsRefusedWithAClearMessageAndChangesNothing() throws Exception {
        try (Connection fresh = fresh()) {
            Map<String, CanonicalRows.TableSum> untouched = sumsOpen(fresh);
            String lastTable;
            try (BackupArchive opened = BackupArchive.open(archive)) {
                List<CanonicalRows.TableSum> tables = opened.manifest().tables();
                lastTable = tables.get(tables.size() - 1).table();
            }
            Path damaged = rewritten(archive, "data/" + lastTable + ".jsonl", text -> text + "{\"id\": 999999}\n");
            try (BackupArchive opened = BackupArchive.open(damaged)) {
                ArchiveProblem problem = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(fresh, opened, true));
                assertTrue(problem.getMessage().contains("data/" + lastTable + ".jsonl does not match the manifest"), problem.getMessage());
                assertTrue(problem.getMessage().contains("damaged"), problem.getMessage());
            }
            assertEquals(untouched, sumsOpen(fresh), "the database is as it was");

            // A row the database refuses in the last table, with a manifest that agrees: every other table
            // has loaded when it fails, and the transaction takes them all back.
            String extra = "{\"id\": 999999}\n";
            Path refusedMidway = rewritten(rewritten(archive, "data/" + lastTable + ".jsonl", text -> text + extra),
                    "manifest.json", text -> withTable(text, lastTable, extra));
            try (BackupArchive opened = BackupArchive.open(refusedMidway)) {
                ArchiveProblem problem = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(fresh, opened, true));
                assertTrue(problem.getMessage().contains("data/" + lastTable + ".jsonl holds rows this database refuses"), problem.getMessage());
                assertFalse(problem.getMessage().contains("ERROR") || problem.getMessage().contains("Detail")
                        || problem.getMessage().contains("999999"), "said in words, not PostgreSQL's: " + problem.getMessage());
                assertTrue(problem.getMessage().contains("Nothing was restored"), problem.getMessage());
            }
            assertEquals(untouched, sumsOpen(fresh), "the database is as it was");

            Path notJson = rewritten(archive, "data/incident.jsonl", text -> text.replaceFirst("\\{", "{{"));
            try (BackupArchive opened = BackupArchive.open(notJson)) {
                ArchiveProblem problem = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(fresh, opened, true));
                assertTrue(problem.getMessage().contains("data/incident.jsonl"), problem.getMessage());
            }
            assertEquals(untouched, sumsOpen(fresh));

            byte[] whole = Files.readAllBytes(archive);
            Path truncated = Files.createTempFile("truncated-", ".zip");
            Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
            ArchiveProblem problem = assertThrows(ArchiveProblem.class, () -> BackupArchive.open(truncated));
            assertTrue(problem.getMessage().contains("truncated"), problem.getMessage());

            // A manifest cut down to fewer tables (its files and sums still agree) is not a backup of this version: restoring
            // it would pass its own checks and leave the missing tables empty.
            Path cutDown = rewritten(archive, "manifest.json", text -> withoutTable(text, "app_user"));
            try (BackupArchive opened = BackupArchive.open(cutDown)) {
                ArchiveProblem incomplete = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(fresh, opened, true));
                assertTrue(incomplete.getMessage().contains("The archive lacks 1 of the") && incomplete.getMessage().contains("app_user"),
                        incomplete.getMessage());
                assertTrue(incomplete.getMessage().contains("not a complete backup"), incomplete.getMessage());
            }
            assertEquals(untouched, sumsOpen(fresh), "the database is as it was");
            Files.deleteIfExists(cutDown);

            Path newer = rewritten(archive, "manifest.json", text -> text.replaceFirst("\"schema_version\" : \"[0-9.]+\"",
                    "\"schema_version\" : \"999\""));
            try (BackupArchive opened = BackupArchive.open(newer)) {
                ArchiveProblem tooNew = assertThrows(ArchiveProblem.class, () -> backups.restoreInto(fresh, opened, true));
                assertTrue(tooNew.getMessage().contains("made by a newer Hindsight (schema 999); upgrade first"), tooNew.getMessage());
            }
            Path otherFormat = rewritten(archive, "manifest.json", text -> text.replace("\"format_version\" : 1", "\"format_version\" : 2"));
            ArchiveProblem format = assertThrows(ArchiveProblem.class, () -> BackupArchive.open(otherFormat));
            assertTrue(format.getMessage().contains("format version 2"), format.getMessage());
            assertEquals(untouched, sumsOpen(fresh));
            for (Path p : List.of(damaged, refusedMidway, notJson, truncated, newer, otherFormat)) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    @Order(5)
    void restoringOverTheLiveDatabaseGivesBackEveryMarkdownExportAsItWas() throws Exception {
        long later = Incidents.draftJson().title("Written after the backup").create();
        assertTrue(reports().keySet().stream().anyMatch(name -> name.startsWith(later + "-")));

        BackupService.Restored restored = backups.restore(archive, true, null, "127.0.0.1");

        assertTrue(restored.verified(), restored.checks().toString());
        assertEquals(reportsBefore, reports(), "every postmortem's Markdown export is identical");
        long restoredEvents;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT count(*) FROM audit_event WHERE action = 'backup.restored' AND detail LIKE 'verification=OK%'"
                     + " AND detail LIKE '%archive_created_at=" + restored.manifest().createdAt() + ";%'")) {
            rs.next();
            restoredEvents = rs.getLong(1);
        }
        assertEquals(1, restoredEvents, "the restore is on record in the restored audit log");
    }

    private Connection fresh() throws SQLException {
        return DriverManager.getConnection(freshUrl, "postgres", "postgres");
    }

    private Map<String, String> reports() {
        Map<String, String> reports = new LinkedHashMap<>();
        long after = 0;
        List<ExportService.Report> batch;
        do {
            batch = exports.nextReports(new ExportFilter(false, null, null, null), after, 50);
            for (ExportService.Report report : batch) {
                reports.put(report.fileName(), report.markdown());
                after = report.incidentId();
            }
        } while (!batch.isEmpty());
        return reports;
    }

    /** Every table's canonical row count and checksum, computed straight from the database. */
    static Map<String, CanonicalRows.TableSum> sums(Connection connection) throws Exception {
        try (connection) {
            return sumsOpen(connection);
        }
    }

    static Map<String, CanonicalRows.TableSum> sumsOpen(Connection connection) throws Exception {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            CanonicalRows.prepare(connection);
            Map<String, CanonicalRows.TableSum> sums = new java.util.TreeMap<>();
            String schema = BackupService.currentSchema(connection);
            for (SchemaCatalog.Table table : SchemaCatalog.tables(connection, schema)) {
                sums.put(table.name(), CanonicalRows.read(connection, schema, table, null));
            }
            connection.commit();
            return sums;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The manifest with {@code table}'s count and checksum updated for {@code extra} more lines. */
    private String withTable(String manifest, String table, String extra) {
        try (BackupArchive opened = BackupArchive.open(archive); java.io.BufferedReader lines = opened.lines(table)) {
            java.security.MessageDigest digest = CanonicalRows.sha256();
            long rows = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                rows++;
            }
            digest.update(extra.getBytes(StandardCharsets.UTF_8));
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest);
            for (var entry : json.get("tables")) {
                if (entry.get("name").asText().equals(table)) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) entry).put("rows", rows + 1).put("sha256", CanonicalRows.hex(digest));
                }
            }
            return json.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The manifest without {@code table}'s entry. */
    private static String withoutTable(String manifest, String table) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest);
            var tables = (com.fasterxml.jackson.databind.node.ArrayNode) json.get("tables");
            for (int i = tables.size() - 1; i >= 0; i--) {
                if (tables.get(i).get("name").asText().equals(table)) {
                    tables.remove(i);
                }
            }
            return json.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A copy of {@code zip} with one entry's text changed. */
    static Path rewritten(Path zip, String name, java.util.function.UnaryOperator<String> change) throws IOException {
        Path copy = Files.createTempFile("changed-", ".zip");
        try (ZipFile source = new ZipFile(zip.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry : java.util.Collections.list(source.entries())) {
                byte[] bytes;
                try (InputStream in = source.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (entry.getName().equals(name)) {
                    bytes = change.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return copy;
    }

    /**
     * The counts V19's triggers keep (status tabs, tag and service suggestions) equal counting the restored incidents:
     * a restore empties them with incident and refills them as it loads incidents, also over an installation that had
     * other incidents before.
     */
    private static void assertDerivedCountsMatch(Connection connection) throws Exception {
        assertEquals(query(connection, "SELECT status || '/' || severity, count(*) FROM incident WHERE deleted_at IS NULL GROUP BY 1"),
                query(connection, "SELECT status || '/' || severity, incidents FROM incident_tally WHERE incidents <> 0"));
        assertEquals(query(connection, "SELECT t, count(*) FROM (SELECT DISTINCT id, unnest(tags) t FROM incident WHERE deleted_at IS NULL) x GROUP BY t"),
                query(connection, "SELECT tag, incidents FROM incident_known_tag"));
        assertEquals(query(connection, "SELECT s, count(*) FROM (SELECT DISTINCT id, unnest(affected_services) s FROM incident WHERE deleted_at IS NULL) x GROUP BY s"),
                query(connection, "SELECT service, incidents FROM incident_known_service"));
        assertFalse(query(connection, "SELECT status, incidents FROM incident_tally").isEmpty(), "the restored incidents are counted");
    }

    private static Map<String, Long> query(Connection connection, String sql) throws Exception {
        Map<String, Long> rows = new java.util.TreeMap<>();
        try (Statement statement = connection.createStatement(); java.sql.ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }
}
