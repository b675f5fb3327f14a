package io.hindsight.web;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.hindsight.ProblemAssertions.assertProblem;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The API's optimistic locking: every editable resource has an ETag; a write with a stale If-Match is a 412, with a
 * stale version in its body a 409, and two writes racing for the same version end in one 200 and one 409 — never a 500.
 */
@QuarkusTest
class OptimisticLockingApiTest {

    @Inject
    AgroalDataSource dataSource;

    @Nested
    class Postmortem {

        @Test
        void getSendsAnEtagNamingTheVersion() {
            long id = written();
            Response read = Postmortems.read(id);

            assertEquals("\"postmortem-" + id + "-v" + read.jsonPath().getLong("version") + "\"", read.header("ETag"));
        }

        @Test
        void aMatchingIfMatchSavesAndAnswersWithTheNewEtag() {
            long id = written();
            String etag = Postmortems.read(id).header("ETag");

            Response saved = PortalClient.api().header("If-Match", etag).body(sections("Matching share.")).put(Postmortems.api(id));

            assertEquals(200, saved.statusCode(), saved::asString);
            assertNotEquals(etag, saved.header("ETag"), "the save moved the version on");
            assertEquals(Postmortems.read(id).header("ETag"), saved.header("ETag"));
            assertEquals("Matching share.", Postmortems.read(id).jsonPath().getString("share"));
        }

        @Test
        void aStaleIfMatchIsRefusedWith412NamingTheCurrentVersion() {
            long id = written();
            String stale = Postmortems.read(id).header("ETag");
            Postmortems.put(id, sections("Someone else's share.")).then().statusCode(200);
            Response current = Postmortems.read(id);

            Response refused = PortalClient.api().header("If-Match", stale).body(sections("My share.")).put(Postmortems.api(id));

            assertProblem(refused, 412);
            assertAll(
                    () -> assertEquals(current.jsonPath().getLong("version"), refused.jsonPath().getLong("current_version")),
                    () -> assertEquals(current.header("ETag"), refused.header("ETag")),
                    () -> assertTrue(refused.jsonPath().getString("detail").contains(current.header("ETag")), refused::asString),
                    () -> assertEquals("Someone else's share.", Postmortems.read(id).jsonPath().getString("share"),
                            "nothing was written"));
        }

        @Test
        void aWeakOrForeignTagNeverMatches() {
            long id = written();
            String etag = Postmortems.read(id).header("ETag");

            assertProblem(PortalClient.api().header("If-Match", "W/" + etag).body(sections("x")).put(Postmortems.api(id)), 412);
            assertProblem(PortalClient.api().header("If-Match", etag.replace("postmortem", "incident"))
                    .body(sections("x")).put(Postmortems.api(id)), 412);
        }

        @Test
        void ifMatchOnAPostmortemNotStartedYetIs412() {
            long id = draftJson().create();

            assertProblem(PortalClient.api().header("If-Match", "*").body(sections("x")).put(Postmortems.api(id)), 412);
            assertEquals(404, Postmortems.read(id).statusCode(), "nothing was started");
        }

        @Test
        void aStaleVersionInTheBodyIsRefusedWith409() {
            long id = written();
            long stale = Postmortems.read(id).jsonPath().getLong("version");
            Postmortems.put(id, sections("Someone else's share.")).then().statusCode(200);

            Map<String, Object> mine = sections("My share.");
            mine.put("version", stale);
            Response refused = Postmortems.put(id, mine);

            assertProblem(refused, 409);
            assertEquals(stale + 1, refused.jsonPath().getLong("current_version"));
            assertEquals("Someone else's share.", Postmortems.read(id).jsonPath().getString("share"));
        }

        @Test
        void theCurrentVersionInTheBodySaves() {
            long id = written();
            Map<String, Object> mine = sections("On top.");
            mine.put("version", Postmortems.read(id).jsonPath().getLong("version"));

            Postmortems.put(id, mine).then().statusCode(200);

            assertEquals("On top.", Postmortems.read(id).jsonPath().getString("share"));
        }

