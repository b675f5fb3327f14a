package io.hindsight.trash;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItems;
import io.hindsight.audit.AuditEvent;
import io.hindsight.incident.Incident;
import io.hindsight.incident.Incidents;
import io.hindsight.notice.Notice;
import io.hindsight.postmortem.Postmortems;
import io.hindsight.share.ShareLinks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.hindsight.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Trash: deleting hides an incident everywhere, restoring brings it back, purging needs the rules. */
@QuarkusTest
class TrashTest {

    @Inject
    TrashService trash;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aDeletedIncidentIsGoneEverywhereUntilItIsRestored() throws IOException {
        String title = "Lessons about a cache stampede " + Incidents.shortId();
        Incidents.IncidentJson json = Incidents.draftJson().title(title);
        long id = published(json);
        String tag = json.tag();
        String share = ShareLinks.create(PortalClient.browser(), id);
        ActionItems.Fields item = ActionItems.draft();
        ActionItems.added(PortalClient.browser(), id, item);
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        assertVisible(viewer, id, title, tag, share);
        assertTrue(viewer.get("/action-items?incident=" + id).asString().contains(item.get("title")), "action items");

        PortalClient.apiAs(Role.ADMIN).delete(Incidents.API + "/" + id).then().statusCode(204);

        assertEquals(0, Incidents.countTagged(tag), "API list");
        assertProblem(PortalClient.api().get(Incidents.API + "/" + id), 410);
        assertFalse(viewer.get("/incidents?tag=" + tag).asString().contains(title), "incident list filtered by tag");
        assertFalse(viewer.get("/incidents?q=" + title.substring(title.length() - 12)).asString().contains(title), "search");
        assertEquals(410, viewer.get("/incidents/" + id).statusCode(), "incident page");
        assertEquals(410, viewer.get("/incidents/" + id + "/postmortem").statusCode(), "postmortem page");
        assertEquals(410, PortalClient.api().accept("text/markdown").get(Incidents.API + "/" + id + "/export.md").statusCode(),
                "single export");
        assertEquals(List.of("README.md"), List.copyOf(zip(viewer, tag).keySet()), "bulk export");
        assertFalse(viewer.get("/lessons?tag=" + tag).asString().contains(title), "lessons");
        assertFalse(feed().contains(title), "Atom feed");
        assertFalse(viewer.get("/action-items?incident=" + id).asString().contains(item.get("title")), "action items");
        Response gone = RestAssured.given().get(share);
        assertEquals(410, gone.statusCode(), "share link");
        assertTrue(gone.asString().contains("This was deleted"), gone.asString());
        assertFalse(gone.asString().contains(title), "the shared page says nothing of what was deleted");

        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String trashPage = admin.get("/trash").asString();
        Matcher row = Pattern.compile("id=\"trashed-" + id + "\".*?</tr>", Pattern.DOTALL).matcher(trashPage);
        assertTrue(row.find(), trashPage);
        assertTrue(row.group().contains(title) && row.group().contains("Restore"), row.group());

        Response restored = admin.open("/trash").submit("/trash/" + id + "/restore", Map.of());
        assertEquals(303, restored.statusCode(), restored.asString());
        assertEquals("/incidents/" + id, PortalClient.location(restored));

        assertVisible(viewer, id, title, tag, share);
        assertTrue(viewer.get("/action-items?incident=" + id).asString().contains(item.get("title")), "action items");
        assertEquals(1, audited("incident.deleted", id));
        assertEquals(1, audited("incident.restored", id));
    }

    @Test
    void editorsDeleteOnlyTheirOwnDraftsAndViewersNothing() {
        long draft = Incidents.draftJson().create();
        TestAccounts.Account other = TestAccounts.fresh(Role.EDITOR);

        Response refused = bearer(other).delete(Incidents.API + "/" + draft);
        assertProblem(refused, 403);
        assertTrue(refused.jsonPath().getString("detail").contains("Only the person who declared this incident"), refused.asString());
        assertProblem(PortalClient.apiAs(Role.VIEWER).delete(Incidents.API + "/" + draft), 403);
        Response otherPage = PortalClient.anonymous().signIn(other).get("/incidents/" + draft + "/delete");
        assertTrue(otherPage.asString().contains("Only the person who declared this incident"), otherPage.asString());
        assertFalse(otherPage.asString().contains("Yes, move it to the Trash"));

        long published = published(Incidents.draftJson());
        Response publishedRefused = PortalClient.api().delete(Incidents.API + "/" + published);
        assertProblem(publishedRefused, 403);
        assertTrue(publishedRefused.jsonPath().getString("detail").contains("postmortem is published"), publishedRefused.asString());
        Incidents.read(published);

        PortalClient editor = PortalClient.browser();
        String noticeText = "A reviewer asked for changes " + Incidents.shortId();
        QuarkusTransaction.requiringNew().run(() -> {
            Notice notice = new Notice();
            notice.userId = TestAccounts.of(Role.EDITOR).id();
            notice.incidentId = draft;
            notice.text = noticeText;
            notice.link = "/incidents/" + draft;
            notice.createdAt = Instant.now();
            notice.persist();
        });
        assertTrue(editor.get("/notices").asString().contains(noticeText));
        assertTrue(editor.get("/incidents/" + draft).asString().contains("/incidents/" + draft + "/delete"), "a Delete button");
        assertTrue(editor.get("/incidents").asString().contains("href=\"/trash\""), "the list links the Trash");
        assertEquals(403, PortalClient.browserAs(Role.VIEWER).get("/trash").statusCode(), "viewers have no Trash");
        Response deleted = editor.open("/incidents/" + draft + "/delete").submit("/incidents/" + draft + "/delete", Map.of());
        assertEquals(303, deleted.statusCode(), deleted.asString());
        assertProblem(PortalClient.api().get(Incidents.API + "/" + draft), 410);
        assertFalse(editor.get("/notices").asString().contains(noticeText), "notices about it are hidden with it");
        String trashPage = editor.get("/trash").asString();
        assertTrue(trashPage.contains("action=\"/trash/" + draft + "/restore\""), "the editor may restore their own");
        assertFalse(trashPage.contains("/trash/" + draft + "/purge"), "but not purge it");
        assertEquals(403, editor.get("/trash/" + draft + "/purge").statusCode());
        assertProblem(PortalClient.api().delete(Incidents.API + "/" + draft), 410);
    }

