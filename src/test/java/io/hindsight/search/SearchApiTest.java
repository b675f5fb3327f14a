package io.hindsight.search;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.demo.DemoData;
import io.hindsight.incident.Incidents;
import io.hindsight.incident.Incidents.IncidentJson;
import io.hindsight.postmortem.Postmortems;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.hindsight.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full-text search through GET /api/v1/search: relevance, word forms, phrases, prefixes, misspellings, every
 * filter, the Trash, and refusals. The database is shared by every test class, so each test searches for a word
 * no other test writes (letters only, so that it stays one word for the parser).
 */
@QuarkusTest
class SearchApiTest {

    @Inject
    DemoData demo;

    static final String SEARCH = "/api/v1/search";
    private static final Random RANDOM = new Random();

    /** A made-up word of lower-case letters that no other test uses. */
    static String uniqueWord() {
        StringBuilder word = new StringBuilder("zq");
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return word.append("x").toString();
    }

    static Response search(Map<String, ?> params) {
        Response response = PortalClient.api().queryParams(params).get(SEARCH);
        return response;
    }

    static List<Long> ids(Response response) {
        response.then().statusCode(200);
        return response.jsonPath().getList("items.id", Long.class);
    }

    static List<Long> found(String q) {
        return ids(search(Map.of("q", q)));
    }

    @Nested
    class Relevance {

        @Test
        void aTitleHitOutranksABodyHitThatSaysItMoreOften() {
            String word = uniqueWord();
            long body = Incidents.draftJson().title("Payments slow " + Incidents.shortId())
                    .summary(word + " failed, then " + word + " failed again; " + word + " everywhere.")
                    .customerImpact("Nobody could use " + word + ".").create();
            long title = Incidents.draftJson().title("The " + word + " outage " + Incidents.shortId()).create();

            assertEquals(List.of(title, body), found(word));
        }

        @Test
        void wordsAreFoundInAnyOfTheirForms() {
            String word = uniqueWord();
            long id = Incidents.draftJson().summary("The nightly backups of " + word + " had been failing for weeks.").create();

            assertEquals(List.of(id), found("backup " + word));
            assertEquals(List.of(id), found("fail " + word));
        }

        @Test
        void aQuotedPhraseFindsTheWordsTogetherAndInOrder() {
            String word = uniqueWord();
            long together = Incidents.draftJson().summary("We ran the " + word + " drill at noon.").create();
            long apart = Incidents.draftJson().summary("The drill never touched " + word + " at all.").create();

            assertEquals(List.of(together), found("\"" + word + " drill\""));
            assertTrue(found(word + " drill").containsAll(List.of(together, apart)), "without quotes both match");
        }

        @Test
        void titleAndBodyMatchesAreEachCountedOnce() {
            String word = uniqueWord();
            String other = uniqueWord();
            long inTitle = Incidents.draftJson().title("The " + word + " drill failed " + Incidents.shortId())
                    .severity("SEV1").summary("Nothing else to say.").create();
            long inBody = Incidents.draftJson().title("Quiet night " + Incidents.shortId())
                    .severity("SEV2").summary("We ran the " + word + " drill at noon.").create();
            long inBoth = Incidents.draftJson().title("Another " + word + " drill " + Incidents.shortId())
                    .severity("SEV2").summary("The " + word + " drill ran long; " + other + " was late.").create();
            Incidents.draftJson().title("Drill before " + word + " " + Incidents.shortId())
                    .summary("The drill never touched " + word + ".").create();

            String phrase = "\"" + word + " drill\"";
            Response all = search(Map.of("q", phrase));
            assertEquals(3, all.jsonPath().getLong("total"), "a title hit, a body hit, and one with both, once each");
            assertEquals(List.of(inTitle, inBoth, inBody).stream().sorted().toList(), ids(all).stream().sorted().toList());
            assertEquals(4, search(Map.of("q", word)).jsonPath().getLong("total"), "the plain word matches all four");
            assertEquals(1, search(Map.of("q", phrase, "severity", "sev1")).jsonPath().getLong("total"));
            assertEquals(List.of(inTitle, inBody).stream().sorted().toList(),
                    ids(search(Map.of("q", phrase + " -" + other))).stream().sorted().toList(),
                    "a title hit excluded by a word of its body is not counted");
            assertEquals(2, search(Map.of("q", phrase + " -" + other)).jsonPath().getLong("total"));
        }

        @Test
        void aTrailingStarFindsEveryWordThatStartsSo() {
            String word = uniqueWord();
            long id = Incidents.draftJson().title("Replica " + word + "kvist stalled " + Incidents.shortId()).create();

            assertEquals(List.of(), ids(search(Map.of("q", word, "exact", "true"))), "the word alone is another word");
            assertEquals(List.of(id), found(word + "*"));
        }

