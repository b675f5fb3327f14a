package io.hindsight.similar;

import io.hindsight.PortalClient;
import io.hindsight.actionitem.ActionItems;
import io.hindsight.checklist.Checklists;
import io.hindsight.demo.DemoData;
import io.hindsight.incident.Incident;
import io.hindsight.incident.Incidents;
import io.hindsight.system.Installation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.hindsight.similar.SimilarFixtures.T0;
import static io.hindsight.similar.SimilarFixtures.actionItemDone;
import static io.hindsight.similar.SimilarFixtures.checklistItemDone;
import static io.hindsight.similar.SimilarFixtures.ids;
import static io.hindsight.similar.SimilarFixtures.incident;
import static io.hindsight.similar.SimilarFixtures.recurredAs;
import static io.hindsight.similar.SimilarFixtures.similar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "This happened before" and "did the fix work?" with hand-made incidents ({@link SimilarFixtures}), each panel
 * computed on every view (the cache is off in tests), so what a test writes shows at once.
 */
@QuarkusTest
class SimilarIncidentsTest {

    static final String EMPTY_SITE = "Production site showed no content after a config change pointed it at a new, empty database";

    @Inject
    DemoData demo;

    @Inject
    Recurrences recurrences;

    @Test
    void ranksTheClosestIncidentFirstAndSaysWhyInWords() {
        String u = Incidents.shortId();
        String service = "billing-" + u;
        long subject = incident("Billing connection string pointed at the retired vault",
                "The connection string of the billing workers named the retired vault after the secret rotation.",
                T0, List.of(service), List.of("secrets-" + u));
        long closest = incident("Connection string of billing pointed at the old vault again",
                "After the rotation the billing connection string still named the old vault.",
                T0.plus(Duration.ofDays(20)), List.of(service), List.of("secrets-" + u));
        long sameTagOnly = incident("Vault rotation reminder email went to a former colleague",
                "The reminder for the rotation of the vault secrets went to someone who had left.",
                T0.plus(Duration.ofDays(30)), List.of("mail-" + u), List.of("secrets-" + u));
        long unrelated = incident("Printer on the third floor out of toner",
                "The office printer ran out of toner during the quarterly report.",
                T0.plus(Duration.ofDays(31)), List.of("printers-" + u), List.of("office-" + u));

        JsonPath found = similar(subject, 20);
        List<Long> ids = ids(found);
        assertEquals(closest, ids.get(0), () -> "the incident sharing service, tag and phrase comes first: " + found.prettify());
        assertFalse(ids.contains(unrelated), "an incident with nothing in common is not shown");
        if (ids.contains(sameTagOnly)) {
            assertTrue(ids.indexOf(sameTagOnly) > 0, "sharing a tag and a word ranks below sharing everything");
        }
        String why = found.getString("items[0].why");
        assertTrue(why.contains("same service `" + service + "`"), why);
        assertTrue(why.contains("both tagged `secrets-" + u + "`"), why);
        assertTrue(why.contains("“connection string”"), "the phrase both use is named as one: " + why);
        assertEquals(List.of(service), found.getList("items[0].shared_services"));

        String page = PortalClient.browser().get("/incidents/" + subject).asString();
        assertTrue(page.contains("This happened before"), page);
        assertTrue(page.contains("href=\"/incidents/" + closest + "\""), "the panel links the similar incident");
        assertTrue(page.contains("same service <code>" + service + "</code>"), "the panel says why in words");
        assertTrue(page.contains("<em>connection string</em>"), "the panel names the shared phrase");
        assertFalse(page.contains("href=\"/incidents/" + unrelated + "\""), "the unrelated incident is not on the page");
    }

    @Test
    void aSharedServiceAloneIsBelowTheThreshold() {
        String u = Incidents.shortId();
        String service = "ledger-" + u;
        long subject = incident("Ledger totals off by one cent after rounding change",
                "Rounding of ledger totals changed and sums were off by a cent.", T0, List.of(service), List.of());
        long sameServiceOnly = incident("Slow login page for the admin console",
                "Signing in to the admin console took twenty seconds.", T0.plus(Duration.ofDays(3)), List.of(service), List.of());
        assertFalse(ids(similar(subject, 20)).contains(sameServiceOnly),
                "one shared service and nothing else is not enough to call two incidents similar");
    }

    @Test
    void incidentsInTheTrashNeverAppear() {
        String u = Incidents.shortId();
        String service = "queue-" + u;
        long subject = incident("Message queue backlog after consumer deploy", "Consumers stopped acking and the queue backlog grew.",
                T0, List.of(service), List.of("queue-" + u));
        long twin = incident("Message queue backlog after consumer deploy again", "Consumers stopped acking; the queue backlog grew.",
                T0.plus(Duration.ofDays(5)), List.of(service), List.of("queue-" + u));
        assertTrue(ids(similar(subject, 20)).contains(twin), "the twin is found while it exists");

        PortalClient.api().delete(Incidents.API + "/" + twin).then().statusCode(204);

        assertFalse(ids(similar(subject, 20)).contains(twin), "a trashed incident is never similar");
        assertFalse(PortalClient.browser().get("/incidents/" + subject).asString().contains("href=\"/incidents/" + twin + "\""));
    }

