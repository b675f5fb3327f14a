package io.hindsight.search;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.hindsight.search.SearchApiTest.ids;
import static io.hindsight.search.SearchApiTest.search;
import static io.hindsight.search.SearchApiTest.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Words with more matches than are counted (1,000): the search reads a bounded set of candidates (title hits, then
 * the newest), says "more than 1,000" rather than a number it did not count, and still puts title hits first, within
 * filters too. More than a thousand incidents are inserted in SQL in one statement (building them through the API
 * would take minutes and test nothing this test is about), and deleted again after each test.
 */
@QuarkusTest
class SearchManyMatchesTest {

    @Inject
    AgroalDataSource dataSource;

    private final List<String> tags = new ArrayList<>();

    /**
     * Inserts {@code count} incidents whose summaries say {@code summaryWords}; the g-th started {@code g} hours
     * before {@code newest}, its severity is SEV1 … SEV4 in turn, and every {@code everyNth} one also says
     * {@code rareWord}.
     */
    private void insert(String newest, int count, String summaryWords, int everyNth, String rareWord) throws SQLException {
        String tag = Incidents.uniqueTag();
        tags.add(tag);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO incident (title, summary, severity, status, started_at, detected_at, mitigated_at,
                                           resolved_at, customer_impact, affected_services, tags, created_at, updated_at)
                     SELECT 'Queue backlog ' || g, ? || CASE WHEN g % ? = 0 THEN ' ' || ? ELSE '' END,
                            (ARRAY ['SEV1', 'SEV2', 'SEV3', 'SEV4'])[1 + g % 4], 'RESOLVED',
                            CAST(? AS timestamptz) - g * interval '1 hour',
                            CAST(? AS timestamptz) - g * interval '1 hour' + interval '5 minutes',
                            CAST(? AS timestamptz) - g * interval '1 hour' + interval '20 minutes',
                            CAST(? AS timestamptz) - g * interval '1 hour' + interval '40 minutes',
                            '', ARRAY ['jobs'], ARRAY [CAST(? AS text)], now(), now()
                     FROM generate_series(1, ?) AS g""")) {
            insert.setString(1, summaryWords);
            insert.setInt(2, everyNth);
            insert.setString(3, rareWord);
            for (int i = 4; i <= 7; i++) {
                insert.setString(i, newest);
            }
            insert.setString(8, tag);
            insert.setInt(9, count);
            insert.executeUpdate();
        }
    }

    @AfterEach
    void deleteInserted() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM incident WHERE tags @> ARRAY[CAST(? AS text)]")) {
            for (String tag : tags) {
                delete.setString(1, tag);
                delete.executeUpdate();
            }
        }
        tags.clear();
    }

    @Test
    void aCommonWordShowsTitleHitsFirstThenTheNewestAndSaysMoreThanAThousand() throws SQLException {
        String common = uniqueWord();
        String rare = uniqueWord();
        // Title hits that started long before every text match still come first.
        long oldTitle = Incidents.draftJson().title("The " + common + " outage " + Incidents.shortId())
                .startedAt(java.time.Instant.parse("2019-03-01T10:00:00Z")).create();
        long olderTitle = Incidents.draftJson().title("Another " + common + " outage " + Incidents.shortId())
                .startedAt(java.time.Instant.parse("2018-03-01T10:00:00Z")).create();
        insert("2026-01-01T00:00:00Z", 1_200, "Workers stalled behind " + common + " locks.", 40, rare);

        Response first = search(Map.of("q", common));
        JsonPath json = first.jsonPath();
        List<Long> page = ids(first);

        assertEquals(List.of(oldTitle, olderTitle), page.subList(0, 2), "title hits first, however old");
        assertTrue(json.getBoolean("total_is_lower_bound"), "more matches than are counted");
        assertEquals(1000, json.getLong("total"));
        assertEquals(50, json.getInt("total_pages"));
        List<String> starts = json.getList("items.started_at", String.class).subList(2, page.size());
        List<String> newestFirst = new ArrayList<>(starts);
        newestFirst.sort(java.util.Comparator.reverseOrder());
        assertEquals(newestFirst, starts, "equally relevant text matches come newest first");
        assertTrue(starts.get(0).startsWith("2025-12-31T23:00"), starts.get(0));

        Set<Long> seen = new HashSet<>(page);
        for (int p = 2; p <= 6; p++) {
            for (long id : ids(search(Map.of("q", common, "page", String.valueOf(p))))) {
                assertTrue(seen.add(id), "page " + p + " repeats " + id);
            }
        }
        assertEquals(120, seen.size());

        String html = PortalClient.browserAs(Role.VIEWER)
                .get("/search?q=" + URLEncoder.encode(common, StandardCharsets.UTF_8)).asString();
        assertTrue(html.contains("More than 1,000 incidents"), html);

        Response rareOnly = search(Map.of("q", rare));
        assertEquals(30, rareOnly.jsonPath().getLong("total"), "a word with fewer matches is counted exactly");
        assertFalse(rareOnly.jsonPath().getBoolean("total_is_lower_bound"));
    }

    @Test
    void aFilterOnACommonWordKeepsTitleHitsFirstAndCountsWhatIsLeft() throws SQLException {
        String common = uniqueWord();
        long sev1Title = Incidents.draftJson().title("The " + common + " outage " + Incidents.shortId()).severity("SEV1")
                .startedAt(java.time.Instant.parse("2019-03-01T10:00:00Z")).create();
        long sev2Title = Incidents.draftJson().title("The " + common + " stall " + Incidents.shortId()).severity("SEV2").create();
        insert("2026-01-01T00:00:00Z", 4_400, "Workers stalled behind " + common + " locks.", 1_000_000, "unused");

        Response sev1 = search(Map.of("q", common, "severity", "sev1"));
        List<Long> page = ids(sev1);

        assertEquals(sev1Title, page.get(0), "the title hit first, however old");
        assertFalse(page.contains(sev2Title));
        assertTrue(sev1.jsonPath().getBoolean("total_is_lower_bound"), "a quarter of 4,400 is still more than 1,000");
        assertTrue(sev1.jsonPath().getList("items.severity", String.class).stream().allMatch("SEV1"::equals));
        assertTrue(sev1.jsonPath().getString("items[1].started_at").startsWith("2025-12-31T20:00"),
                sev1.jsonPath().getString("items[1].started_at"));

        Response december = search(Map.of("q", common, "from", "2025-12-01", "to", "2025-12-31"));
        assertEquals(744, december.jsonPath().getLong("total"), "one a hour in December, counted exactly");
        assertFalse(december.jsonPath().getBoolean("total_is_lower_bound"));
        assertTrue(december.jsonPath().getList("items.started_at", String.class).stream()
                .allMatch(s -> s.startsWith("2025-12")), "only the range");

        Response sev1Published = search(Map.of("q", common, "severity", "sev1", "published", "true"));
        assertEquals(0, sev1Published.jsonPath().getLong("total"), "none of them is published");
    }

    @Test
    void aCommonWordThatTheNewestIncidentsDoNotUseIsFoundAllTheSame() throws SQLException {
        String old = uniqueWord();
        // Far older than anything else in the database, so the newest documents hold none of these matches.
        insert("2001-06-01T00:00:00Z", 1_100, "The " + old + " relay dropped messages.", 1_000_000, "unused");
        long title = Incidents.draftJson().title("Old " + old + " relay " + Incidents.shortId())
                .startedAt(java.time.Instant.parse("1999-01-01T00:00:00Z")).create();

        Response response = search(Map.of("q", old));
        List<Long> page = ids(response);

        assertEquals(title, page.get(0), "the title hit first");
        assertEquals(20, page.size());
        assertTrue(response.jsonPath().getBoolean("total_is_lower_bound"));
        assertTrue(response.jsonPath().getString("items[1].started_at").startsWith("2001-05-31T23:00"),
                response.jsonPath().getString("items[1].started_at"));
    }
}
