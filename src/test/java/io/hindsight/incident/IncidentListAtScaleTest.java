package io.hindsight.incident;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.trash.Deleter;
import io.hindsight.trash.TrashService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incident list with long histories: pages reached by cursor neither repeat nor skip incidents (also when many
 * share a start time or a title), the counts the database keeps stay equal to counting every incident through every
 * kind of change, the tag and service filters and their suggestions, and the text filter reads the trigram index.
 */
@QuarkusTest
class IncidentListAtScaleTest {

    private static final Pattern OLDER = Pattern.compile("<a rel=\"next\" href=\"([^\"]+)\">");
    private static final Pattern NEWER = Pattern.compile("<a rel=\"prev\" href=\"([^\"]+)\">");
    private static final Pattern ROW = Pattern.compile("<a class=\"incident-title\" href=\"/incidents/(\\d+)\">");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TrashService trash;

    @Test
    void theApiWalksEveryIncidentOnceByCursorThoughTheyStartAtTheSameMoment() {
        String tag = Incidents.uniqueTag();
        Instant same = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        Set<Long> created = new LinkedHashSet<>();
        String[] severities = {"SEV1", "SEV2", "SEV3", "SEV4"};
        for (int i = 0; i < 23; i++) {
            created.add(Incidents.draftJson().tags(tag).startedAt(same).detectedAt(null).severity(severities[i % 4])
                    .title("Same title for all of them " + tag).create());
        }
        for (String sort : List.of("newest", "oldest", "severity", "updated", "title")) {
            List<Long> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                var request = PortalClient.api().queryParam("tag", tag).queryParam("size", 5).queryParam("sort", sort);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonPath page = request.get(Incidents.API).then().statusCode(200).extract().jsonPath();
                seen.addAll(page.getList("items.id", Long.class));
                assertEquals(23, page.getLong("total"), sort);
                assertTrue(page.getBoolean("total_exact"), sort);
                cursor = page.getString("next_cursor");
                pages++;
            } while (cursor != null && pages < 10);
            assertEquals(5, pages, sort + ": five pages of at most five");
            assertEquals(23, seen.size(), sort + ": " + seen);
            assertEquals(created, Set.copyOf(seen), sort + ": every incident once");
        }
        // Equal start times: ties go by id, newest (highest) first.
        List<Long> newest = PortalClient.api().queryParam("tag", tag).queryParam("size", 3).get(Incidents.API)
                .then().extract().jsonPath().getList("items.id", Long.class);
        List<Long> byIdDescending = created.stream().sorted(java.util.Comparator.reverseOrder()).limit(3).toList();
        assertEquals(byIdDescending, newest);
    }

    @Test
    void thePageWalksOlderAndBackNewerWithTheSameRows() {
        String tag = Incidents.uniqueTag();
        Instant same = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i < 12; i++) {
            Incidents.draftJson().tags(tag).startedAt(i < 8 ? same : same.minusSeconds(60L * i)).detectedAt(null).create();
        }
        PortalClient browser = PortalClient.browser();
        String first = browser.get("/incidents?tag=" + tag + "&size=5").asString();
        assertTrue(first.contains("Showing 1–5 of 12"), first);
        assertNull(link(NEWER, first), "the first page has no newer one");
        String second = browser.get(link(OLDER, first)).asString();
        assertTrue(second.contains("Showing 6–10 of 12"), second);
        String third = browser.get(link(OLDER, second)).asString();
        assertTrue(third.contains("Showing 11–12 of 12"), third);
        assertNull(link(OLDER, third), "the last page has no older one");
        List<Long> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        all.addAll(ids(third));
        assertEquals(12, new LinkedHashSet<>(all).size(), all.toString());

        String backToSecond = browser.get(link(NEWER, third)).asString();
        assertEquals(ids(second), ids(backToSecond));
        String backToFirst = browser.get(link(NEWER, backToSecond)).asString();
        assertEquals(ids(first), ids(backToFirst));
        assertNull(link(NEWER, backToFirst));

        // An old address with a page number still opens that page.
        assertEquals(ids(second), ids(browser.get("/incidents?tag=" + tag + "&size=5&page=2").asString()));
        // A cursor that is not one is ignored on the page, refused by the API.
        assertEquals(ids(first), ids(browser.get("/incidents?tag=" + tag + "&size=5&after=bm90LWEtY3Vyc29y").asString()));
        assertEquals(400, PortalClient.api().queryParam("cursor", "not-a-cursor").get(Incidents.API).statusCode());
        assertEquals(400, PortalClient.api().queryParam("page", 102).queryParam("size", 100).get(Incidents.API).statusCode(),
                "numbered pages stop at 10,000 incidents");
        assertEquals(303, browser.get("/incidents?page=600&size=20").statusCode(), "a deeper numbered page opens the first");
    }

    @Test
    void keptCountsEqualCountingThroughCreateChangeTrashRestoreAndPurge() throws SQLException {
        assertKeptCountsAreTrue();
        String tag = Incidents.uniqueTag();
        String service = "svc-" + Incidents.shortId();
        Incidents.IncidentJson draft = Incidents.draftJson().tags(tag, "shared-" + tag).services(service);
        long id = draft.create();
        long other = Incidents.draftJson().tags("shared-" + tag).create();
        assertKeptCountsAreTrue();
        assertTrue(known("incident_known_tag", tag) && known("incident_known_service", service));

        PortalClient.api().contentType("application/json").body(Map.of("title", draft.title(), "severity", "SEV1",
                "status", "MITIGATED", "started_at", draft.startedAt().toString(), "tags", List.of("renamed-" + tag)))
                .header("If-Match", Incidents.read(id).header("ETag"))
                .put(Incidents.API + "/" + id).then().statusCode(200);
        assertKeptCountsAreTrue();
        assertFalse(known("incident_known_tag", tag), "a tag no incident uses any more is no longer suggested");
        assertTrue(known("incident_known_tag", "renamed-" + tag));
        assertTrue(known("incident_known_tag", "shared-" + tag), "still used by the other incident");

        long adminId = TestAccounts.of(Role.ADMIN).id();
        trash.delete(other, new Deleter(adminId, true));
        assertKeptCountsAreTrue();
        assertFalse(known("incident_known_tag", "shared-" + tag), "an incident in the Trash suggests nothing");
        trash.restore(other, new Deleter(adminId, true));
        assertKeptCountsAreTrue();
        assertTrue(known("incident_known_tag", "shared-" + tag));

        trash.delete(id, new Deleter(adminId, true));
        trash.purge(id, new Deleter(adminId, true), draft.title(), true);
        assertKeptCountsAreTrue();
        assertFalse(known("incident_known_tag", "renamed-" + tag));

        String imported = "# Imported outage " + tag + "\n\n## Summary\n\nA cache stampede.\n";
        PortalClient.api().contentType("text/markdown").body(imported).post(Incidents.API + "/import").then().statusCode(201);
        assertKeptCountsAreTrue();

        // The list's tabs and the dashboard show the kept counts.
        String list = PortalClient.browser().get("/incidents").asString();
        Map<String, Long> counted = counted();
        long all = counted.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(list.contains("All <span class=\"count\">" + String.format(java.util.Locale.ROOT, "%,d", all) + "</span>"), list);
        assertTrue(list.contains("Investigating <span class=\"count\">" + String.format(java.util.Locale.ROOT, "%,d",
                counted.getOrDefault("INVESTIGATING", 0L)) + "</span>"), list);
    }

    @Test
    void tagAndServiceFiltersCountTheirMatchesAndSuggestTheirValues() {
        String tag = Incidents.uniqueTag();
        String service = "svc-" + Incidents.shortId();
        Incidents.draftJson().tags(tag).services(service).create();
        Incidents.draftJson().tags(tag).services("other-" + service).status("RESOLVED").create();
        Incidents.draftJson().tags("other-" + tag).services(service).create();

        PortalClient browser = PortalClient.browser();
        String byTag = browser.get("/incidents?tag=" + tag).asString();
        assertEquals(2, ids(byTag).size());
        assertTrue(byTag.contains("All <span class=\"count\">2</span>"), byTag);
        assertTrue(byTag.contains("Resolved <span class=\"count\">1</span>"), byTag);
        assertTrue(byTag.contains("<option value=\"" + tag + "\">"), "the tag is suggested");
        assertTrue(byTag.contains("<option value=\"" + service + "\">"), "the service is suggested");
        String byService = browser.get("/incidents?service=" + service).asString();
        assertEquals(2, ids(byService).size());
        String both = browser.get("/incidents?service=" + service + "&tag=" + tag + "&status=investigating").asString();
        assertEquals(1, ids(both).size());
        assertTrue(both.contains("Showing 1–1 of 1"), both);

        JsonPath api = PortalClient.api().queryParam("service", service).get(Incidents.API).then().statusCode(200)
                .extract().jsonPath();
        assertEquals(2, api.getLong("total"));
        assertNull(api.getString("next_cursor"));
    }

    @Test
    void theTextFilterIsASubstringMatchThroughTheTrigramIndex() throws SQLException {
        String word = "zq" + Incidents.shortId();
        long inTitle = Incidents.draftJson().title("Login loops after " + word.toUpperCase() + " rollout").create();
        long inSummary = Incidents.draftJson().summary("It began when x" + word + "y changed.").create();
        Incidents.draftJson().create();
        List<Long> found = PortalClient.api().queryParam("q", word.substring(1)).get(Incidents.API).then().statusCode(200)
                .extract().jsonPath().getList("items.id", Long.class);
        assertEquals(Set.of(inTitle, inSummary), Set.copyOf(found), "case-insensitive, anywhere in title or summary");

        // A few thousand incidents more: a rare text can be read through the trigram indexes.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("INSERT INTO incident (title, summary, severity, status, started_at, tags) SELECT 'Filler ' || g, "
                    + "'Nothing to see ' || g, 'SEV4', 'RESOLVED', now() - g * interval '1 hour', '{filler-" + word + "}' "
                    + "FROM generate_series(1, 3000) g");
            // Rows just written wait in the GIN indexes' pending lists (merged by autovacuum); merge them now, as the
            // planner prices an index with a long pending list as expensive.
            s.execute("SELECT gin_clean_pending_list('incident_title_trgm_idx'::regclass), "
                    + "gin_clean_pending_list('incident_summary_trgm_idx'::regclass)");
            s.execute("ANALYZE incident");
            // At this size a sequential scan is honestly cheaper; what must hold is that the filter's expressions
            // are the indexed ones (lower(title), lower(summary), LIKE), so the index is there to use when it pays.
            s.execute("SET LOCAL enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = s.executeQuery("EXPLAIN SELECT * FROM incident WHERE deleted_at IS NULL AND "
                    + "(lower(title) LIKE '%" + word + "%' OR lower(summary) LIKE '%" + word + "%') "
                    + "ORDER BY started_at DESC, id DESC LIMIT 21")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            c.rollback();
            assertTrue(plan.toString().contains("incident_title_trgm_idx") && plan.toString().contains("incident_summary_trgm_idx"),
                    plan.toString());
        }
    }

    private void assertKeptCountsAreTrue() throws SQLException {
        assertEquals(counted(), scalarMap("SELECT status, sum(incidents) FROM incident_tally GROUP BY status HAVING sum(incidents) <> 0"));
        assertEquals(scalarMap("SELECT t, count(*) FROM (SELECT DISTINCT id, unnest(tags) t FROM incident WHERE deleted_at IS NULL) x GROUP BY t"),
                scalarMap("SELECT tag, incidents FROM incident_known_tag"));
        assertEquals(scalarMap("SELECT s, count(*) FROM (SELECT DISTINCT id, unnest(affected_services) s FROM incident WHERE deleted_at IS NULL) x GROUP BY s"),
                scalarMap("SELECT service, incidents FROM incident_known_service"));
    }

    private Map<String, Long> counted() throws SQLException {
        return scalarMap("SELECT status, count(*) FROM incident WHERE deleted_at IS NULL GROUP BY status");
    }

    private boolean known(String table, String value) throws SQLException {
        return scalarMap("SELECT " + (table.endsWith("tag") ? "tag" : "service") + ", incidents FROM " + table).containsKey(value);
    }

    private Map<String, Long> scalarMap(String sql) throws SQLException {
        Map<String, Long> map = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                map.put(rows.getString(1), rows.getLong(2));
            }
        }
        return map;
    }

    private static String link(Pattern pattern, String html) {
        Matcher m = pattern.matcher(html);
        return m.find() ? m.group(1).replace("&amp;", "&") : null;
    }

    private static List<Long> ids(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        assertNotNull(ids);
        return ids;
    }
}
