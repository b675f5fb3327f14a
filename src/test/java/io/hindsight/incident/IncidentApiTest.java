package io.hindsight.incident;

import io.hindsight.PortalClient;
import io.hindsight.incident.Incidents.IncidentJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.hindsight.ProblemAssertions.assertProblem;
import static io.hindsight.incident.Incidents.API;
import static io.hindsight.incident.Incidents.draftJson;
import static io.hindsight.incident.Incidents.read;
import static io.hindsight.incident.Incidents.shortId;
import static io.hindsight.incident.Incidents.uniqueTag;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incident JSON API as alerting tools and scripts use it: /api/v1/incidents. */
@QuarkusTest
class IncidentApiTest {

    @Nested
    class Recording {

        @Test
        void createAnswers201WithLocationAndTheStoredIncident() {
            IncidentJson draft = draftJson();

            Response created = PortalClient.api().body(draft.body()).post(API);

            created.then()
                    .statusCode(201)
                    .header("Location", endsWith(API + "/" + created.jsonPath().getLong("id")))
                    .body("title", equalTo(draft.title()))
                    .body("severity", equalTo("SEV2"))
                    .body("status", equalTo("INVESTIGATING"))
                    .body("started_at", equalTo(draft.startedAt().toString()))
                    .body("time_to_detect_seconds", equalTo(12 * 60))
                    .body("affected_services", contains("checkout"))
                    .body("tags", contains(draft.tag()))
                    .body("timeline", empty())
                    .body("version", equalTo(0));
        }

        @Test
        void textIsTrimmedAndTagsAndServicesAreLowerCasedWithoutRepeats() {
            String tag = uniqueTag();
            long id = draftJson()
                    .title("  Payments slow " + shortId() + "  ")
                    .tags(tag.toUpperCase(), " " + tag + " ", "", "Payments")
                    .services("Checkout", "checkout", "Payments-API")
                    .create();

            Response incident = read(id);

            assertAll(
                    () -> assertTrue(incident.jsonPath().getString("title").startsWith("Payments slow ")),
                    () -> assertFalse(incident.jsonPath().getString("title").endsWith(" ")),
                    () -> assertEquals(List.of(tag, "payments"), incident.jsonPath().getList("tags")),
                    () -> assertEquals(List.of("checkout", "payments-api"), incident.jsonPath().getList("affected_services")));
        }

        @Test
        void readShowsTheTimelineInTheOrderThingsHappened() {
            IncidentJson draft = draftJson();
            long id = draft.create();
            Instant started = draft.startedAt();
            addMoment(id, started.plus(Duration.ofMinutes(30)), "ACTION", "Rolled back the deploy.").then().statusCode(201);
            addMoment(id, started.plus(Duration.ofMinutes(12)), "DETECTION", "Alert on checkout latency.").then().statusCode(201);

            read(id).then()
                    .body("timeline.kind", contains("DETECTION", "ACTION"))
                    .body("timeline.description", contains("Alert on checkout latency.", "Rolled back the deploy."))
                    .body("timeline[0].occurred_at", equalTo(started.plus(Duration.ofMinutes(12)).toString()));
        }

        @Test
        void updateReplacesWhatIsRecordedAndBumpsTheVersion() {
            IncidentJson draft = draftJson();
            long id = draft.create();
            String newTitle = "Checkout failing for card payments " + shortId();

            PortalClient.api().body(draft.title(newTitle).severity("SEV1").summary("Card payments failed.").body())
                    .put(API + "/" + id)
                    .then()
                    .statusCode(200)
                    .body("title", equalTo(newTitle))
                    .body("version", equalTo(1));

            read(id).then()
                    .body("title", equalTo(newTitle))
                    .body("severity", equalTo("SEV1"))
                    .body("summary", equalTo("Card payments failed."));
        }

        @Test
        void updateOfAMissingIncidentIs404() {
            assertProblem(PortalClient.api().body(draftJson().body()).put(API + "/" + Long.MAX_VALUE), 404);
        }
    }

    @Nested
    class StatusTimes {

        @Test
        void movingToMitigatedWithoutATimeMeansJustNow() {
            IncidentJson draft = draftJson();
            long id = draft.create();
            Instant before = Instant.now().minusSeconds(1);

            Response updated = PortalClient.api().body(draft.status("MITIGATED").body()).put(API + "/" + id);

            updated.then().statusCode(200).body("resolved_at", nullValue());
            assertBetween(before, Instant.now().plusSeconds(1), Instant.parse(updated.jsonPath().getString("mitigated_at")));
        }