    @Test
    void theWrongDatabaseDemoFindsTheStagingDatabaseIncidentButNotTheDnsOutage() {
        QuarkusTransaction.requiringNew().run(() -> Installation.update("demoLoadedAt = null"));
        demo.loadOnce(true);
        long demoId = QuarkusTransaction.requiringNew().call(() -> Incident.<Incident>find("title = ?1 ORDER BY id DESC", EMPTY_SITE)
                .firstResult().id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        long staging = incident("App pointed at the staging database after a deploy",
                "After the afternoon deploy the app's configuration pointed at the staging database instead of the production one; "
                        + "people saw test data until the connection string was put back.",
                now.minus(Duration.ofHours(2)), List.of("web-app"), List.of("database", "configuration"));
        long dns = incident("DNS outage after the registrar renewal lapsed",
                "Our domain stopped resolving for 40 minutes when the registrar renewal lapsed; nobody could reach the site or the API.",
                now.minus(Duration.ofHours(1)), List.of("dns"), List.of("dns", "networking"));

        List<Long> ofDemo = ids(similar(demoId, 20));
        assertTrue(ofDemo.contains(staging), "the demo incident finds the staging-database incident: " + ofDemo);
        assertFalse(ofDemo.contains(dns), "and not the DNS outage");
        assertTrue(ids(similar(staging, 20)).contains(demoId), "the staging-database incident finds the demo incident");
        assertFalse(ids(similar(dns, 20)).contains(demoId), "the DNS outage does not find the demo incident");
    }

    @Test
    void aFixFollowedByASimilarIncidentIsARecurrenceAndOneBeforeItIsNot() {
        SimilarFixtures.RestoreFailure fixture = SimilarFixtures.restoreFailure("orders", 12);
        long fixed = fixture.fixed();
        long after = fixture.after();
        long item = fixture.fix();
        String fixTitle = fixture.fixTitle();
        Instant done = fixture.done();
        String service = fixture.service();
        long before = incident("Restore of the orders database backup failed during a drill",
                "The orders database backup could not be restored in the drill.", T0.plus(Duration.ofDays(2)),
                List.of(service), List.of(fixture.tag()));
        fixture.fixDone();

        PortalClient editor = PortalClient.browser();
        JsonPath ofFixed = similar(fixed, 5);
        assertEquals(List.of(after), ofFixed.getList("recurred_as.recurred_incident_id", Long.class),
                () -> "only the incident after the fix was done is its recurrence: " + ofFixed.prettify());
        assertEquals("action_item", ofFixed.getString("recurred_as[0].fix_kind"));
        assertEquals(fixTitle, ofFixed.getString("recurred_as[0].fix_title"));
        assertEquals(12, ofFixed.getInt("recurred_as[0].days_after"));

        JsonPath ofAfter = similar(after, 5);
        assertTrue(ofAfter.getList("recurrence_of.fixed_incident_id", Long.class).contains(fixed), ofAfter::prettify);
        assertFalse(similar(before, 5).getList("recurrence_of.fixed_incident_id", Long.class).contains(fixed),
                "an incident that started before the fix was done is no recurrence of it");

        String fixedPage = editor.get("/incidents/" + fixed).asString();
        assertTrue(fixedPage.contains("Recurred as <a href=\"/incidents/" + after + "\""), fixedPage);
        assertTrue(fixedPage.contains("12 days after <em>" + fixTitle + "</em> was done"), fixedPage);
        String afterPage = editor.get("/incidents/" + after).asString();
        assertTrue(afterPage.contains("Recurrence of <a href=\"/incidents/" + fixed + "\""), afterPage);

        String list = editor.get("/action-items?status=all&incident=" + fixed).asString();
        assertTrue(list.contains("Recurred 12 days after it was done: <a href=\"/incidents/" + after + "\""), list);
        String tab = editor.get(ActionItems.tab(fixed)).asString();
        assertTrue(tab.contains("Recurred 12 days after it was done"), tab);

        List<Recurrence> forInsights = QuarkusTransaction.requiringNew().call(() ->
                recurrences.recurrencesAfterFixes(T0, Instant.now(), service, 100));
        assertEquals(1, forInsights.size(), forInsights::toString);
        assertEquals(item, forInsights.get(0).fix().id());
        assertEquals(done, forInsights.get(0).doneAt());
        assertEquals(after, forInsights.get(0).recurredIncidentId());
        assertEquals(12, forInsights.get(0).daysAfter());
    }

    @Test
    void aRecurrenceIsFoundThroughAnyOfTheServicesTheIncidentsShare() {
        String u = Incidents.shortId();
        String gateway = "gateway-" + u;
        String ledger = "ledger-" + u;
        long fixed = incident("Ledger writes timed out behind the gateway", "Ledger writes timed out after a gateway deploy.", T0,
                List.of(gateway, ledger), List.of("timeouts-" + u));
        long item = ActionItems.added(PortalClient.browser(), fixed, ActionItems.draft().set("title", "Add a write timeout alert " + u));
        Instant done = T0.plus(Duration.ofDays(3));
        actionItemDone(item, done);
        // Later incidents of the first service that are nothing alike, then the same failure again in the second only.
        for (int i = 0; i < 3; i++) {
            incident("Certificate renewed by hand " + i, "A certificate was renewed by hand.", done.plus(Duration.ofDays(1 + i)),
                    List.of(gateway), List.of("certificates-" + u));
        }
        long again = incident("Ledger writes timed out once more", "Ledger writes timed out again after a deploy.",
                done.plus(Duration.ofDays(20)), List.of(ledger), List.of("timeouts-" + u));

        JsonPath ofFixed = similar(fixed, 5);
        assertEquals(List.of(again), recurredAs(ofFixed), ofFixed::prettify);
        assertEquals(20, ofFixed.getInt("recurred_as[0].days_after"));
        JsonPath ofAgain = similar(again, 5);
        assertEquals(List.of(fixed), ofAgain.getList("recurrence_of.fixed_incident_id", Long.class), ofAgain::prettify);
    }

    @Test
    void aTickedChecklistItemFollowedByASimilarIncidentIsARecurrence() {
        String u = Incidents.shortId();
        String service = "cms-" + u;
        long fixed = incident("CMS pointed at an empty look-alike database",
                "A configuration change pointed the CMS at an empty database with a look-alike name.", T0,
                List.of(service), List.of("look-alike-" + u));
        PortalClient editor = PortalClient.browser();
        Checklists.attached(editor, fixed, Checklists.GENERAL);
        long ticked = Checklists.items(fixed, Checklists.GENERAL).get(0).id;
        Instant done = T0.plus(Duration.ofDays(1));
        checklistItemDone(ticked, done);
        long notYet = Checklists.items(fixed, Checklists.GENERAL).get(1).id;
        long after = incident("CMS pointed at the look-alike database once more",
                "Once more a configuration change pointed the CMS at the empty look-alike database.",
                done.plus(Duration.ofDays(30)), List.of(service), List.of("look-alike-" + u));

        JsonPath ofFixed = similar(fixed, 5);
        assertEquals(List.of("checklist_item"), ofFixed.getList("recurred_as.fix_kind"), ofFixed::prettify);
        assertEquals(ticked, ofFixed.getLong("recurred_as[0].fix_id"));
        assertEquals(after, ofFixed.getLong("recurred_as[0].recurred_incident_id"));
        assertEquals(30, ofFixed.getInt("recurred_as[0].days_after"));
        assertFalse(ofFixed.getList("recurred_as.fix_id", Long.class).contains(notYet), "an open item has no recurrence");

        assertTrue(editor.get("/incidents/" + fixed).asString().contains("30 days after <em>"));
    }

    @Test
    void theNewIncidentFormSuggestsSimilarIncidentsWithoutJavaScriptAndKeepsEveryValue() {
        String u = Incidents.shortId();
        String service = "gateway-" + u;
        long known = incident("API gateway rejected every request after certificate rotation",
                "The API gateway rejected every request after the certificate rotation left an expired chain.",
                T0, List.of(service), List.of("tls-" + u));

        PortalClient editor = PortalClient.browser();
        PortalClient.FormPage form = editor.open("/incidents/new");
        assertTrue(form.html().contains("formaction=\"/incidents/new/similar\""), "the form offers the check");
        Map<String, String> typed = new java.util.LinkedHashMap<>(Incidents.draftForm().fields());
        typed.put("title", "Gateway rejected requests after the certificate rotation");
        typed.put("summary", "Every request failed at the gateway.");
        typed.put("affectedServices", service);
        typed.put("tags", "tls-" + u);
        typed.put("severity", "");
        Response checked = form.submit("/incidents/new/similar", typed);

        assertEquals(200, checked.statusCode(), checked::asString);
        String html = checked.asString();
        assertTrue(html.contains("href=\"/incidents/" + known + "\""), "the similar incident is suggested: " + html);
        assertTrue(html.contains("same service <code>" + service + "</code>"), html);
        assertTrue(html.contains("value=\"Gateway rejected requests after the certificate rotation\""), "the title is kept");
        assertTrue(html.contains("Every request failed at the gateway."), "the summary is kept");
        assertTrue(html.contains("value=\"" + service + "\""), "the services are kept");
        assertTrue(html.contains("value=\"" + typed.get("startedAt") + "\""), "the start is kept");
        assertTrue(html.contains("value=\"" + typed.get("customerImpact") + "\"") || html.contains(typed.get("customerImpact")),
                "the customer impact is kept");
        assertEquals(0, Incidents.countTagged("tls-" + u) - 1, "checking saved nothing: only the known incident has the tag");
    }
}