        @Test
        void withoutIfMatchOrVersionTheSaveIsApplied() {
            long id = written();
            Postmortems.put(id, sections("Someone else's share.")).then().statusCode(200);

            Postmortems.put(id, sections("Last word.")).then().statusCode(200);

            assertEquals("Last word.", Postmortems.read(id).jsonPath().getString("share"));
        }

        @Test
        void savingAnAmendmentMovesTheVersionOnSoAStaleDiscardIsRefused() {
            long id = written();
            Postmortems.recordPublished(id, Instant.now().minusSeconds(3600));
            String beforeAmending = Postmortems.read(id).header("ETag");

            PortalClient.api().header("If-Match", beforeAmending).body(sections("Amended share.")).put(Postmortems.api(id))
                    .then().statusCode(200);
            String amended = Postmortems.read(id).header("ETag");

            assertNotEquals(beforeAmending, amended, "an amendment is a change of the postmortem's version");
            assertProblem(PortalClient.api().header("If-Match", beforeAmending).delete(Postmortems.api(id) + "/amendment"), 412);
            PortalClient.api().header("If-Match", amended).delete(Postmortems.api(id) + "/amendment").then().statusCode(200);
        }

        /**
         * Both writes name the current version and pass every check before either writes; a row lock held by the test
         * keeps them waiting at the UPDATE until both are there. The second to get the row finds another version: 409.
         */
        @Test
        void twoWritesRacingForTheSameVersionEndInOne200AndOne409() throws Exception {
            long id = written();
            String etag = Postmortems.read(id).header("ETag");
            List<CompletableFuture<Response>> writes = new ArrayList<>();
            try (Connection lock = dataSource.getConnection()) {
                lock.setAutoCommit(false);
                try (PreparedStatement select = lock.prepareStatement(
                        "SELECT id FROM postmortem WHERE incident_id = ? FOR UPDATE")) {
                    select.setLong(1, id);
                    select.executeQuery().close();
                }
                for (String share : List.of("Racer one.", "Racer two.")) {
                    writes.add(CompletableFuture.supplyAsync(() -> PortalClient.api().header("If-Match", etag)
                            .body(sections(share)).put(Postmortems.api(id))));
                }
                awaitWaitingForTheLock(2);
                lock.commit();
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Response> write : writes) {
                Response response = write.get(30, TimeUnit.SECONDS);
                statuses.add(response.statusCode());
                if (response.statusCode() == 409) {
                    assertProblem(response, 409);
                }
            }
            statuses.sort(null);
            assertEquals(List.of(200, 409), statuses);
        }
    }

    @Nested
    class Incident {

        @Test
        void getSendsAnEtagAndAMatchingIfMatchSavesWithTheNewOne() {
            long id = draftJson().create();
            Response read = Incidents.read(id);
            String etag = read.header("ETag");
            assertEquals("\"incident-" + id + "-v" + read.jsonPath().getLong("version") + "\"", etag);

            Response saved = PortalClient.api().header("If-Match", etag).body(draftJson().title("Renamed " + id).body())
                    .put(Incidents.API + "/" + id);

            assertEquals(200, saved.statusCode(), saved::asString);
            assertEquals(Incidents.read(id).header("ETag"), saved.header("ETag"));
            assertNotEquals(etag, saved.header("ETag"));
        }

        @Test
        void aStaleIfMatchIs412AndAStaleBodyVersionIs409() {
            long id = draftJson().create();
            Response before = Incidents.read(id);
            PortalClient.api().body(draftJson().title("Theirs " + id).body()).put(Incidents.API + "/" + id).then().statusCode(200);

            Response header = PortalClient.api().header("If-Match", before.header("ETag"))
                    .body(draftJson().title("Mine " + id).body()).put(Incidents.API + "/" + id);
            Response body = PortalClient.api().body(draftJson().title("Mine " + id).with("version", before.jsonPath().getLong("version")).body())
                    .put(Incidents.API + "/" + id);

            assertProblem(header, 412);
            assertProblem(body, 409);
            assertEquals("Theirs " + id, Incidents.read(id).jsonPath().getString("title"));
        }

