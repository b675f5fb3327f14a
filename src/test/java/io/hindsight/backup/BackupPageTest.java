package io.hindsight.backup;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.checklist.ChecklistService;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admin → Backup and the admin API: the archive streams out; a drill verifies, reports, leaves nothing behind and becomes evidence. */
@QuarkusTest
class BackupPageTest {

    private static final Pattern PAT = Pattern.compile("<code class=\"token-value\">(hs_pat_[A-Za-z0-9_-]+)</code>");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ChecklistService checklists;

    @Test
    void anAdminDownloadsTheWholeDatabaseAsOneStreamedArchive() throws Exception {
        execute("INSERT INTO audit_event (occurred_at, action, detail) SELECT now(), 'test.bulk', repeat('x', 200) FROM generate_series(1, 3000)");
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        var page = admin.open("/admin/backup");
        assertTrue(page.html().contains("Download a backup"), page.html());
        assertTrue(page.html().contains("href=\"/admin/backup\" aria-current=\"page\""), "the admin nav shows Backup");

        Response download = page.submit("/admin/backup/download", Map.of());

        assertEquals(200, download.statusCode(), download.asString());
        assertEquals("application/zip", download.contentType());
        assertNull(download.header("Content-Length"), "streamed, not buffered whole");
        assertTrue(download.header("Content-Disposition").matches("attachment; filename=\"hindsight-backup-[a-z0-9-]+-\\d{8}T\\d{6}Z\\.zip\""),
                download.header("Content-Disposition"));
        Map<String, String> entries = unzip(download.asByteArray());
        assertTrue(entries.containsKey("manifest.json"));
        assertTrue(entries.containsKey("data/incident.jsonl") && entries.containsKey("data/app_user.jsonl"), entries.keySet().toString());
        long auditLines = entries.get("data/audit_event.jsonl").lines().count();
        assertTrue(auditLines >= 3000, "rows: " + auditLines);
        assertTrue(entries.get("manifest.json").contains("\"name\" : \"audit_event\",\n    \"rows\" : " + auditLines), entries.get("manifest.json"));
        assertTrue(latestAuditDetail("backup.created").contains("tables="), "backup.created is on record");
    }

    @Test
    void onlyAdminsAndAdminTokensGetABackup() {
        PortalClient.browserAs(Role.EDITOR).get("/admin/backup").then().statusCode(403);
        RestAssured.given().get("/api/v1/admin/backup").then().statusCode(401);
        PortalClient.apiAs(Role.EDITOR).get("/api/v1/admin/backup").then().statusCode(403);

        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String created = admin.open("/account/tokens").submit("/account/tokens",
                Map.of("name", "nightly backup", "scope", "WRITE", "days", "30")).asString();
        Matcher pat = PAT.matcher(created);
        assertTrue(pat.find(), created);

        Response archive = RestAssured.given().header("Authorization", "Bearer " + pat.group(1)).get("/api/v1/admin/backup");

        assertEquals(200, archive.statusCode(), archive.asString());
        assertEquals("application/zip", archive.contentType());
        assertTrue(archive.header("Content-Disposition").startsWith("attachment; filename=\"hindsight-backup-"));
        assertTrue(unzip(archive.asByteArray()).containsKey("manifest.json"));
    }

    @Test
    void aDrillOfAFreshBackupPassesReportsEveryTableAndLeavesNoSchemaBehind() throws Exception {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        var page = admin.open("/admin/backup");

        Response ran = admin.request().multiPart("csrf-token", page.csrfToken()).post("/admin/backup/drill");

        assertEquals(303, ran.statusCode(), ran.asString());
        String report = admin.follow(ran).asString();
        assertTrue(report.contains("<strong>Passed.</strong>"), report);
        assertTrue(report.contains("id=\"table-incident\"") && report.contains("id=\"table-audit_event\""), report);
        assertEquals(0, scratchSchemas(), "the scratch schema is dropped");
        assertTrue(latestAuditDetail("backup.drill").contains("\"ok\":true"));
        assertTrue(admin.get("/admin/backup").asString().contains("Passed"));
    }

    @Test
    void aDrillOfADamagedArchiveFailsClearlyAndLeavesNoSchemaBehind() throws Exception {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        var page = admin.open("/admin/backup");
        Path good = Files.createTempFile("good-", ".zip");
        Files.write(good, page.submit("/admin/backup/download", Map.of()).asByteArray());
        Path damaged = RestoreTest.rewritten(good, "data/incident.jsonl", text -> text.replaceFirst("\"title\": \"", "\"title\": \"X"));

        Response ran = admin.request().multiPart("csrf-token", admin.open("/admin/backup").csrfToken())
                .multiPart("archive", damaged.toFile(), "application/zip").post("/admin/backup/drill");

        assertEquals(303, ran.statusCode(), ran.asString());
        String report = admin.follow(ran).asString();
        assertTrue(report.contains("<strong>Failed.</strong>"), report);
        assertTrue(report.contains("data/incident.jsonl does not match the manifest"), report);
        assertTrue(!report.contains("Attach as evidence"), "a failed drill is no evidence");
        assertEquals(0, scratchSchemas());
        Files.deleteIfExists(good);
        Files.deleteIfExists(damaged);
    }

    @Test
    void aPassedDrillTicksTheBackupsAndRestoreDrillsChecklistItemWithItsEvidence() throws Exception {
        long incident = Incidents.draftJson().title("No backup, wrong database").create();
        long adminId = TestAccounts.of(Role.ADMIN).id();
        QuarkusTransaction.requiringNew().run(() -> checklists.attach(adminId, incident, BackupService.DRILL_CHECKLIST));
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String reportPath = PortalClient.location(admin.request().multiPart("csrf-token", admin.open("/admin/backup").csrfToken())
                .post("/admin/backup/drill"));
        var report = admin.open(reportPath);
        Matcher option = Pattern.compile("<option value=\"(" + incident + ":\\d+)\">#" + incident
                + " [^<]*A restore was actually tested").matcher(report.html());
        assertTrue(option.find(), report.html());

        Response attached = report.submit(reportPath + "/evidence", Map.of("item", option.group(1)));

        assertEquals(303, attached.statusCode(), attached.asString());
        assertEquals("/incidents/" + incident + "/checklists", PortalClient.location(attached));
        long itemId = Long.parseLong(option.group(1).split(":")[1]);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT state, note FROM incident_checklist_item WHERE id = " + itemId)) {
            rs.next();
            assertEquals("DONE", rs.getString(1));
            assertTrue(rs.getString(2).startsWith("Restore drill passed: "), rs.getString(2));
            assertTrue(rs.getString(2).contains("https://hindsight.test.example" + reportPath), rs.getString(2));
        }
    }

    private long scratchSchemas() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'hindsight\\_drill\\_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String latestAuditDetail(String action) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT detail FROM audit_event WHERE action = '" + action + "' ORDER BY id DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Map<String, String> unzip(byte[] zip) {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return entries;
    }
}
