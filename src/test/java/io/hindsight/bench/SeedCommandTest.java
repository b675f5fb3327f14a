package io.hindsight.bench;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.lesson.LessonCards;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed command: what it writes is what the pages read (every main page answers and shows seeded
 * rows), it keeps the invariants the portal relies on, writes one audit event, and refuses production.
 * Runs with the bare baselines served, so they are checked on the same seeded data.
 */
@QuarkusTest
@TestProfile(BenchEnabled.class)
class SeedCommandTest {

    private static final String PASSWORD = "seeded history is long";
    private static final int INCIDENTS = 500;

    @Inject
    SeedCommand command;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    LessonCards lessonCards;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private long after = Long.MAX_VALUE;

    @AfterEach
    void removeSeededRows() throws SQLException {
        // Timelines, postmortems, action items and checklists go with their incidents.
        execute("DELETE FROM incident WHERE id > " + after);
        execute("DELETE FROM app_user WHERE email LIKE '%@" + Seeder.PEOPLE_DOMAIN + "'");
        execute("UPDATE installation SET environment = 'test'");
    }

    @Test
    void fiveHundredSeededIncidentsFillEveryMainPage() throws SQLException {
        after = scalar("SELECT coalesce(max(id), 0) FROM incident");
        long auditBefore = scalar("SELECT count(*) FROM audit_event");
        command.password = PASSWORD;

        assertEquals(0, run("seed", "--incidents", "500"), err());
        assertTrue(out().contains("Seeded 500 incidents"), out());

        String where = " WHERE id > " + after;
        assertAll("invariants",
                () -> assertEquals(INCIDENTS, scalar("SELECT count(*) FROM incident" + where)),
                () -> assertEquals(0, scalar("SELECT count(*) FROM incident" + where + " AND version <> 0")),
                () -> assertEquals(0, scalar("SELECT count(*) FROM incident" + where
                        + " AND (cardinality(tags) = 0 OR EXISTS (SELECT 1 FROM unnest(tags) t WHERE t !~ '^[a-z0-9._/-]+$'))")),
                () -> assertEquals(0, scalar("SELECT count(*) FROM incident" + where
                        + " AND (status IN ('RESOLVED', 'IN_REVIEW', 'PUBLISHED')) <> (resolved_at IS NOT NULL)")),
                () -> assertTrue(scalar("SELECT count(DISTINCT status) FROM incident" + where) == 5, "every status occurs"),
                () -> assertEquals(0, scalar("SELECT count(*) FROM postmortem WHERE incident_id > " + after
                        + " AND (status = 'PUBLISHED') <> (published_at IS NOT NULL)")),
                () -> assertTrue(scalar("SELECT count(*) FROM postmortem WHERE status = 'DRAFT' AND incident_id > " + after) > 0),
                () -> assertTrue(scalar("SELECT count(DISTINCT owner_id) FROM action_item WHERE incident_id > " + after) >= 8,
                        "action items have several owners"),
                () -> assertTrue(scalar("SELECT count(DISTINCT status) FROM action_item WHERE incident_id > " + after) >= 3),
                () -> assertTrue(scalar("SELECT count(*) FROM incident_checklist_item ci JOIN incident_checklist c ON c.id = ci.checklist_id"
                        + " WHERE c.incident_id > " + after) > 0),
                () -> assertTrue(scalar("SELECT count(DISTINCT title) FROM incident" + where) > 400, "titles vary"),
                () -> assertEquals(auditBefore + 1, scalar("SELECT count(*) FROM audit_event")),
                () -> assertEquals(1, scalar("SELECT count(*) FROM audit_event WHERE action = 'data.seeded' AND detail LIKE '500 incidents%'")));

        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        String newestTitle = text("SELECT title FROM incident" + where + " ORDER BY started_at DESC, id DESC LIMIT 1");
        String openTitle = text("SELECT title FROM incident" + where + " AND status IN ('INVESTIGATING', 'MITIGATED') ORDER BY severity, started_at DESC LIMIT 1");
        String lessonTitle = text("SELECT i.title FROM postmortem p JOIN incident i ON i.id = p.incident_id WHERE p.incident_id > " + after
                + " AND p.status = 'PUBLISHED' ORDER BY p.published_at DESC, p.id DESC LIMIT 1");
        long published = scalar("SELECT incident_id FROM postmortem WHERE status = 'PUBLISHED' AND incident_id > " + after + " LIMIT 1");
        String tag = text("SELECT tags[1] FROM incident" + where + " ORDER BY id DESC LIMIT 1");

        assertShows(viewer, "/incidents", newestTitle);
        assertShows(viewer, "/incidents?tag=" + tag, newestTitle);
        assertShows(viewer, "/", openTitle);
        assertShows(viewer, "/lessons", lessonTitle);
        assertShows(viewer, "/incidents/" + published, text("SELECT title FROM incident WHERE id = " + published));
        assertShows(viewer, "/incidents/" + published + "/postmortem", text("SELECT title FROM incident WHERE id = " + published));

        // A seeded person signs in with the password given and finds their own action items.
        TestAccounts.Account person = new TestAccounts.Account(scalar("SELECT id FROM app_user WHERE email = '" + Seeder.personEmail(1) + "'"),
                Seeder.personEmail(1), PASSWORD, Role.EDITOR);
        PortalClient seeded = PortalClient.anonymous().signIn(person);
        String myItem = text("SELECT title FROM action_item WHERE owner_id = " + person.id() + " AND status IN ('OPEN', 'IN_PROGRESS')"
                + " ORDER BY due_on, id LIMIT 1");
        assertFalse(myItem.isEmpty(), "the first seeded person owns pending action items");
        assertShows(seeded, "/action-items?owner=me", myItem);
        String firstPending = text("SELECT a.title FROM action_item a JOIN incident i ON i.id = a.incident_id"
                + " WHERE a.status IN ('OPEN', 'IN_PROGRESS') AND i.deleted_at IS NULL ORDER BY a.due_on NULLS LAST, a.id LIMIT 1");
        assertShows(seeded, "/action-items", firstPending);

        // The bare baselines read the same rows.
        assertShows(viewer, "/bench/bare/incidents", newestTitle);
        assertShows(viewer, "/bench/bare/incidents?tag=" + tag, newestTitle);
        assertShows(viewer, "/bench/bare/dashboard", openTitle);
        assertShows(viewer, "/bench/bare/lessons", lessonTitle);
        assertShows(viewer, "/bench/bare/incidents/" + published, text("SELECT title FROM incident WHERE id = " + published));
        assertShows(viewer, "/bench/bare/incidents/" + published + "/postmortem", text("SELECT title FROM incident WHERE id = " + published));
        assertShows(viewer, "/bench/bare/checklists", "Backups and restore drills");
        assertShows(seeded, "/bench/bare/action-items", firstPending);
        Response json = viewer.request().get("/bench/bare/api/incidents?q=database");
        assertEquals(200, json.statusCode(), json.asString());
        List<String> titles = json.jsonPath().getList("title");
        long matching = scalar("SELECT count(*) FROM incident WHERE deleted_at IS NULL"
                + " AND (lower(title) LIKE '%database%' OR lower(summary) LIKE '%database%')");
        assertTrue(matching > 0, "the vocabulary names databases");
        assertEquals(Math.min(matching, BareBaselines.INCIDENTS_PER_PAGE), titles.size(), json.asString());
    }

