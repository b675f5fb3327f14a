package io.hindsight.home;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.incident.Incident;
import io.hindsight.incident.Incidents;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Incidents.IncidentJson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

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

    @Test
    void openIncidentsComeMostSevereFirstThenNewestAndNotFromTheTrash() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        long olderCritical = draftJson().severity("SEV1").status("MITIGATED").startedAt(now.minusSeconds(120))
                .detectedAt(now.minusSeconds(60)).create();
        long newerCritical = draftJson().severity("SEV1").startedAt(now.minusSeconds(60)).detectedAt(now).create();
        IncidentJson trashed = draftJson().severity("SEV1").startedAt(now).detectedAt(now);
        long trashedId = trashed.create();
        trash(trashedId);

        String open = section(PortalClient.browser().get("/").asString(), "Open incidents");

        int newer = open.indexOf("/incidents/" + newerCritical + "\"");
        int older = open.indexOf("/incidents/" + olderCritical + "\"");
        assertTrue(newer >= 0 && older > newer, open);
        assertFalse(open.contains(trashed.title()), "an incident in the Trash is not open");
    }

    @Test
    void recentlyPublishedListsTheLatestPublishedFirst() {
        IncidentJson earlier = draftJson().status("RESOLVED");
        IncidentJson later = draftJson().status("RESOLVED");
        IncidentJson reviewed = draftJson().status("RESOLVED");
        long earlierId = earlier.create();
        long laterId = later.create();
        long reviewedId = reviewed.create();
        Incidents.movedByReview(earlierId, IncidentStatus.PUBLISHED);
        Incidents.movedByReview(laterId, IncidentStatus.PUBLISHED);
        Incidents.movedByReview(reviewedId, IncidentStatus.IN_REVIEW);
        QuarkusTransaction.requiringNew().run(() -> Incident.getEntityManager().createNativeQuery("""
                        UPDATE incident SET updated_at = now() - CASE id WHEN ?1 THEN interval '1 second' ELSE interval '0' END
                        WHERE id IN (?1, ?2, ?3)""")
                .setParameter(1, earlierId).setParameter(2, laterId).setParameter(3, reviewedId).executeUpdate());

        String published = section(PortalClient.browser().get("/").asString(), "Recently published lessons");

        int laterAt = published.indexOf("<a href=\"/incidents/" + laterId + "/postmortem\">" + later.title() + "</a>");
        int earlierAt = published.indexOf("<a href=\"/incidents/" + earlierId + "/postmortem\">" + earlier.title() + "</a>");
        assertTrue(laterAt >= 0 && earlierAt > laterAt, published);
        assertFalse(published.contains(reviewed.title()), "in review is not published");
        trash(earlierId);
        trash(laterId);
        trash(reviewedId);
    }

    private static void trash(long id) {
        QuarkusTransaction.requiringNew().run(() -> Incident.getEntityManager()
                .createNativeQuery("UPDATE incident SET deleted_at = now() WHERE id = ?1").setParameter(1, id).executeUpdate());
    }

    /** The card whose heading is {@code heading}. */
    private static String section(String html, String heading) {
        int start = html.indexOf("<h2>" + heading + "</h2>");
        assertTrue(start >= 0, "no section " + heading);
        int end = html.indexOf("</section>", start);
        return html.substring(start, end);
    }
}