        @Test
        void movingToResolvedWithoutTimesFillsBothMitigatedAndResolved() {
            IncidentJson draft = draftJson();
            long id = draft.create();
            Instant before = Instant.now().minusSeconds(1);

            Response updated = PortalClient.api().body(draft.status("RESOLVED").body()).put(API + "/" + id);

            updated.then().statusCode(200);
            Instant after = Instant.now().plusSeconds(1);
            assertBetween(before, after, Instant.parse(updated.jsonPath().getString("mitigated_at")));
            assertBetween(before, after, Instant.parse(updated.jsonPath().getString("resolved_at")));
        }

        @Test
        void aResolvedIncidentWithoutMitigationTimeWasMitigatedWhenItWasResolved() {
            IncidentJson draft = draftJson();
            Instant resolved = draft.startedAt().plus(Duration.ofHours(1));

            long id = draft.status("RESOLVED").resolvedAt(resolved).create();

            read(id).then()
                    .body("mitigated_at", equalTo(resolved.toString()))
                    .body("resolved_at", equalTo(resolved.toString()))
                    .body("time_to_resolve_seconds", equalTo(3600));
        }

        @Test
        void givenTimesAreKept() {
            IncidentJson draft = draftJson();
            Instant mitigated = draft.startedAt().plus(Duration.ofMinutes(40));
            Instant resolved = draft.startedAt().plus(Duration.ofMinutes(90));

            long id = draft.status("RESOLVED").mitigatedAt(mitigated).resolvedAt(resolved).create();

            read(id).then()
                    .body("mitigated_at", equalTo(mitigated.toString()))
                    .body("resolved_at", equalTo(resolved.toString()))
                    .body("time_to_mitigate_seconds", equalTo(40 * 60));
        }
    }

    @Nested
    class Listing {

        @Test
        void pagesThroughIncidentsWithTheirTotal() {
            String tag = uniqueTag();
            for (int i = 0; i < 3; i++) {
                draftJson().tags(tag).create();
            }

            PortalClient.api().queryParam("tag", tag).queryParam("size", 2).get(API)
                    .then().statusCode(200)
                    .body("items.size()", equalTo(2))
                    .body("page", equalTo(1))
                    .body("size", equalTo(2))
                    .body("total", equalTo(3))
                    .body("total_pages", equalTo(2))
                    // The list is light: timelines only come with a single incident.
                    .body("items[0].timeline", nullValue());
            PortalClient.api().queryParam("tag", tag).queryParam("size", 2).queryParam("page", 2).get(API)
                    .then().statusCode(200)
                    .body("items.size()", equalTo(1))
                    .body("page", equalTo(2));
        }

        @Test
        void filtersByStatus() {
            String tag = uniqueTag();
            long resolved = draftJson().tags(tag).status("RESOLVED").create();
            draftJson().tags(tag).status("INVESTIGATING").create();
            long inReview = draftJson().tags(tag).status("RESOLVED").create();
            Incidents.movedByReview(inReview, IncidentStatus.IN_REVIEW);

            assertEquals(List.of(resolved), ids(Map.of("tag", tag, "status", "resolved")));
            // Status keys are spelled as on the page, with a hyphen.
            assertEquals(List.of(inReview), ids(Map.of("tag", tag, "status", "in-review")));
        }

        @Test
        void filtersBySeverity() {
            String tag = uniqueTag();
            long critical = draftJson().tags(tag).severity("SEV1").create();
            draftJson().tags(tag).severity("SEV3").create();

            assertEquals(List.of(critical), ids(Map.of("tag", tag, "severity", "sev1")));
        }

        @Test
        void filtersByTagIgnoringCase() {
            String tag = uniqueTag();
            long tagged = draftJson().tags(tag, "networking").create();
            draftJson().tags(uniqueTag(), "networking").create();

            assertEquals(List.of(tagged), ids(Map.of("tag", tag.toUpperCase())));
        }

        @Test
        void filtersByAffectedService() {
            String tag = uniqueTag();
            String service = "ledger-" + shortId();
            long affected = draftJson().tags(tag).services(service, "checkout").create();
            draftJson().tags(tag).services("checkout").create();

            assertEquals(List.of(affected), ids(Map.of("tag", tag, "service", service)));
        }

        @Test
        void searchesTitleAndSummaryIgnoringCase() {
            String tag = uniqueTag();
            String word = "zebra" + shortId();
            long inTitle = draftJson().tags(tag).title("Queue " + word + " stuck").create();
            long inSummary = draftJson().tags(tag).summary("The " + word.toUpperCase() + " consumer lagged.").create();
            draftJson().tags(tag).create();

            assertEquals(List.of(inTitle, inSummary).stream().sorted().toList(),
                    ids(Map.of("tag", tag, "q", word)).stream().sorted().toList());
        }

