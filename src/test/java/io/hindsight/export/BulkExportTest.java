package io.hindsight.export;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bulk export: a zip with an index and one report per matching incident. Four incidents
 * carry this class's own tag and sit on the edges of a date range: published on 31 January just
 * before midnight, a draft at midnight on 1 February, none on 10 March just before midnight, none
 * at midnight on 11 March (all UTC).
 */
@QuarkusTest
class BulkExportTest {

    private static final Pattern INDEX_ROW = Pattern.compile("(?m)^\\| (\\d+) \\| .* \\| \\[([^]]+)]\\(([^)]+)\\) \\|$");

    private static String tag;
    private static long published;
    private static long draft;
    private static long noPostmortem;
    private static long nextDay;

    /** Once per class, but in a {@code BeforeEach}: RestAssured knows the test port only from then on. */
    @BeforeEach
    void fourIncidentsAroundADateRange() {
        if (tag != null) {
            return;
        }
        tag = Incidents.uniqueTag();
        published = incident("2025-01-31T23:59:00Z");
        draft = incident("2025-02-01T00:00:00Z");
        noPostmortem = incident("2025-03-10T23:59:00Z");
        nextDay = incident("2025-03-11T00:00:00Z");
        Postmortems.put(published, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        Postmortems.put(draft, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        Postmortems.recordPublished(published, Instant.parse("2025-02-14T10:00:00Z"));
    }

    @Test
    void byDefaultOnlyPublishedPostmortemsAreExportedWithAnIndex() throws IOException {
        Response response = download(Map.of("tag", tag));

        assertEquals(200, response.statusCode());
        assertEquals("application/zip", response.contentType());
        assertEquals("attachment; filename=\"hindsight-postmortems.zip\"", response.header("Content-Disposition"));
        Map<String, String> zip = entries(response.asByteArray());
        assertEquals(List.of("README.md", fileOf(published)), List.copyOf(zip.keySet()));
        assertIndexLinksEveryFile(zip, List.of(published));
        assertTrue(zip.get("README.md").contains("incidents with a published postmortem, tagged " + tag));
    }

    @Test
    void eachReportInTheZipIsTheSameAsItsSingleDownload() throws IOException {
        Map<String, String> zip = entries(download(Map.of("tag", tag, "published", "false")).asByteArray());
        String single = PortalClient.apiAs(Role.VIEWER).accept("text/markdown").get("/api/v1/incidents/" + draft + "/export.md")
                .asString();

        assertEquals(single, zip.get(fileOf(draft)));
    }

    @Test
    void allIncidentsWhenPublishedIsFalseInIdOrder() throws IOException {
        Map<String, String> zip = entries(download(Map.of("tag", tag, "published", "false")).asByteArray());

        assertEquals(List.of("README.md", fileOf(published), fileOf(draft), fileOf(noPostmortem), fileOf(nextDay)),
                List.copyOf(zip.keySet()));
        assertIndexLinksEveryFile(zip, List.of(published, draft, noPostmortem, nextDay));
    }

    @Test
    void theDateRangeCoversWholeUtcDaysAtBothEnds() throws IOException {
        Map<String, String> zip = entries(download(Map.of("tag", tag, "published", "false", "from", "2025-02-01",
                "to", "2025-03-10")).asByteArray());

        assertEquals(List.of("README.md", fileOf(draft), fileOf(noPostmortem)), List.copyOf(zip.keySet()));
        assertTrue(zip.get("README.md").contains("started 2025-02-01 to 2025-03-10 (UTC)"));
    }

    @Test
    void anExportWithNothingInItSaysSo() throws IOException {
        Map<String, String> zip = entries(download(Map.of("tag", tag, "to", "2024-12-31")).asByteArray());

        assertEquals(List.of("README.md"), List.copyOf(zip.keySet()));
        assertTrue(zip.get("README.md").contains("_No incidents match._"));
    }

    @Test
    void theSameDataGivesTheSameZip() {
        Map<String, String> filter = Map.of("tag", tag, "published", "false");
        assertArrayEquals(download(filter).asByteArray(), download(filter).asByteArray());
    }

    @Test
    void aMistypedFilterIsRefusedRatherThanWidened() {
        assertRefused(Map.of("from", "2025-02-30"), "from is a date like 2026-03-14 (year-month-day).");
        assertRefused(Map.of("to", "March"), "to is a date like 2026-03-14 (year-month-day).");
        assertRefused(Map.of("published", "maybe"), "published is true or false.");
        assertRefused(Map.of("from", "2025-03-01", "to", "2025-02-01"), "The end of the range comes before its start.");
    }

    private static void assertRefused(Map<String, String> query, String message) {
        Response response = PortalClient.browserAs(Role.VIEWER).request().accept(ExportEndpointsTest.BROWSER_ACCEPT)
                .queryParams(query).get("/export/postmortems.zip");
        assertEquals(400, response.statusCode(), () -> query.toString());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        assertTrue(response.asString().contains(message), () -> query + " should say " + message);
    }

    @Test
    void nobodySignedOutGetsTheZip() {
        Response response = PortalClient.anonymous().request().get("/export/postmortems.zip");

        assertEquals(303, response.statusCode());
        assertTrue(PortalClient.location(response).startsWith("/login?next="));
    }

    @Test
    void theLessonsLibraryOffersTheZipForItsTag() {
        String lessons = PortalClient.browserAs(Role.VIEWER).get("/lessons?tag=" + tag).asString();

        assertTrue(lessons.contains("href=\"/export/postmortems.zip?tag=" + tag + "\" download>"), lessons);
    }

    private static Response download(Map<String, String> query) {
        return PortalClient.browserAs(Role.VIEWER).request().queryParams(query).get("/export/postmortems.zip");
    }

    /** Every row of the index links a file that is in the zip, in the same order as the files. */
    private static void assertIndexLinksEveryFile(Map<String, String> zip, List<Long> ids) {
        Matcher row = INDEX_ROW.matcher(zip.get("README.md"));
        for (long id : ids) {
            assertTrue(row.find(), () -> "a row for " + id + " in " + zip.get("README.md"));
            assertEquals(String.valueOf(id), row.group(1));
            assertEquals(fileOf(id), row.group(2));
            assertEquals(fileOf(id), row.group(3));
        }
        assertTrue(!row.find(), "no other rows");
    }

    private static String fileOf(long id) {
        return ReportFileName.of(id, title(id));
    }

    private static String title(long id) {
        return Incidents.read(id).jsonPath().getString("title");
    }

    private static Map<String, String> entries(byte[] zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static long incident(String startedAt) {
        Instant started = Instant.parse(startedAt);
        return Incidents.draftJson().tags(tag).startedAt(started).detectedAt(started.plus(Duration.ofMinutes(5))).create();
    }
}