    @Test
    void productionIsRefusedUnlessForcedAndWrongArgumentsAreNamed() throws SQLException {
        after = scalar("SELECT coalesce(max(id), 0) FROM incident");
        execute("UPDATE installation SET environment = 'production'");
        assertEquals(SeedCommand.FAILED, run("seed", "--incidents", "3"));
        assertTrue(err().contains("refused") && err().contains("\"production\"") && err().contains("--force"), err());
        assertEquals(0, scalar("SELECT count(*) FROM incident WHERE id > " + after));

        assertEquals(0, run("seed", "--incidents", "3", "--force"), err());
        assertEquals(3, scalar("SELECT count(*) FROM incident WHERE id > " + after));

        assertEquals(SeedCommand.USAGE, run("seed", "--incidents", "many"));
        assertTrue(err().contains("whole number"), err());
        assertEquals(SeedCommand.USAGE, run("seed", "--incidents", "0"));
        assertEquals(SeedCommand.USAGE, run("seed", "--replace"));
        assertTrue(err().contains("Unknown option --replace"), err());
    }

    /**
     * What the seed builds in bulk (lesson cards and the library's factor list, search documents and their words, the
     * list's counts and known tags and services) is row for row what the portal's own write path builds for the same
     * incidents: the cards rebuilt one at a time by {@link LessonCards#fillMissing()} as after a publish, the search
     * documents by the triggers of an ordinary update, the counts as a restore recounts them.
     */
    @Test
    void everyDerivedRowEqualsWhatTheNormalWritePathBuilds() throws SQLException {
        after = scalar("SELECT coalesce(max(id), 0) FROM incident");
        // Factors that no card names any more (left by incidents other tests removed) go, so that the seed has factors to add.
        String unnamedFactors = "DELETE FROM lesson_factor f WHERE NOT EXISTS (SELECT 1 FROM lesson_card c WHERE f.factor_key = ANY (c.factor_keys))";
        execute(unnamedFactors);
        long factorsBefore = scalar("SELECT count(*) FROM lesson_factor");
        List<String> wordsBefore = rows("SELECT word FROM search_word ORDER BY 1");
        command.password = PASSWORD;
        assertEquals(0, run("seed", "--incidents", "300"), err());

        String cards = "SELECT postmortem_id, incident_id, published_at, lessons_html, feed_html, factors, factor_keys FROM lesson_card"
                + " WHERE incident_id > " + after + " ORDER BY postmortem_id";
        String documents = "SELECT * FROM search_document WHERE incident_id > " + after + " ORDER BY incident_id";
        List<String> seededCards = rows(cards);
        List<String> seededFactors = rows("SELECT factor_key, label FROM lesson_factor ORDER BY 1");
        List<String> seededDocuments = rows(documents);
        List<String> seededWords = rows("SELECT word FROM search_word ORDER BY 1");
        assertEquals(scalar("SELECT count(*) FROM postmortem WHERE status = 'PUBLISHED' AND incident_id > " + after),
                seededCards.size(), "every seeded published postmortem has its card");
        assertEquals(300, seededDocuments.size(), "every seeded incident has its search document");
        assertTrue(scalar("SELECT count(*) FROM lesson_card WHERE cardinality(factors) > 0 AND incident_id > " + after) > 0,
                "the seed's cards name contributing factors");
        assertTrue(seededFactors.size() >= factorsBefore);

        // The normal path: cards extracted one postmortem at a time, documents rebuilt by the incident's update trigger.
        execute("DELETE FROM lesson_card WHERE incident_id > " + after);
        execute(unnamedFactors);
        execute("DELETE FROM search_document WHERE incident_id > " + after);
        execute("DELETE FROM search_word WHERE word <> ALL (" + arrayOf(wordsBefore) + ")");
        lessonCards.fillMissing();
        execute("UPDATE incident SET title = title WHERE id > " + after);

        assertAll("derived rows",
                () -> assertEquals(rows(cards), seededCards, "lesson cards"),
                () -> assertEquals(rows("SELECT factor_key, label FROM lesson_factor ORDER BY 1"), seededFactors, "factors"),
                () -> assertEquals(rows(documents), seededDocuments, "search documents"),
                () -> assertEquals(rows("SELECT word FROM search_word ORDER BY 1"), seededWords, "search words"),
                () -> assertEquals(rows("SELECT status, severity, count(*) FROM incident WHERE deleted_at IS NULL"
                        + " GROUP BY 1, 2 ORDER BY 1, 2"), rows("SELECT * FROM incident_tally WHERE incidents > 0 ORDER BY 1, 2"), "tallies"),
                () -> assertEquals(rows("SELECT t, count(DISTINCT i.id) FROM incident i, unnest(i.tags) t WHERE i.deleted_at IS NULL"
                        + " GROUP BY 1 ORDER BY 1"), rows("SELECT * FROM incident_known_tag ORDER BY 1"), "known tags"),
                () -> assertEquals(rows("SELECT s, count(DISTINCT i.id) FROM incident i, unnest(i.affected_services) s"
                        + " WHERE i.deleted_at IS NULL GROUP BY 1 ORDER BY 1"), rows("SELECT * FROM incident_known_service ORDER BY 1"),
                        "known services"),
                () -> assertEquals(0, scalar("SELECT count(*) FROM incident WHERE id > " + after
                        + " AND similar_terms IS DISTINCT FROM incident_similar_terms(title, summary)"), "similar terms"));
    }

    @Test
    void theRecordedEnvironmentDecidesAndTheConfiguredOneOnlyWhenNoneIsRecorded() {
        assertNotNull(Seeder.refusal("production", "local", false));
        assertNotNull(Seeder.refusal("Prod-EU", "local", false));
        assertNotNull(Seeder.refusal(null, "production", false));
        assertNull(Seeder.refusal("bench", "production", false));
        assertNull(Seeder.refusal("production", "production", true));
        assertTrue(SeedCommand.isCommand("seed"));
    }

    private static void assertShows(PortalClient browser, String path, String text) {
        Response page = browser.get(path);
        assertEquals(200, page.statusCode(), () -> path + ": " + page.asString());
        assertTrue(page.asString().contains(escaped(text)), () -> path + " should show \"" + text + "\"");
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return command.run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private long scalar(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : "";
        }
    }

    /** Every row of a query, each as its columns' text joined by tabs. */
    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "\t" : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String arrayOf(List<String> values) {
        return "ARRAY[" + values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", ")) + "]::text[]";
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
