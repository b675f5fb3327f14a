package io.hindsight.demo;

import io.hindsight.PortalClient;
import io.hindsight.incident.Incident;
import io.hindsight.postmortem.Postmortems;
import io.hindsight.system.Installation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two demo stories are loaded once per installation, with finished postmortems. Each test
 * first forgets that they were loaded (installation.demo_loaded_at) and counts the demo incidents
 * before and after, since other tests share the database.
 */
@QuarkusTest
class DemoDataTest {

    static final String EMPTY_SITE = "Production site showed no content after a config change pointed it at a new, empty database";
    static final String RUSHED_AUTH = "Users logged out and pages failing after the rushed authentication release";
    static final List<String> DEMO_TITLES = List.of(EMPTY_SITE, RUSHED_AUTH);

    @Inject
    DemoData demo;

    @Test
    void loadsBothStoriesOnceWithEverySectionOfTheirPostmortemsWritten() {
        forgetThatTheDemoWasLoaded();
        Map<String, Long> before = countDemoIncidents();

        assertTrue(demo.loadOnce(true), "the first load loads");

        Map<String, Long> after = countDemoIncidents();
        for (String title : DEMO_TITLES) {
            assertEquals(before.get(title) + 1, after.get(title), title);
            long id = newestIncidentTitled(title);
            Response postmortem = Postmortems.read(id);
            assertEquals(200, postmortem.statusCode(), "the demo incident has a postmortem: " + title);
            for (String field : Postmortems.SECTION_FIELDS) {
                String text = postmortem.jsonPath().getString(Postmortems.snakeCase(field));
                assertFalse(text == null || text.isBlank(), field + " is written for: " + title);
            }
            assertFalse(PortalClient.api().get("/api/v1/incidents/" + id).jsonPath().getList("timeline").isEmpty(),
                    "the demo incident has a timeline: " + title);
        }
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> Installation.current().demoLoadedAt));

        assertFalse(demo.loadOnce(true), "the second load does nothing");
        assertEquals(after, countDemoIncidents());
    }

    @Test
    void theDemoStoriesUseTheMatchingTemplates() {
        forgetThatTheDemoWasLoaded();
        demo.loadOnce(true);

        Postmortems.read(newestIncidentTitled(EMPTY_SITE)).then().statusCode(200)
                .body("template", equalTo("wrong-database"));
        Postmortems.read(newestIncidentTitled(RUSHED_AUTH)).then().statusCode(200)
                .body("template", equalTo("auth-session-token"));
    }

    @Test
    void twoInstancesLoadingAtOnceLoadTheStoriesOnce() throws Exception {
        forgetThatTheDemoWasLoaded();
        Map<String, Long> before = countDemoIncidents();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Boolean> load = () -> demo.loadOnce(true);
            List<Future<Boolean>> results = pool.invokeAll(List.of(load, load));

            long loaded = 0;
            for (Future<Boolean> result : results) {
                loaded += result.get() ? 1 : 0;
            }
            assertEquals(1, loaded, "exactly one of the two loads");
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> after = countDemoIncidents();
        for (String title : DEMO_TITLES) {
            assertEquals(before.get(title) + 1, after.get(title), title);
        }
    }

    @Test
    void theDashboardButtonDoesNotLoadTheStoriesTwice() {
        demo.loadOnce(true);
        Map<String, Long> before = countDemoIncidents();
        PortalClient browser = PortalClient.browser();
        // The button is only on an empty dashboard; any page's form carries this browser's CSRF token.
        PortalClient.FormPage anyForm = browser.open("/incidents/new");

        Response response = anyForm.submit("/demo", Map.of());

        assertEquals(303, response.statusCode());
        assertEquals("/incidents", PortalClient.location(response));
        assertEquals(before, countDemoIncidents());
    }

    @Test
    void neverLoadsIntoADatabaseThatAlreadyHasIncidents() {
        PortalClient.api().body(Map.of("title", "A real incident, before any demo", "severity", "SEV3",
                "status", "INVESTIGATING", "started_at", "2026-01-05T10:00:00Z")).post("/api/v1/incidents").then().statusCode(201);
        forgetThatTheDemoWasLoaded();
        Map<String, Long> before = countDemoIncidents();

        assertFalse(demo.loadOnce(), "a database with incidents gets no demo incidents");

        assertEquals(before, countDemoIncidents());
        assertEquals(null, QuarkusTransaction.requiringNew().call(() -> Installation.current().demoLoadedAt),
                "nothing is marked as loaded");
    }

    private static void forgetThatTheDemoWasLoaded() {
        QuarkusTransaction.requiringNew().run(() -> Installation.update("demoLoadedAt = null"));
    }

    private static Map<String, Long> countDemoIncidents() {
        return QuarkusTransaction.requiringNew().call(() -> Map.of(
                EMPTY_SITE, Incident.count("title", EMPTY_SITE),
                RUSHED_AUTH, Incident.count("title", RUSHED_AUTH)));
    }

    private static long newestIncidentTitled(String title) {
        return QuarkusTransaction.requiringNew().call(() ->
                Incident.<Incident>find("title = ?1 ORDER BY id DESC", title).firstResult().id);
    }
}
