package io.hindsight.export;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static io.hindsight.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloading one incident's report: from the pages ("Download Markdown") and from the API, for
 * anyone who may read incidents, byte for byte what the report writer produces from the stored data.
 */
@QuarkusTest
class ExportEndpointsTest {

    /** What a browser sends when someone follows a link. */
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static long stored;
    private static String storedTitleFile;

    @BeforeAll
    static void aFullyRecordedIncidentInTheDatabase() {
        stored = QuarkusTransaction.requiringNew().call(() -> new FullIncident().persist());
        storedTitleFile = stored + "-checkout-timed-out-after-the-09-25-deploy.md";
    }

    @Test
    void aStoredIncidentExportsExactlyAsTheGoldenFile() {
        Response response = PortalClient.browserAs(Role.VIEWER).request().get(page(stored));

        assertEquals(200, response.statusCode());
        byte[] expected = Golden.read("full-incident.md").replace("id: " + FullIncident.GOLDEN_ID + "\n", "id: " + stored + "\n")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(new String(expected, StandardCharsets.UTF_8), response.asString());
        assertArrayEquals(expected, response.asByteArray());
    }

    @Test
    void thePageDownloadIsUtf8MarkdownAsAnAttachmentNamedAfterTheIncident() {
        Response response = PortalClient.browserAs(Role.VIEWER).request().accept(BROWSER_ACCEPT).get(page(stored));

        assertMarkdownAttachment(response, storedTitleFile);
    }

    @Test
    void theApiDownloadIsTheSameFileForAProgramWithAViewerToken() {
        Response api = PortalClient.apiAs(Role.VIEWER).accept("text/markdown").get(api(stored));
        Response page = PortalClient.browserAs(Role.VIEWER).request().get(page(stored));

        assertMarkdownAttachment(api, storedTitleFile);
        assertArrayEquals(page.asByteArray(), api.asByteArray());
    }

    @Test
    void exportingTwiceGivesTheSameBytes() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        assertArrayEquals(viewer.request().get(page(stored)).asByteArray(), viewer.request().get(page(stored)).asByteArray());
    }

    @Test
    void anIncidentWithoutAPostmortemExportsWithEverySectionMarkedNotWritten() {
        Incidents.IncidentJson draft = Incidents.draftJson().title("Queue \"backlog\" | 50% of jobs #late");
        long id = draft.create();
        Response response = PortalClient.browserAs(Role.VIEWER).request().get(page(id));

        assertMarkdownAttachment(response, id + "-queue-backlog-50-of-jobs-late.md");
        String report = response.asString();
        assertTrue(report.startsWith("---\nid: " + id + "\ntitle: \"Queue \\\"backlog\\\" | 50% of jobs #late\"\n"), report);
        assertTrue(report.contains("\n# Queue \"backlog\" \\| 50% of jobs \\#late\n"), report);
        assertTrue(report.contains("_No postmortem has been started for this incident yet._"));
        assertEquals(6, report.split("_Not written yet\\._", -1).length - 1, "every section but the timeline says so");
        assertTrue(report.contains("postmortem_status: null\n"));
    }

    @Test
    void anUnknownIncidentIsAFriendly404PageOrAProblemDocument() {
        Response page = PortalClient.browserAs(Role.VIEWER).request().accept(BROWSER_ACCEPT).get(page(Long.MAX_VALUE));
        assertEquals(404, page.statusCode());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.asString().contains("could not find"));

        assertProblem(PortalClient.apiAs(Role.VIEWER).accept("text/markdown, application/problem+json").get(api(Long.MAX_VALUE)), 404);
    }

    @Test
    void nobodySignedOutGetsAReport() {
        Response page = PortalClient.anonymous().request().get(page(stored));
        assertEquals(303, page.statusCode());
        assertTrue(PortalClient.location(page).startsWith("/login?next="), page.header("Location"));
        assertTrue(!page.asString().contains("Checkout"), "nothing of the report");

        Response api = PortalClient.anonymousApi().accept("text/markdown").get(api(stored));
        assertEquals(401, api.statusCode());
        assertTrue(!api.asString().contains("Checkout"), "nothing of the report");
    }

    @Test
    void theIncidentAndPostmortemPagesOfferTheDownload() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        String link = "href=\"/incidents/" + stored + "/export.md\" download>Download Markdown</a>";

        assertTrue(viewer.get("/incidents/" + stored).asString().contains(link), "on the incident overview");
        assertTrue(viewer.get("/incidents/" + stored + "/postmortem").asString().contains(link), "on the postmortem");
    }

    static void assertMarkdownAttachment(Response response, String fileName) {
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals("text/markdown;charset=utf-8", response.contentType().replace(" ", "").toLowerCase(Locale.ROOT));
        assertEquals("attachment; filename=\"" + fileName + "\"", response.header("Content-Disposition"));
    }

    private static String page(long id) {
        return "/incidents/" + id + "/export.md";
    }

    private static String api(long id) {
        return "/api/v1/incidents/" + id + "/export.md";
    }
}