        @Test
        void aMisspeltShortQueryIsSearchedWithTheClosestSpellingAndSaysSo() {
            String word = uniqueWord();
            long id = Incidents.draftJson().title("Queue " + word + " drained " + Incidents.shortId()).create();
            String typo = word.substring(0, 5) + word.substring(6);

            Response response = search(Map.of("q", typo));

            assertEquals(List.of(id), ids(response));
            assertEquals(typo, response.jsonPath().getString("corrected_from"));
            assertEquals(word, response.jsonPath().getString("q"));
            assertEquals(List.of(), ids(search(Map.of("q", typo, "exact", "true"))), "exact=true searches only what was typed");
        }

        @Test
        void aHitShowsTheFragmentThatMatchedWithItsWordsHighlighted() {
            String word = uniqueWord();
            long id = Incidents.draftJson().customerImpact("Customers saw the " + word + " page for an hour.").create();

            Response response = search(Map.of("q", word));

            assertEquals(List.of(id), ids(response));
            assertEquals("Customer impact", response.jsonPath().getString("items[0].matched_in"));
            assertTrue(response.jsonPath().getString("items[0].snippet").contains("the " + word + " page"));
            assertEquals(List.of(word), response.jsonPath().getList("items[0].highlights"));
        }
    }

    @Nested
    class WhatIsSearched {

