package io.hindsight.home;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Incidents.IncidentJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard once there are incidents. (The welcome page of an empty installation cannot be
 * asserted here: the database is shared by all test classes.)
 */
@QuarkusTest
class DashboardTest {

    @Test
    void openIncidentsAreListedAndClosedOnesAreNot() {
        IncidentJson open = draftJson().status("INVESTIGATING").severity("SEV1");
        IncidentJson closed = draftJson().status("RESOLVED");
        long openId = open.create();
        closed.create();

        Response page = PortalClient.browser().get("/");

        assertEquals(200, page.statusCode());
        String html = page.asString();
        String openSection = section(html, "Open incidents");
        assertTrue(openSection.contains("<a href=\"/incidents/" + openId + "\">" + open.title() + "</a>"), openSection);
        assertFalse(openSection.contains(closed.title()));
        assertFalse(html.contains("Welcome to Hindsight"), "the welcome is only for an empty installation");
    }

    @Test
    void postmortemsInReviewLinkToThePostmortem() {
        IncidentJson inReview = draftJson().status("RESOLVED");
        long id = inReview.create();
        Incidents.movedByReview(id, IncidentStatus.IN_REVIEW);

        String reviewSection = section(PortalClient.browser().get("/").asString(), "Postmortems in review");

        assertTrue(reviewSection.contains("<a href=\"/incidents/" + id + "/postmortem\">" + inReview.title() + "</a>"),
                reviewSection);
    }

    @Test
    void everyPageSaysWhichEnvironmentItIsOnAndAdminsSeeTheDatabase() {
        String admin = PortalClient.browserAs(Role.ADMIN).get("/").asString();
        String editor = PortalClient.browser().get("/").asString();

        assertTrue(editor.contains("<span class=\"env-badge env-other\" title=\"Environment: test\">test</span>"));
        assertTrue(admin.matches("(?s).*Database: localhost:\\d+/hindsight.*"), "admins see which database the portal uses");
        assertFalse(editor.contains("Database: "), "only admins see connection details");
    }

    /** The card whose heading is {@code heading}. */
    private static String section(String html, String heading) {
        int start = html.indexOf("<h2>" + heading + "</h2>");
        assertTrue(start >= 0, "no section " + heading);
        int end = html.indexOf("</section>", start);
        return html.substring(start, end);
    }
}
