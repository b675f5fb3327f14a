package io.hindsight.web;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.SqlStatements;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.bench.Seeder;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No N+1 anywhere: each main page runs a small, fixed number of SQL statements, whether it shows a few rows or ten
 * times as many. The pages are loaded by one of the seeded people (so "mine" on the dashboard grows too) after seeding
 * {@value #FEW} incidents and again after seeding up to {@value #MANY}; the detail pages are loaded for the seeded
 * incident with the least and the one with the most timeline entries and action items.
 *
 * <p>Each page's queries are also translated to SQL once: loading a page again adds no entry to Hibernate's query plan
 * cache. A query whose cache key never equals the last one (a native query with a basic result class such as
 * {@code String.class}) adds one on every run, pushing the other queries' plans out, so that every page translated its
 * queries again (docs/performance.md, "What a page costs beyond its SQL").
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementCountTest {

    /**
     * Enough that each list shows some rows even on an empty database: the seed keeps its newest incidents open or in
     * review, so three would publish none, and a page that skips a query when it has no rows (the Lessons page's
     * checklists) would look like one that runs a query per row.
     */
    static final int FEW = 10;
    static final int MANY = 30;
    /** Statements any page may run: the session check, the page's own queries, and nothing per row. */
    static final long BOUND = 20;
    private static final String PASSWORD = "counting every statement";

    @Inject
    Seeder seeder;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SessionFactory sessionFactory;

    private long after;
    private final Map<String, Long> few = new LinkedHashMap<>();
    private final Map<String, Long> many = new LinkedHashMap<>();
    /** How many query plans each page added to the cache over three loads after a first one, the most of both rounds. */
    private final Map<String, Integer> plansAdded = new LinkedHashMap<>();
    /** The statements of each page's load with the fewest, with many rows: named in a failure message. */
    private final Map<String, String> listing = new LinkedHashMap<>();

    private boolean measured;

    /** Once, from the first test: RestAssured knows the portal's port only once a test runs. */
    void loadEveryPageWithFewAndManyRows() throws SQLException {
        if (measured) {
            return;
        }
        measured = true;
        after = scalar("SELECT coalesce(max(id), 0) FROM incident");
        seeder.seed(FEW, PASSWORD);
        measure(few, leastDetailed());
        seeder.seed(MANY - FEW, PASSWORD);
        measure(many, mostDetailed());
    }

    @AfterAll
    void removeSeededRows() throws SQLException {
        if (!measured) {
            return;
        }
        execute("DELETE FROM incident WHERE id > " + after);
        execute("DELETE FROM app_user WHERE email LIKE '%@" + Seeder.PEOPLE_DOMAIN + "'");
    }

    @Test
    void dashboard() throws SQLException {
        assertConstant("/");
    }

    @Test
    void incidentList() throws SQLException {
        assertConstant("/incidents");
    }

    @Test
    void incidentDetail() throws SQLException {
        assertConstant("incident detail");
    }

    @Test
    void postmortemPage() throws SQLException {
        assertConstant("postmortem");
    }

    @Test
    void actionItems() throws SQLException {
        assertConstant("/action-items");
    }

    @Test
    void lessons() throws SQLException {
        assertConstant("/lessons");
    }

    @Test
    void checklists() throws SQLException {
        assertConstant("/checklists");
    }

    @Test
    void incidentsApi() throws SQLException {
        assertConstant("/api/v1/incidents");
    }

    private void assertConstant(String page) throws SQLException {
        loadEveryPageWithFewAndManyRows();
        long withFew = few.get(page);
        long withMany = many.get(page);
        assertTrue(withFew <= BOUND, () -> page + " ran " + withFew + " statements with few rows, more than " + BOUND
                + ":\n" + listing.get(page));
        assertEquals(withFew, withMany, () -> page + " ran " + withFew + " statements with " + FEW + " incidents but "
                + withMany + " with " + MANY + ": a query runs per row shown:\n" + listing.get(page));
        // A query run for the first time in one of the loads (the session check's, say) adds one; a query whose plan is
        // never found again adds one per load.
        int added = plansAdded.get(page);
        assertTrue(added < 3, () -> page + " added " + added + " query plans to Hibernate's cache in three loads: a query's"
                + " translation is never found again (a native query with a basic result class?)");
    }

    private void measure(Map<String, Long> into, long detailId) {
        PortalClient browser = PortalClient.anonymous()
                .signIn(new TestAccounts.Account(0, Seeder.personEmail(1), PASSWORD, Role.EDITOR));
        for (String path : new String[]{"/", "/incidents", "/action-items", "/lessons", "/checklists"}) {
            into.put(path, count(path, path, () -> browser.get(path)));
        }
        into.put("incident detail", count("incident detail", "/incidents/" + detailId, () -> browser.get("/incidents/" + detailId)));
        into.put("postmortem", count("postmortem", "/incidents/" + detailId + "/postmortem",
                () -> browser.get("/incidents/" + detailId + "/postmortem")));
        into.put("/api/v1/incidents", count("/api/v1/incidents", "/api/v1/incidents", () -> PortalClient.api().get("/api/v1/incidents")));
        System.out.println("statements per request: " + into + "; query plans added in three loads: " + plansAdded);
        listing.forEach((page, sql) -> System.out.println("statements of " + page + ":\n" + sql));
    }

    /**
     * The fewest statements of three loads after a first one: the first may fill caches every later request finds
     * full, and the session check's short-lived cache may miss now and then; a query per row would show in every load.
     */
    private long count(String page, String path, Supplier<Response> load) {
        assertEquals(200, load.get().statusCode(), path);
        QueryInterpretationCache plans = sessionFactory.unwrap(SessionFactoryImplementor.class).getQueryEngine()
                .getInterpretationCache();
        int plansBefore = plans.getNumberOfCachedQueryPlans();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            SqlStatements.Counted<Response> counted = SqlStatements.during(load);
            assertEquals(200, counted.result().statusCode(), path);
            if (counted.statements() < fewest) {
                fewest = counted.statements();
                listing.put(page, counted.listing());
            }
        }
        int added = plans.getNumberOfCachedQueryPlans() - plansBefore;
        plansAdded.merge(page, added, Math::max);
        return fewest;
    }

    private long leastDetailed() throws SQLException {
        return detailed("ASC");
    }

    private long mostDetailed() throws SQLException {
        return detailed("DESC");
    }

    private long detailed(String order) throws SQLException {
        return scalar("""
                SELECT i.id FROM incident i JOIN postmortem p ON p.incident_id = i.id WHERE i.id > %d
                ORDER BY (SELECT count(*) FROM timeline_entry t WHERE t.incident_id = i.id)
                       + (SELECT count(*) FROM action_item a WHERE a.incident_id = i.id) %s, i.id LIMIT 1"""
                .formatted(after, order));
    }

    private long scalar(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