        @Test
        void searchTreatsPercentAndUnderscoreAsPlainText() {
            String tag = uniqueTag();
            long literal = draftJson().tags(tag).title("Disk 100% full " + shortId()).create();
            draftJson().tags(tag).title("Disk 1000 blocks full " + shortId()).create();
            long underscore = draftJson().tags(tag).title("Job retry_count overflow " + shortId()).create();
            draftJson().tags(tag).title("Job retryXcount overflow " + shortId()).create();

            assertEquals(List.of(literal), ids(Map.of("tag", tag, "q", "100%")));
            assertEquals(List.of(underscore), ids(Map.of("tag", tag, "q", "retry_count")));
        }

        @Test
        void sortsNewestFirstByDefaultAndByEachNamedOrder() {
            String tag = uniqueTag();
            Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            long bravo = draftJson().tags(tag).title("Bravo " + shortId()).severity("SEV3")
                    .startedAt(now.minus(Duration.ofHours(3))).detectedAt(null).create();
            long alpha = draftJson().tags(tag).title("alpha " + shortId()).severity("SEV1")
                    .startedAt(now.minus(Duration.ofHours(2))).detectedAt(null).create();
            long charlie = draftJson().tags(tag).title("Charlie " + shortId()).severity("SEV2")
                    .startedAt(now.minus(Duration.ofHours(1))).detectedAt(null).create();

            assertAll(
                    () -> assertEquals(List.of(charlie, alpha, bravo), ids(Map.of("tag", tag)), "default"),
                    () -> assertEquals(List.of(charlie, alpha, bravo), ids(Map.of("tag", tag, "sort", "newest")), "newest"),
                    () -> assertEquals(List.of(bravo, alpha, charlie), ids(Map.of("tag", tag, "sort", "oldest")), "oldest"),
                    () -> assertEquals(List.of(alpha, charlie, bravo), ids(Map.of("tag", tag, "sort", "severity")), "severity"),
                    () -> assertEquals(List.of(alpha, bravo, charlie), ids(Map.of("tag", tag, "sort", "title")), "title, ignoring case"),
                    () -> assertEquals(List.of(charlie, alpha, bravo), ids(Map.of("tag", tag, "sort", "no-such-order")), "unknown sort"));

            // Touching the oldest incident moves it to the top of "recently updated".
            addMoment(bravo, now.minus(Duration.ofMinutes(150)), "ACTION", "Restarted the worker.").then().statusCode(201);
            assertEquals(List.of(bravo, charlie, alpha), ids(Map.of("tag", tag, "sort", "updated")), "updated");
        }

        @Test
        void refusesPageSizesAboveOneHundredAndPagesBelowOne() {
            assertProblem(PortalClient.api().queryParam("size", 101).get(API), 400);
            assertProblem(PortalClient.api().queryParam("size", 0).get(API), 400);
            assertProblem(PortalClient.api().queryParam("page", 0).get(API), 400);
            PortalClient.api().queryParam("size", 100).get(API).then().statusCode(200).body("size", equalTo(100));
        }

        @Test
        void ignoresFilterValuesThatMeanNothing() {
            String tag = uniqueTag();
            long id = draftJson().tags(tag).create();

            assertEquals(List.of(id), ids(Map.of("tag", tag, "status", "on-fire", "severity", "sev9")));
        }
    }

    @Nested
    class Validation {

        @Test
        void blankTitleIsRefused() {
            Map<String, String> errors = assertProblem(post(draftJson().title("   ")), 400, "title");
            assertEquals("Give the incident a short title.", errors.get("title"));
        }

        @Test
        void tooLongTitleIsRefused() {
            assertProblem(post(draftJson().title("x".repeat(201))), 400, "title");
        }

        @Test
        void missingSeverityIsRefused() {
            Map<String, String> errors = assertProblem(post(draftJson().without("severity")), 400, "severity");
            assertEquals("Choose a severity.", errors.get("severity"));
        }

        @Test
        void anAlertingToolDeclaresAnIncidentWithATitleAndASeverityInAnyCase() {
            Instant before = Instant.now().minusSeconds(5);
            String title = "Disk full on db-1 " + Incidents.shortId();
            Response created = PortalClient.api().body(Map.of("title", title, "severity", "sev2")).post(API);

            assertEquals(201, created.statusCode(), created::asString);
            assertEquals("INVESTIGATING", created.jsonPath().getString("status"), "status defaults to investigating");
            assertEquals("SEV2", created.jsonPath().getString("severity"));
            Instant started = Instant.parse(created.jsonPath().getString("started_at"));
            assertTrue(!started.isBefore(before) && !started.isAfter(Instant.now().plusSeconds(5)), "started_at defaults to now: " + started);
            assertEquals(201, post(draftJson().status("mitigated").severity("Sev3")).statusCode(), "any case, on every enum");
        }

