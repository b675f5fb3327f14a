package io.hindsight.lesson;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemDraft;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.system.AfterStart;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The library a page at a time from the stored cards: filters before the limit, keyset pages that neither repeat
 * nor skip a lesson while others are published, cards for postmortems published before cards existed, cards that
 * follow an approved amendment, and pages that read the stored card, never the Markdown. Postmortems published
 * "before cards existed" are written straight into the tables, as an older portal left them.
 */
@QuarkusTest
class LessonLibraryPagingTest {

    private static final Pattern CARD_LINK = Pattern.compile("<article class=\"card lesson\">\\s*<h2><a href=\"/incidents/(\\d+)/postmortem\"");
    private static final Pattern PAT = Pattern.compile("<code class=\"token-value\">(hs_pat_[A-Za-z0-9_-]+)</code>");

    private static PortalClient viewer;

    @Inject
    LessonCards cards;

    @Inject
    AfterStart afterStart;

    @Inject
    LessonService library;

    @Inject
    PostmortemService postmortems;

    @Inject
    EntityManager entityManager;

    @Test
    void theOnlyLessonWithAFactorIsFoundBehind249NewerOnes() {
        String tag = Incidents.uniqueTag();
        String factor = "Clock skew " + Incidents.shortId();
        List<Long> ids = seedPublishedBeforeCards(tag, 250, Instant.parse("2001-01-01T00:00:00Z"),
                learn("Check the clocks first", factor), learn("Nothing about time"));
        cards.fillMissing();
        long oldest = ids.get(0);

        assertNull(card(library("?tag=" + tag), oldest), "the oldest is far from the first page");
        assertNotNull(card(library("?factor=" + factor.toUpperCase()), oldest), "the factor filter runs in the query");
        assertEquals(List.of(oldest), cardIds(library("?tag=" + tag + "&factor=" + factor)));
        assertEquals(List.of(oldest), library.published(new LessonService.LessonFilter(null, null, null, factor), 1)
                .stream().map(Lesson::incidentId).toList());
    }

    @Test
    void theOlderAndNewerLinksWalkEveryLessonOnceAndBack() {
        String tag = Incidents.uniqueTag();
        List<Long> ids = seedPublishedBeforeCards(tag, 60, Instant.now().minus(3, ChronoUnit.DAYS),
                learn("A lesson"), learn("A lesson"));
        cards.fillMissing();
        List<Long> newestFirst = newestFirst(ids);

        List<Long> seen = new ArrayList<>();
        String page = library("?tag=" + tag);
        assertNull(link(page, "prev"), "the first page has no newer page");
        List<String> pages = new ArrayList<>();
        while (true) {
            pages.add(page);
            seen.addAll(cardIds(page));
            String older = link(page, "next");
            if (older == null) {
                break;
            }
            assertTrue(older.contains("tag=" + tag), "the link keeps the filter: " + older);
            assertTrue(pages.size() < 5, "the pages end");
            page = get(older);
        }
        assertEquals(newestFirst, seen, "every lesson once, newest first");
        assertEquals(3, pages.size(), "pages of " + LessonsResource.PAGE_SIZE);

        String back = get(link(pages.get(2), "prev"));
        assertEquals(cardIds(pages.get(1)), cardIds(back), "newer from the last page is the page before it");
        assertEquals(cardIds(pages.get(0)), cardIds(get(link(back, "prev"))));
    }

    @Test
    void aLessonPublishedBetweenPageLoadsNeitherRepeatsNorHidesOthers() {
        String tag = Incidents.uniqueTag();
        List<Long> ids = seedPublishedBeforeCards(tag, 30, Instant.now().minus(2, ChronoUnit.DAYS),
                learn("A lesson"), learn("A lesson"));
        cards.fillMissing();

        String first = library("?tag=" + tag);
        long newest = publish(Incidents.draftJson().tags(tag), learn("Published while someone was reading"));
        String second = get(link(first, "next"));

        List<Long> both = new ArrayList<>(cardIds(first));
        both.addAll(cardIds(second));
        assertEquals(newestFirst(ids), both, "the 30 older lessons, each once");
        String newerAgain = get(link(second, "prev"));
        assertEquals(cardIds(first), cardIds(newerAgain));
        assertEquals(List.of(newest), cardIds(get(link(newerAgain, "prev"))), "the new lesson is on a newer page");
    }

