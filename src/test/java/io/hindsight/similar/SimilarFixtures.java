package io.hindsight.similar;

import io.hindsight.PortalClient;
import io.hindsight.actionitem.ActionItems;
import io.hindsight.incident.Incident;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Hand-made incidents for "This happened before" and "did the fix work?", shared by the tests of the panel with and
 * without {@link SimilarCache}. Other tests share the database, so every fixture names its services and tags after a
 * {@link Incidents#shortId() short id} no other test uses, and assertions are about the fixture's own incidents.
 */
final class SimilarFixtures {

    /** When the fixtures' first incident started: long enough ago for a fix and its recurrence to follow it. */
    static final Instant T0 = Instant.now().minus(Duration.ofDays(90)).truncatedTo(ChronoUnit.MINUTES);

    private SimilarFixtures() {
    }

    /** Declares an incident through the API, detected ten minutes after it started. */
    static long incident(String title, String summary, Instant started, List<String> services, List<String> tags) {
        return Incidents.draftJson().title(title).summary(summary).startedAt(started).detectedAt(started.plusSeconds(600))
                .services(services.toArray(String[]::new)).tags(tags.toArray(String[]::new)).create();
    }

    /** {@code GET /api/v1/incidents/{id}/similar?limit=…}, answered 200. */
    static JsonPath similar(long id, int limit) {
        Response response = PortalClient.api().queryParam("limit", limit).get(Incidents.API + "/" + id + "/similar");
        assertEquals(200, response.statusCode(), response::asString);
        return response.jsonPath();
    }

    /** The similar incidents' ids, best first. */
    static List<Long> ids(JsonPath similar) {
        return similar.getList("items.id", Long.class);
    }

    /** The incidents the fixes of {@code similar} recurred as. */
    static List<Long> recurredAs(JsonPath similar) {
        return similar.getList("recurred_as.recurred_incident_id", Long.class);
    }

    /**
     * Marks an action item done at {@code at} straight in the database, as a scheduled job or another instance would
     * (no request of this instance writes it).
     */
    static void actionItemDone(long actionItemId, Instant at) {
        inDatabase("UPDATE action_item SET status = 'DONE', completed_at = :at WHERE id = :id", at, actionItemId);
    }

    /** Ticks a checklist item at {@code at} straight in the database. */
    static void checklistItemDone(long checklistItemId, Instant at) {
        inDatabase("UPDATE incident_checklist_item SET state = 'DONE', changed_at = :at WHERE id = :id", at, checklistItemId);
    }

    private static void inDatabase(String sql, Instant at, long id) {
        QuarkusTransaction.requiringNew().run(() -> Incident.getEntityManager().createNativeQuery(sql)
                .setParameter("at", at).setParameter("id", id).executeUpdate());
    }

    /**
     * A backup of the {@code database} database that could not be restored, the fix "Add a restore drill" (an action
     * item, not done yet) and, {@code daysAfter} days after the fix will be done (five days after the first
     * incident), the same failure again in the same service and tag.
     */
    static RestoreFailure restoreFailure(String database, int daysAfter) {
        String u = Incidents.shortId();
        String service = "restore-" + u;
        String tag = "backups-" + u;
        long fixed = incident("Nightly backup of the " + database + " database could not be restored",
                "The nightly backup of the " + database + " database was corrupt and the restore failed.", T0,
                List.of(service), List.of(tag));
        Instant done = T0.plus(Duration.ofDays(5));
        long after = incident(capitalized(database) + " database backup could not be restored again",
                "Again the nightly backup of the " + database + " database could not be restored.",
                done.plus(Duration.ofDays(daysAfter)), List.of(service), List.of(tag));
        String fixTitle = "Add a restore drill " + u;
        long item = ActionItems.added(PortalClient.browser(), fixed, ActionItems.draft().set("title", fixTitle));
        return new RestoreFailure(service, tag, fixed, after, item, fixTitle, done);
    }

    /** What {@link #restoreFailure} made; {@link #fixDone()} completes the fix at {@code done}. */
    record RestoreFailure(String service, String tag, long fixed, long after, long fix, String fixTitle, Instant done) {

        void fixDone() {
            actionItemDone(fix, done);
        }
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