        @Test
        void anUnknownEnumValueListsTheAllowedOnes() {
            Map<String, String> errors = assertProblem(post(draftJson().status("sleeping")), 400, "status");
            assertTrue(errors.get("status").contains("INVESTIGATING, MITIGATED, RESOLVED") && errors.get("status").contains("'sleeping'"),
                    errors.toString());
        }

        @Test
        void missingStartOnAReplaceIsRefusedWithTheSnakeCaseFieldName() {
            long id = draftJson().create();
            assertProblem(PortalClient.api().body(draftJson().without("started_at").without("detected_at").body()).put(API + "/" + id),
                    400, "started_at");
        }

        @Test
        void startInTheFutureIsRefused() {
            Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
            Map<String, String> errors = assertProblem(post(draftJson().startedAt(tomorrow).detectedAt(null)), 400, "started_at");
            assertEquals("The start is in the future.", errors.get("started_at"));
        }

        @Test
        void detectionBeforeTheStartIsRefused() {
            IncidentJson draft = draftJson();
            Map<String, String> errors = assertProblem(post(draft.detectedAt(draft.startedAt().minusSeconds(60))), 400,
                    "detected_at");
            assertEquals("Detection cannot come before the start.", errors.get("detected_at"));
        }

        @Test
        void resolutionBeforeMitigationIsRefused() {
            IncidentJson draft = draftJson();
            Instant mitigated = draft.startedAt().plus(Duration.ofHours(1));
            assertProblem(post(draft.status("RESOLVED").mitigatedAt(mitigated).resolvedAt(mitigated.minusSeconds(60))), 400,
                    "resolved_at");
        }

        @Test
        void tagsWithOtherCharactersAreRefused() {
            Map<String, String> errors = assertProblem(post(draftJson().tags(uniqueTag(), "bad tag!")), 400, "tags");
            assertTrue(errors.get("tags").startsWith("Tags use letters, digits"), errors.get("tags"));
        }

        @Test
        void moreThanTwentyTagsAreRefused() {
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                tags.add("tag-" + i);
            }
            Map<String, String> errors = assertProblem(post(draftJson().with("tags", tags)), 400, "tags");
            assertEquals("Use at most 20 tags.", errors.get("tags"));
        }

        @Test
        void serviceNamesWithOtherCharactersAreRefusedUnderTheirSnakeCaseName() {
            assertProblem(post(draftJson().services("check out")), 400, "affected_services");
        }

        @Test
        void everyBrokenRuleIsReportedAtOnce() {
            IncidentJson draft = draftJson().title("").without("severity").tags("no spaces please");
            assertProblem(post(draft), 400, "title", "severity", "tags");
        }

        @Test
        void unknownPropertyIsRefusedAndNothingIsRecorded() {
            String tag = uniqueTag();

            Response response = post(draftJson().tags(tag).with("colour", "red"));

            assertEquals(400, response.statusCode());
            assertEquals(0, Incidents.countTagged(tag), "nothing was recorded");
        }

        @Test
        void unknownSeverityIsRefused() {
            String tag = uniqueTag();

            assertEquals(400, post(draftJson().tags(tag).severity("SEV9")).statusCode());
            assertEquals(0, Incidents.countTagged(tag));
        }

        @Test
        void unreadableTimeIsRefused() {
            assertEquals(400, post(draftJson().with("started_at", "yesterday at nine")).statusCode());
        }

        // The three tests below state the documented contract (RFC 9457 problem naming the field).
        // Quarkus' own MismatchedInputException mapper is more specific than ErrorMapper's
        // JsonMappingException mapper and wins: it answers application/json with internal names in
        // test mode and an empty 400 in production. Enable them when ErrorMapper maps it.
        @Test
        void unknownPropertyIsAProblemNamingTheProperty() {
            assertProblem(post(draftJson().with("colour", "red")), 400, "colour");
        }

        @Test
        void unknownSeverityIsAProblemNamingTheField() {
            assertProblem(post(draftJson().severity("SEV9")), 400, "severity");
        }

        @Test
        void unreadableTimeIsAProblemNamingTheField() {
            assertProblem(post(draftJson().with("started_at", "yesterday at nine")), 400, "started_at");
        }