    @Test
    void purgingNeedsTheExactTitleAndTheRetentionPeriodOrBothConfirmations() {
        String title = "Queue consumer stuck " + Incidents.shortId();
        long id = Incidents.draftJson().title(title).create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        PortalClient.apiAs(Role.ADMIN).delete(Incidents.API + "/" + id).then().statusCode(204);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String purge = "/trash/" + id + "/purge";

        Response wrongTitle = admin.open(purge).submit(purge, Map.of("title", title.toLowerCase(), "force", "yes"));
        assertEquals(400, wrongTitle.statusCode());
        assertTrue(wrongTitle.asString().contains("Type the incident&#39;s title exactly") || wrongTitle.asString().contains("Type the incident's title exactly"),
                wrongTitle.asString());
        Response tooEarly = admin.open(purge).submit(purge, Map.of("title", title));
        assertEquals(400, tooEarly.statusCode());
        assertTrue(tooEarly.asString().contains("retention period has not passed yet"), tooEarly.asString());
        assertEquals(1, rows("incident", id), "nothing purged yet");
        assertEquals(1, rows("postmortem", id));

        Response forced = admin.open(purge).submit(purge, Map.of("title", title, "force", "yes"));
        assertEquals(303, forced.statusCode(), forced.asString());
        assertEquals(0, rows("incident", id));
        assertEquals(0, rows("postmortem", id), "what hangs off the incident goes with it");
        assertEquals(1, audited("incident.purged", id));
        assertEquals(1, audited("incident.deleted", id), "audit rows stay");
        assertEquals(404, admin.get("/incidents/" + id).statusCode(), "purged is not found, no longer gone");
    }

    @Test
    void theScheduledPurgeRemovesOnlyIncidentsPastTheirRetention() {
        long adminId = TestAccounts.of(Role.ADMIN).id();
        long old = Incidents.draftJson().create();
        long recent = Incidents.draftJson().create();
        trash.delete(old, new Deleter(adminId, true));
        clock.advance(Duration.ofDays(20));
        trash.delete(recent, new Deleter(adminId, true));
        clock.advance(Duration.ofDays(10).plusHours(1));

        assertTrue(trash.purgeExpired() >= 1);

        assertEquals(0, rows("incident", old));
        assertEquals(1, rows("incident", recent), "deleted ten days ago: still in the Trash");
        assertEquals(1, audited("incident.purged", old));
        assertEquals(0, audited("incident.purged", recent));
    }

    @Test
    void twoPurgesAtOnceNeitherFailNorPurgeTwice() throws Exception {
        long adminId = TestAccounts.of(Role.ADMIN).id();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long id = Incidents.draftJson().create();
            trash.delete(id, new Deleter(adminId, true));
            ids.add(id);
        }
        clock.advance(Duration.ofDays(31));
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> awaitThen(start));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> awaitThen(start));
        start.countDown();

        int purged = first.get() + second.get();

        assertTrue(purged >= ids.size(), "together they purged every incident due: " + purged);
        for (long id : ids) {
            assertEquals(0, rows("incident", id));
            assertEquals(1, audited("incident.purged", id), "purged once: " + id);
        }
    }

    private int awaitThen(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return trash.purgeExpired();
    }

    private static void assertVisible(PortalClient viewer, long id, String title, String tag, String share) {
        assertEquals(1, Incidents.countTagged(tag), "API list");
        Incidents.read(id);
        assertTrue(viewer.get("/incidents?tag=" + tag).asString().contains(title), "incident list");
        assertTrue(viewer.get("/lessons?tag=" + tag).asString().contains(title), "lessons");
        assertTrue(feed().contains(title), "Atom feed");
        assertEquals(200, RestAssured.given().get(share).statusCode(), "share link");
    }

    private static String feed() {
        Response feed = PortalClient.apiAs(Role.VIEWER).accept("application/atom+xml").get("/feed/lessons.atom");
        assertEquals(200, feed.statusCode(), feed.asString());
        return feed.asString();
    }

    private long published(Incidents.IncidentJson json) {
        long id = json.create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        Postmortems.recordPublished(id, Instant.now());
        return id;
    }


    private static Map<String, String> zip(PortalClient viewer, String tag) throws IOException {
        byte[] bytes = viewer.request().queryParam("tag", tag).get("/export/postmortems.zip").asByteArray();
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static io.restassured.specification.RequestSpecification bearer(TestAccounts.Account account) {
        String token = RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
        return RestAssured.given().header("Authorization", "Bearer " + token).accept(ContentType.JSON);
    }

    private static long audited(String action, long incidentId) {
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.count("action = ?1 AND subject = ?2", action, "incident:" + incidentId));
    }

    private static long rows(String table, long incidentId) {
        String column = table.equals("incident") ? "id" : "incident_id";
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Incident.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM " + table + " WHERE " + column + " = ?1")
                .setParameter(1, incidentId).getSingleResult()).longValue());
    }
}