    @Test
    void postmortemsPublishedBeforeCardsGetOneWhenThePortalStartsOnce() {
        String tag = Incidents.uniqueTag();
        String factor = "Stale cache " + Incidents.shortId();
        List<Long> ids = seedPublishedBeforeCards(tag, 3, Instant.now().minus(1, ChronoUnit.DAYS),
                learn("Warm the cache before the switch", factor), learn("Another lesson"));
        assertEquals(List.of(), cardIds(library("?tag=" + tag)), "no card yet");

        assertTrue(cards.fillMissing() >= 3);
        assertEquals(0, cards.fillMissing(), "a second pass finds nothing to do");

        String page = library("?tag=" + tag);
        assertEquals(newestFirst(ids), cardIds(page));
        String oldest = card(page, ids.get(0));
        assertAll(
                () -> assertTrue(oldest.contains("Warm the cache before the switch"), oldest),
                () -> assertTrue(oldest.contains(">" + factor + "</a>"), oldest),
                () -> assertFalse(oldest.contains("A factor nobody ticked"), oldest));
        assertTrue(library("").contains("<option value=\"" + factor + "\""), "the factor joins the filter's list");
    }

    @Test
    void theStartLeavesTheCardsToTheBackgroundWhereTheyAreStillFilled() throws Exception {
        String tag = Incidents.uniqueTag();
        List<Long> ids = seedPublishedBeforeCards(tag, 3, Instant.now().minus(1, ChronoUnit.DAYS),
                learn("Filled after the start"), learn("Another lesson"));
        CountDownLatch busy = new CountDownLatch(1);
        afterStart.run("holding the background thread", () -> {
            try {
                busy.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            cards.onStart(new StartupEvent());
            assertEquals(List.of(), cardIds(library("?tag=" + tag)), "the start did not wait for the cards");
        } finally {
            busy.countDown();
        }
        afterStart.idle().get(60, TimeUnit.SECONDS);
        assertEquals(newestFirst(ids), cardIds(library("?tag=" + tag)), "filled in the background");
    }

    @Test
    void anApprovedAmendmentReplacesTheCard() {
        Incidents.IncidentJson incident = Incidents.draftJson();
        String before = "Before " + Incidents.shortId();
        String after = "After " + Incidents.shortId();
        long id = publish(incident, learn("The first lesson", before));
        long admin = TestAccounts.of(Role.ADMIN).id();

        QuarkusTransaction.requiringNew().run(() -> {
            PostmortemDraft text = PostmortemDraft.of(Postmortem.findByIncident(id).orElseThrow());
            postmortems.save(id, new PostmortemDraft(text.summary(), text.impact(), text.timelineNotes(), text.laugh(),
                    learn("The amended lesson", after), text.fix(), text.share()), null, admin);
        });
        assertTrue(card(library("?tag=" + incident.tag()), id).contains("The first lesson"), "an open amendment changes nothing yet");

        QuarkusTransaction.requiringNew().run(() -> postmortems.approveAmendment(Postmortem.findByIncident(id).orElseThrow(), admin));

        String lesson = card(library("?tag=" + incident.tag()), id);
        assertTrue(lesson.contains("The amended lesson"), lesson);
        assertFalse(lesson.contains("The first lesson"), lesson);
        assertEquals(List.of(id), cardIds(library("?factor=" + after)));
        assertEquals(List.of(), cardIds(library("?factor=" + before)));
    }

    @Test
    void theLibraryAndTheFeedShowTheStoredCardNotTheMarkdown() {
        Incidents.IncidentJson incident = Incidents.draftJson();
        long id = publish(incident, learn("Written in Markdown"));
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        UPDATE lesson_card SET lessons_html = '<p>Stored card text</p>', feed_html = '<p>Stored feed text</p>'
                        WHERE incident_id = :id""").setParameter("id", id).executeUpdate());

        String lesson = card(library("?tag=" + incident.tag()), id);
        assertTrue(lesson.contains("<p>Stored card text</p>"), lesson);
        assertFalse(lesson.contains("Written in Markdown"), lesson);

        PortalClient person = PortalClient.browser();
        Matcher pat = PAT.matcher(person.open("/account/tokens").submit("/account/tokens",
                Map.of("name", "feed reader", "scope", "READ", "days", "30")).asString());
        assertTrue(pat.find());
        String feed = RestAssured.given().header("Authorization", "Bearer " + pat.group(1)).get("/feed/lessons.atom")
                .then().statusCode(200).extract().asString();
        assertTrue(feed.contains("&lt;p&gt;Stored feed text&lt;/p&gt;"), feed);
        assertFalse(feed.contains("Written in Markdown"), feed);
    }

    /**
     * {@code count} incidents with published postmortems and no card, one minute apart from {@code oldest}; the
     * oldest has {@code firstLearn}, the others {@code otherLearn}. Their incident ids, oldest first.
     */
    private List<Long> seedPublishedBeforeCards(String tag, int count, Instant oldest, String firstLearn, String otherLearn) {
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("""
                            INSERT INTO incident (title, severity, status, started_at, tags)
                            SELECT 'Seeded lesson ' || g, 'SEV3', 'PUBLISHED', CAST(:oldest AS timestamptz) + g * interval '1 minute',
                                   ARRAY[CAST(:tag AS text)]
                            FROM generate_series(0, :count - 1) g""")
                    .setParameter("oldest", oldest).setParameter("tag", tag).setParameter("count", count).executeUpdate();
            entityManager.createNativeQuery("""
                            INSERT INTO postmortem (incident_id, template_id, summary, learn, status, published_at)
                            SELECT i.id, (SELECT t.id FROM postmortem_template t WHERE t.slug = 'general'), 'Summary of ' || i.title,
                                   CASE WHEN i.started_at = CAST(:oldest AS timestamptz) THEN :first ELSE :other END,
                                   'PUBLISHED', i.started_at
                            FROM incident i WHERE i.tags @> ARRAY[CAST(:tag AS text)]""")
                    .setParameter("oldest", oldest).setParameter("tag", tag)
                    .setParameter("first", firstLearn).setParameter("other", otherLearn).executeUpdate();
            @SuppressWarnings("unchecked")
            List<Number> ids = entityManager.createNativeQuery(
                            "SELECT id FROM incident WHERE tags @> ARRAY[CAST(:tag AS text)] ORDER BY started_at, id")
                    .setParameter("tag", tag).getResultList();
            return ids.stream().map(Number::longValue).toList();
        });
    }

    private static List<Long> newestFirst(List<Long> oldestFirst) {
        List<Long> ids = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(ids);
        return ids;
    }

    private static List<Long> cardIds(String page) {
        List<Long> ids = new ArrayList<>();
        Matcher card = CARD_LINK.matcher(page);
        while (card.find()) {
            ids.add(Long.parseLong(card.group(1)));
        }
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no card twice on a page");
        return ids;
    }

    /** The href of the page's {@code rel} link ("prev" is newer, "next" older), or null. */
    private static String link(String page, String rel) {
        Matcher link = Pattern.compile("<a rel=\"" + rel + "\" href=\"([^\"]+)\"").matcher(page);
        // Decoded, because RestAssured encodes the query again, as a browser would not.
        return link.find() ? java.net.URLDecoder.decode(link.group(1).replace("&amp;", "&"), java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    private static String library(String query) {
        return get("/lessons" + query);
    }

    private static String get(String path) {
        if (viewer == null) {
            viewer = PortalClient.browserAs(Role.VIEWER); // one sign-in for the class: pages are what is tested here
        }
        return viewer.get(path).then().statusCode(200).extract().asString();
    }
}