        @Test
        void timelineEntriesAndPostmortemSectionsAreFoundAssoonAsTheyAreWritten() {
            String inTimeline = uniqueWord();
            String inLessons = uniqueWord();
            long id = Incidents.draftJson().create();
            assertEquals(List.of(), found(inTimeline));

            PortalClient.api().body(Map.of("occurred_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    "kind", "OBSERVATION", "description", "Saw " + inTimeline + " climbing"))
                    .post(Incidents.API + "/" + id + "/timeline").then().statusCode(201);
            Map<String, Object> sections = new LinkedHashMap<>(Postmortems.writtenSectionsJson("general"));
            sections.put("learn", "### Lessons\n- Watch " + inLessons + " before deploying");
            Postmortems.put(id, sections).then().statusCode(200);

            Response timeline = search(Map.of("q", inTimeline));
            assertEquals(List.of(id), ids(timeline));
            assertEquals("Timeline", timeline.jsonPath().getString("items[0].matched_in"));
            Response lessons = search(Map.of("q", inLessons));
            assertEquals(List.of(id), ids(lessons));
            assertEquals("Postmortem: Learn", lessons.jsonPath().getString("items[0].matched_in"));

            sections.put("learn", "### Lessons\n- Something else entirely");
            Postmortems.put(id, sections).then().statusCode(200);
            assertEquals(List.of(), found(inLessons), "an edit replaces what is found");
        }

        @Test
        void tagsAndServicesAreSearched() {
            String word = uniqueWord();
            long id = Incidents.draftJson().tags("look-alike-" + word).services(word + "-api").create();

            assertEquals(List.of(id), found("look-alike " + word));
            assertEquals(List.of(id), found(word + "-api"));
        }

        @Test
        void theDemoStoriesAreFoundByTheWordsPeopleRemember() {
            demo.loadOnce(true);
            String title = "Production site showed no content after a config change pointed it at a new, empty database";

            for (String q : List.of("backup", "look-alike", "backups look-alike names")) {
                Response response = search(Map.of("q", q, "tag", "look-alike-names"));
                response.then().statusCode(200);
                assertTrue(response.jsonPath().getList("items.title", String.class).contains(title), q + " finds the demo story");
            }
            Response anyTag = search(Map.of("q", "look-alike", "size", "50"));
            assertTrue(anyTag.jsonPath().getList("items.title", String.class).contains(title));
        }
    }

    @Nested
    class Filters {

        @Test
        void eachFilterNarrowsTheResults() {
            String word = uniqueWord();
            Instant old = Instant.parse("2021-05-04T10:00:00Z");
            long a = Incidents.draftJson().summary(word).severity("SEV1").services("billing-" + word).tags("alpha-" + word)
                    .startedAt(old).detectedAt(old.plusSeconds(60)).create();
            long b = Incidents.draftJson().summary(word).severity("SEV3").status("RESOLVED")
                    .resolvedAt(Instant.now().minusSeconds(60)).create();
            long c = Incidents.draftJson().summary(word).severity("SEV3").create();
            Postmortems.put(c, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
            Postmortems.recordPublished(c, Instant.now());

            assertEquals(3, found(word).size());
            assertEquals(List.of(a), ids(search(Map.of("q", word, "severity", "sev1"))));
            assertEquals(List.of(b), ids(search(Map.of("q", word, "status", "resolved"))));
            assertEquals(List.of(a), ids(search(Map.of("q", word, "service", "Billing-" + word))));
            assertEquals(List.of(a), ids(search(Map.of("q", word, "tag", "alpha-" + word))));
            assertEquals(List.of(a), ids(search(Map.of("q", word, "from", "2021-05-04", "to", "2021-05-04"))));
            assertFalse(ids(search(Map.of("q", word, "from", "2021-05-05"))).contains(a));
            assertEquals(List.of(c), ids(search(Map.of("q", word, "published", "true"))));
        }

        @Test
        void resultsArePagedAndCounted() {
            String word = uniqueWord();
            for (int i = 0; i < 3; i++) {
                Incidents.draftJson().summary(word + " number " + i).create();
            }
            Response first = search(Map.of("q", word, "size", "2"));
            Response second = search(Map.of("q", word, "size", "2", "page", "2"));

            assertEquals(3, first.jsonPath().getLong("total"));
            assertFalse(first.jsonPath().getBoolean("total_is_lower_bound"));
            assertEquals(2, first.jsonPath().getInt("total_pages"));
            assertEquals(2, ids(first).size());
            assertEquals(1, ids(second).size());
            assertFalse(ids(first).contains(ids(second).get(0)));
        }
    }

    @Nested
    class Visibility {

        @Test
        void anIncidentInTheTrashIsNeverFoundAndComesBackWhenRestored() {
            String word = uniqueWord();
            long id = Incidents.draftJson().title("Gone " + word + " " + Incidents.shortId()).create();
            assertEquals(List.of(id), found(word));

            PortalClient.apiAs(Role.ADMIN).delete(Incidents.API + "/" + id).then().statusCode(204);

            assertEquals(List.of(), found(word));
            assertEquals(List.of(), found(word.substring(0, 6) + "*"));
        }

        @Test
        void viewersSearchDraftsAsTheyReadThem() {
            String word = uniqueWord();
            long id = Incidents.draftJson().summary("Draft about " + word).create();

            Response response = PortalClient.apiAs(Role.VIEWER).queryParam("q", word).get(SEARCH);

            assertEquals(List.of(id), ids(response));
        }

        @Test
        void signedOutProgramsAreRefused() {
            PortalClient.anonymousApi().queryParam("q", "backup").get(SEARCH).then().statusCode(401);
        }
    }

    @Nested
    class Refusals {

        @Test
        void injectionLookingTextIsJustWords() {
            for (String q : List.of("'); DROP TABLE incident; --", "backup:* & !", "\\x00 <script>alert(1)</script>",
                    "a | b & (c", "\"unbalanced", "***", "-", "OR OR or")) {
                Response response = search(Map.of("q", q));
                assertTrue(response.statusCode() == 200 || response.statusCode() == 400, q + " answered " + response.statusCode());
                if (response.statusCode() == 400) {
                    assertProblem(response, 400, "q");
                }
            }
        }

        @Test
        void anEmptyQueryIsRefusedWithWhatToDo() {
            Map<String, String> problem = assertProblem(search(Map.of("q", "  ")), 400, "q");
            assertTrue(problem.get("q").contains("q=backup"), problem.toString());
            assertProblem(PortalClient.api().get(SEARCH), 400, "q");
        }

        @Test
        void onlyVeryCommonWordsAreRefusedWithWhatToDo() {
            Map<String, String> problem = assertProblem(search(Map.of("q", "the and of")), 400, "q");
            assertTrue(problem.get("q").contains("too common"), problem.toString());
        }

        @Test
        void aHugeQueryIsRefusedWithItsLength() {
            Map<String, String> problem = assertProblem(search(Map.of("q", "backup ".repeat(100))), 400, "q");
            assertTrue(problem.get("q").contains("at most 200 characters"), problem.toString());
        }

        @Test
        void filtersThatMeanNothingAreRefused() {
            assertProblem(search(Map.of("q", "backup", "severity", "sev9")), 400, "severity");
            assertProblem(search(Map.of("q", "backup", "from", "yesterday")), 400, "from");
            assertProblem(search(Map.of("q", "backup", "from", "2024-02-01", "to", "2024-01-01")), 400, "to");
            assertProblem(search(Map.of("q", "backup", "published", "maybe")), 400, "published");
            assertProblem(search(Map.of("q", "backup", "page", "0")), 400, "page");
            assertProblem(search(Map.of("q", "backup", "size", "500")), 400, "size");
        }
    }
}
