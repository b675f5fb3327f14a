package io.hindsight.lesson;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.checklist.Checklists;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static io.hindsight.lesson.PublishedLessons.card;
import static io.hindsight.lesson.PublishedLessons.learn;
import static io.hindsight.lesson.PublishedLessons.publish;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lessons library as a person browses it: published postmortems only, lessons first, and the
 * filters by tag, service, checklist and contributing factor. The database is shared by the whole
 * run, so each test finds its own lessons by a tag, service or factor no other test uses.
 */
@QuarkusTest
class LessonsPageTest {

    @Test
    void aLessonShowsItsLessonsTheFactorsTickedAndItsTags() {
        Incidents.IncidentJson incident = Incidents.draftJson();
        String factor = "Alert gap " + Incidents.shortId();
        long id = publish(incident, learn("Lock waits deserve an alert of their own", factor));

        String lesson = card(library("?tag=" + incident.tag()), id);

        assertNotNull(lesson, "the published postmortem is in the library");
        assertAll(
                () -> assertTrue(lesson.contains(incident.title()), lesson),
                () -> assertTrue(lesson.contains("Lock waits deserve an alert of their own"), "the Lessons subsection first"),
                () -> assertFalse(lesson.contains("The rollback took two minutes"), "only the Lessons subsection"),
                () -> assertTrue(lesson.contains("href=\"/lessons?factor=" + encode(factor) + "\">" + factor + "</a>"), lesson),
                () -> assertFalse(lesson.contains("A factor nobody ticked"), "only ticked factors"),
                () -> assertTrue(lesson.contains(incident.tag()), "its tags"));
    }

    @Test
    void withoutALessonsHeadingTheSummaryStandsIn() {
        Incidents.IncidentJson incident = Incidents.draftJson();
        long id = publish(incident, "We learned a lot, but wrote no heading.");

        String lesson = card(library("?tag=" + incident.tag()), id);

        assertNotNull(lesson);
        assertTrue(lesson.contains("Checkout was slow for <strong>40 minutes</strong> after a deploy."), lesson);
    }

    @Test
    void onlyPublishedPostmortemsAreInTheLibrary() {
        Incidents.IncidentJson incident = Incidents.draftJson();
        long id = PublishedLessons.draft(incident, learn("Not shared yet"));

        String page = library("?tag=" + incident.tag());

        assertNull(card(page, id));
        assertTrue(page.contains("No published lessons match these filters"), page);
    }

    @Test
    void theTagFilterShowsOnlyLessonsWithThatTagInAnyCase() {
        Incidents.IncidentJson tagged = Incidents.draftJson();
        long wanted = publish(tagged, learn("Tagged lesson"));
        long other = publish(Incidents.draftJson(), learn("Another lesson"));

        String page = library("?tag=" + tagged.tag().toUpperCase(Locale.ROOT));

        assertNotNull(card(page, wanted));
        assertNull(card(page, other));
        assertTrue(page.contains("<input id=\"l-tag\" name=\"tag\" value=\"" + tagged.tag().toUpperCase(Locale.ROOT) + "\">"),
                "the filter keeps what was typed");
    }

    @Test
    void theServiceFilterShowsOnlyLessonsOfThatService() {
        String service = "ledger-" + Incidents.shortId();
        Incidents.IncidentJson ofService = Incidents.draftJson().services("checkout", service);
        long wanted = publish(ofService, learn("Ledger lesson"));
        long other = publish(Incidents.draftJson().tags(ofService.tag()), learn("Checkout-only lesson"));

        String page = library("?service=" + service);
        String bothTagged = library("?tag=" + ofService.tag());

        assertNotNull(card(page, wanted));
        assertNull(card(page, other));
        assertNotNull(card(bothTagged, other), "the other lesson exists, it is just not of that service");
    }

    @Test
    void theChecklistFilterShowsOnlyLessonsWithThatChecklistAttached() {
        Incidents.IncidentJson withChecklist = Incidents.draftJson();
        long wanted = publish(withChecklist, learn("Restore drills matter"));
        long other = publish(Incidents.draftJson().tags(withChecklist.tag()), learn("No checklist here"));
        Checklists.attached(PortalClient.browser(), wanted, Checklists.BACKUPS);

        String page = library("?tag=" + withChecklist.tag() + "&checklist=" + Checklists.BACKUPS);

        String lesson = card(page, wanted);
        assertNotNull(lesson);
        assertTrue(lesson.contains("<strong>Checklists:</strong> Backups and restore drills"), lesson);
        assertNull(card(page, other));
        assertTrue(page.contains("<option value=\"" + Checklists.BACKUPS + "\" selected>"), "the choice stays selected");
    }

    @Test
    void theFactorFilterShowsOnlyLessonsWithThatFactorTickedInAnyCase() {
        String id = Incidents.shortId();
        String alertGap = "Alert gap " + id;
        String untestedRollback = "Untested rollback " + id;
        Incidents.IncidentJson first = Incidents.draftJson();
        long wanted = publish(first, learn("Alert on lock waits", alertGap, untestedRollback));
        long other = publish(Incidents.draftJson().tags(first.tag()), learn("Rehearse rollbacks", untestedRollback));

        String page = library("?factor=" + alertGap.toLowerCase(Locale.ROOT));
        String both = library("?tag=" + first.tag());

        assertNotNull(card(page, wanted));
        assertNull(card(page, other));
        assertNotNull(card(both, other));
        assertTrue(both.contains("<option value=\"" + alertGap + "\">"), "the factors of the lessons shown are offered");
        assertTrue(both.contains("<option value=\"" + untestedRollback + "\">"));
        assertEquals(1, both.split("<option value=\"" + untestedRollback + "\"", -1).length - 1, "each factor once");
    }

    @Test
    void filtersCombine() {
        String service = "ledger-" + Incidents.shortId();
        Incidents.IncidentJson incident = Incidents.draftJson().services(service);
        long wanted = publish(incident, learn("Combined lesson"));

        assertNotNull(card(library("?tag=" + incident.tag() + "&service=" + service), wanted));
        assertNull(card(library("?tag=" + incident.tag() + "&service=checkout"), wanted));
    }

    /** The library page as a viewer sees it; the client encodes the query as a browser would. */
    private static String library(String query) {
        return PortalClient.browserAs(Role.VIEWER).get("/lessons" + query).then().statusCode(200).extract().asString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