        @Test
        void malformedJsonIsAProblem() {
            String tag = uniqueTag();

            Response response = PortalClient.api().body("{\"title\": \"Broken\", \"tags\": [\"" + tag + "\"").post(API);

            assertProblem(response, 400);
            assertEquals(0, Incidents.countTagged(tag));
        }

        @Test
        void missingIncidentIsAProblem404() {
            Response response = PortalClient.api().get(API + "/" + Long.MAX_VALUE);

            assertProblem(response, 404);
            assertEquals(API + "/" + Long.MAX_VALUE, response.jsonPath().getString("instance"));
        }

        @Test
        void aRejectedUpdateChangesNothing() {
            IncidentJson draft = draftJson();
            long id = draft.create();
            String before = read(id).asString();

            Response rejected = PortalClient.api()
                    .body(draft.title("Changed " + shortId()).severity("SEV1").detectedAt(draft.startedAt().minusSeconds(600)).body())
                    .put(API + "/" + id);

            assertProblem(rejected, 400, "detected_at");
            assertEquals(before, read(id).asString(), "the stored incident is exactly as before");
        }

        private Response post(IncidentJson draft) {
            return PortalClient.api().body(draft.body()).post(API);
        }
    }

    @Nested
    class Timeline {

        @Test
        void addingAMomentAnswers201WithTheEntry() {
            IncidentJson draft = draftJson();
            long id = draft.create();
            Instant at = draft.startedAt().plus(Duration.ofMinutes(5));

            addMoment(id, at, "COMMUNICATION", "  Status page updated.  ")
                    .then()
                    .statusCode(201)
                    .header("Location", endsWith(API + "/" + id))
                    .body("occurred_at", equalTo(at.toString()))
                    .body("kind", equalTo("COMMUNICATION"))
                    .body("description", equalTo("Status page updated."));
        }

        @Test
        void blankDescriptionIsRefused() {
            long id = draftJson().create();
            assertProblem(addMoment(id, Instant.now().minusSeconds(60), "ACTION", "  "), 400, "description");
        }

        @Test
        void momentInTheFutureIsRefused() {
            long id = draftJson().create();
            assertProblem(addMoment(id, Instant.now().plus(Duration.ofHours(2)), "ACTION", "Planned restart."), 400,
                    "occurred_at");
        }

        @Test
        void missingKindIsRefused() {
            long id = draftJson().create();
            Response response = PortalClient.api()
                    .body(Map.of("occurred_at", Instant.now().minusSeconds(60).toString(), "description", "Something."))
                    .post(API + "/" + id + "/timeline");
            assertProblem(response, 400, "kind");
        }

        @Test
        void unknownKindIsRefused() {
            long id = draftJson().create();

            // Only the status: the body is Quarkus' own, not a problem document (see Validation above).
            assertEquals(400, addMoment(id, Instant.now().minusSeconds(60), "GOSSIP", "Heard something.").statusCode());
            read(id).then().body("timeline", empty());
        }

        @Test
        void refusedMomentsAreNotStored() {
            long id = draftJson().create();
            addMoment(id, Instant.now().plus(Duration.ofHours(2)), "ACTION", "Planned restart.").then().statusCode(400);

            read(id).then().body("timeline", empty());
        }

        @Test
        void momentForAMissingIncidentIs404() {
            assertProblem(addMoment(Long.MAX_VALUE, Instant.now().minusSeconds(60), "ACTION", "Something."), 404);
        }
    }

    static Response addMoment(long incidentId, Instant at, String kind, String description) {
        return PortalClient.api()
                .body(Map.of("occurred_at", at.toString(), "kind", kind, "description", description))
                .post(API + "/" + incidentId + "/timeline");
    }

    private static List<Long> ids(Map<String, ?> query) {
        Response response = PortalClient.api().queryParams(query).get(API);
        response.then().statusCode(200);
        return response.jsonPath().getList("items.id", Long.class);
    }

    private static void assertBetween(Instant from, Instant to, Instant actual) {
        assertTrue(!actual.isBefore(from) && !actual.isAfter(to), () -> actual + " should be between " + from + " and " + to);
    }

    @Test
    void jsonUsesSnakeCaseAndLeavesOutWhatIsNotKnown() {
        long id = draftJson().create();

        Map<String, Object> incident = read(id).jsonPath().getMap("");

        assertTrue(incident.containsKey("customer_impact"));
        assertTrue(incident.containsKey("created_at"));
        assertFalse(incident.containsKey("customerImpact"));
        assertNull(incident.get("resolved_at"), "unknown times are left out");
        assertFalse(incident.containsKey("resolved_at"));
    }
}