        @Test
        void aDeleteWithAStaleIfMatchIsRefusedAndTheIncidentStays() {
            long id = draftJson().create();
            String stale = PortalClient.api().get(Incidents.API + "/" + id).header("ETag");
            PortalClient.api().body(Incidents.draftJson().title("Renamed meanwhile " + Incidents.shortId()).body())
                    .put(Incidents.API + "/" + id).then().statusCode(200);

            assertProblem(PortalClient.apiAs(io.hindsight.account.Role.ADMIN).header("If-Match", stale).delete(Incidents.API + "/" + id), 412);
            assertEquals(200, PortalClient.api().get(Incidents.API + "/" + id).statusCode(), "still there");

            String current = PortalClient.api().get(Incidents.API + "/" + id).header("ETag");
            assertEquals(204, PortalClient.apiAs(io.hindsight.account.Role.ADMIN).header("If-Match", current)
                    .delete(Incidents.API + "/" + id).statusCode());
        }
    }

    @Nested
    class TimelineEntry {

        @Test
        void aMomentHasAnEtagAndHonoursIfMatchAndItsBodyVersion() {
            long id = draftJson().create();
            Response added = PortalClient.api().body(moment("Paged the on-call engineer.", null))
                    .post(Incidents.API + "/" + id + "/timeline");
            long entry = added.jsonPath().getLong("id");
            String path = Incidents.API + "/" + id + "/timeline/" + entry;
            Response read = PortalClient.api().get(path);
            String etag = read.header("ETag");
            assertEquals("\"timeline-entry-" + entry + "-v0\"", etag);

            Response saved = PortalClient.api().header("If-Match", etag).body(moment("Paged the on-call engineer twice.", null)).put(path);
            assertEquals(200, saved.statusCode(), saved::asString);
            assertEquals("\"timeline-entry-" + entry + "-v1\"", saved.header("ETag"));

            assertProblem(PortalClient.api().header("If-Match", etag).body(moment("Stale.", null)).put(path), 412);
            Response stale = PortalClient.api().body(moment("Stale.", 0L)).put(path);
            assertProblem(stale, 409);
            assertEquals(1L, stale.jsonPath().getLong("current_version"));
            assertEquals("Paged the on-call engineer twice.", PortalClient.api().get(path).jsonPath().getString("description"));
        }

        private Map<String, Object> moment(String description, Long version) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("occurred_at", Instant.now().minusSeconds(600).toString());
            body.put("kind", "ACTION");
            body.put("description", description);
            if (version != null) {
                body.put("version", version);
            }
            return body;
        }
    }

    @Test
    void theOpenApiDocumentNamesIfMatchAndTheEtag() {
        Response document = PortalClient.browser().request().get("/q/openapi");
        assertEquals(200, document.statusCode());
        String openapi = document.asString();
        String put = openapi.substring(openapi.indexOf("/api/v1/incidents/{id}/postmortem:"));

        assertAll(
                () -> assertTrue(put.contains("name: If-Match"), "If-Match is a documented header: " + put.substring(0, 3000)),
                () -> assertTrue(put.contains("ETag:"), "ETag is a documented response header"),
                () -> assertTrue(put.contains("\"412\":"), "412 is a documented answer"),
                () -> assertTrue(put.contains("$ref: \"#/components/schemas/PostmortemView\""), "the 200 still shows the body"));
    }

    private static long written() {
        long id = draftJson().create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        return id;
    }

    private static Map<String, Object> sections(String share) {
        Map<String, Object> body = Postmortems.writtenSectionsJson(null);
        body.put("share", share);
        return body;
    }

    private void awaitWaitingForTheLock(int sessions) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement count = c.prepareStatement(
                         "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'update postmortem%'");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getInt(1) >= sessions) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the two writes never reached the UPDATE");
    }
}
