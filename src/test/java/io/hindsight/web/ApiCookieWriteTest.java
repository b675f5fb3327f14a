package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static io.hindsight.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-site request forgery through the JSON API: a browser attaches the session cookie to whatever
 * another site makes it send, including a {@code text/plain} form post that needs no CORS preflight.
 * The session cookie therefore never authorises a change through {@code /api/}: every write route,
 * enumerated from the running portal's own OpenAPI document, refuses a cookie-only request with each
 * content type a cross-site page can send (and JSON), and the database is unchanged afterwards.
 */
@QuarkusTest
@DisplayName("The session cookie never authorises a change through the API")
class ApiCookieWriteTest {

    /** Content types another site's page can send without a preflight, and JSON. */
    private static final List<ContentType> CONTENT_TYPES = List.of(ContentType.TEXT, ContentType.URLENC, ContentType.JSON);

    /** Written by the notification relay on its own schedule, whatever this test does. */
    private static final Set<String> BACKGROUND_TABLES = Set.of("notification_outbox", "slack_destination");

    /** The sign-in routes take their credentials from the body and are public: the cookie means nothing to them. */
    private static final String SIGN_IN_ROUTES = "/api/v1/auth/";
    /** Webhooks from issue trackers: no session, no bearer token, only the delivery's signature, so a cookie gets 401. */
    private static final String SIGNED_WEBHOOKS = "/api/v1/trackers/";

    /**
     * Alerting tools deliver here with their alert source's own secret and never a cookie: the cookie means nothing to
     * these routes either, and without the source's secret they refuse (401, or 404 for an address no source has).
     */
    private static final String ALERT_INTAKE_ROUTES = "/api/v1/alerts/";

    @Inject
    EntityManager entityManager;

    @Test
    @DisplayName("the text/plain import that once created an incident with only the cookie is refused with 403 problem+json")
    void textPlainImportWithOnlyTheCookieIsRefused() {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        String title = "Forged import " + UUID.randomUUID();

        Response response = editor.request().contentType(ContentType.TEXT.withCharset("UTF-8")).accept(ContentType.ANY)
                .body(markdown(title)).post("/api/v1/incidents/import");

        assertProblem(response, 403);
        assertTrue(response.jsonPath().getString("detail").contains("bearer token"), response.asString());
        assertEquals(0, countTitled(title));
        assertTrue(response.header("Set-Cookie") == null || !response.header("Set-Cookie").startsWith(PortalClient.SESSION_COOKIE + "=;"),
                "the refusal leaves the browser signed in");
        assertEquals(200, editor.get("/incidents").statusCode(), "the session still works for the pages");
    }

    @Test
    @DisplayName("every write route under /api/v1 refuses a cookie-only request (text/plain, form, JSON) and writes nothing")
    void everyApiWriteRefusesTheCookie() {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        long incidentId = Incidents.draftJson().create();
        Postmortems.put(incidentId, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        long entryId = PortalClient.api().body(Map.of("occurred_at", Instant.now().minusSeconds(600).toString(), "kind", "ACTION",
                        "description", "Rolled back"))
                .post(Incidents.API + "/" + incidentId + "/timeline").then().statusCode(201).extract().jsonPath().getLong("id");
        long revisionId = PortalClient.api().get(Incidents.API + "/" + incidentId + "/revisions").then().statusCode(200)
                .extract().jsonPath().getLong("items[-1].id");
        Map<String, String> params = Map.of("id", String.valueOf(incidentId), "entryId", String.valueOf(entryId),
                "rid", String.valueOf(revisionId));

        List<String[]> routes = apiWriteRoutes();
        assertTrue(routes.stream().anyMatch(r -> r[1].equals("/api/v1/incidents/import")), "the import route is enumerated");
        assertTrue(routes.stream().anyMatch(r -> r[0].equals("DELETE")), "DELETE routes are enumerated");
        assertTrue(routes.stream().anyMatch(r -> r[0].equals("PUT")), "PUT routes are enumerated");

        Map<String, String> before = fingerprint();
        List<String> accepted = new ArrayList<>();
        int tried = 0;
        for (String[] route : routes) {
            String path = fill(route[1], params);
            for (ContentType type : CONTENT_TYPES) {
                for (PortalClient browser : List.of(editor, admin)) {
                    Response response = send(browser.request(), route[0], path, type);
                    tried++;
                    if (route[1].startsWith(SIGNED_WEBHOOKS)) {
                        // 401 for the signature; a form body is refused before that by the CSRF check (400).
                        if ((response.statusCode() != 401 && response.statusCode() != 400)
                                || !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                            accepted.add(route[0] + " " + path + " " + type + " → " + response.statusCode() + " " + response.asString());
                        }
                    } else if (route[1].startsWith(SIGN_IN_ROUTES) || route[1].startsWith(ALERT_INTAKE_ROUTES)) {
                        if (response.statusCode() < 400) {
                            accepted.add(route[0] + " " + path + " " + type + " → " + response.statusCode());
                        }
                    } else if (response.statusCode() != 403 || !String.valueOf(response.contentType()).startsWith("application/problem+json")
                            || !response.asString().contains("bearer token")) {
                        accepted.add(route[0] + " " + path + " " + type + " → " + response.statusCode() + " " + response.asString());
                    }
                }
            }
        }
        Map<String, String> after = fingerprint();

        int triedRequests = tried;
        assertAll(
                () -> assertTrue(accepted.isEmpty(), () -> "refused with 403 problem+json naming a bearer token, " + triedRequests
                        + " requests tried; not refused: " + String.join("\n", accepted)),
                () -> assertEquals(before, after, "no table changed"));

        // The same person's program, with a bearer token, still changes things.
        assertEquals(201, PortalClient.api().contentType(ContentType.TEXT.withCharset("UTF-8")).body(markdown("Bearer import " + UUID.randomUUID()))
                .post("/api/v1/incidents/import").statusCode());
        assertEquals(204, PortalClient.api().delete(Incidents.API + "/" + incidentId).statusCode());
    }

    @Test
    @DisplayName("odd spellings of an API path are the API too: the cookie is refused, nothing is imported")
    void pathSpellingsDoNotEscapeTheRule() {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        for (String path : List.of("/api/v1/incidents/../incidents/import", "/api/v1/./incidents/import", "/api/v1/incidents/%69mport")) {
            String title = "Forged import " + UUID.randomUUID();
            Response response = editor.request().urlEncodingEnabled(false).contentType(ContentType.TEXT.withCharset("UTF-8"))
                    .body(markdown(title)).post(path);
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, () -> path + " → " + response.statusCode());
            assertEquals(0, countTitled(title), path);
        }
    }

    @Test
    @DisplayName("reads with the cookie keep working, and a bearer token still takes precedence over a cookie on writes")
    void readsWithTheCookieAndBearerWritesKeepWorking() {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        long incidentId = Incidents.draftJson().create();

        assertEquals(200, editor.request().accept(ContentType.JSON).get(Incidents.API + "/" + incidentId).statusCode());
        assertEquals(200, editor.request().accept(ContentType.JSON).get(Incidents.API).statusCode());
        assertEquals(200, editor.request().accept(ContentType.JSON).head(Incidents.API + "/" + incidentId).statusCode());

        String title = "Bearer with cookie " + UUID.randomUUID();
        Response withBoth = editor.request().header("Authorization", "Bearer " + PortalClient.accessToken(Role.EDITOR))
                .contentType(ContentType.TEXT.withCharset("UTF-8")).body(markdown(title)).post("/api/v1/incidents/import");
        assertEquals(201, withBoth.statusCode(), withBoth.asString());
        assertEquals(1, countTitled(title));
    }

    /** Every write operation under /api/v1, as the running portal documents it: method and path template. */
    private static List<String[]> apiWriteRoutes() {
        Map<String, Map<String, Object>> paths = PortalClient.api().accept(ContentType.JSON).queryParam("format", "json")
                .get("/q/openapi").then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String[]> routes = new ArrayList<>();
        paths.forEach((path, operations) -> {
            if (path.startsWith("/api/v1/")) {
                for (String method : operations.keySet()) {
                    if (Set.of("post", "put", "patch", "delete").contains(method)) {
                        routes.add(new String[] {method.toUpperCase(java.util.Locale.ROOT), path});
                    }
                }
            }
        });
        assertFalse(routes.isEmpty());
        return routes;
    }

    private static String fill(String template, Map<String, String> params) {
        String path = template;
        for (Map.Entry<String, String> param : params.entrySet()) {
            path = path.replace("{" + param.getKey() + "}", param.getValue());
        }
        assertFalse(path.contains("{"), () -> "a path parameter this test does not know: " + template);
        return path;
    }

    /** What a cross-site page (or a script with the cookie) would send: a body that the route would take if it could. */
    private static Response send(RequestSpecification request, String method, String path, ContentType type) {
        String title = "Forged " + UUID.randomUUID();
        RequestSpecification spec = request.accept(ContentType.ANY);
        spec = switch (type) {
            case TEXT -> spec.contentType(ContentType.TEXT.withCharset("UTF-8")).body(markdown(title));
            case URLENC -> spec.contentType(ContentType.URLENC.withCharset("UTF-8")).formParams(Map.of("title", title, "severity", "SEV2"));
            default -> spec.contentType(ContentType.JSON).body(Map.of("title", title, "severity", "SEV2", "status", "INVESTIGATING",
                    "started_at", Instant.now().minusSeconds(3600).toString()));
        };
        return spec.request(method, path);
    }

    private static String markdown(String title) {
        return "# " + title + "\n\n## What happened\nThe queue backed up.\n\n## Root cause\nRetries.\n";
    }

    private static long countTitled(String title) {
        return QuarkusTransaction.requiringNew().call(() -> io.hindsight.incident.Incident.count("title", title));
    }

    /** A digest of every row of every table the requests could have touched. */
    @SuppressWarnings("unchecked")
    private Map<String, String> fingerprint() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> tables = entityManager.createNativeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
                    .getResultList();
            Map<String, String> digests = new TreeMap<>();
            for (String table : tables) {
                if (!BACKGROUND_TABLES.contains(table)) {
                    digests.put(table, String.valueOf(entityManager.createNativeQuery(
                            "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \""
                                    + table + "\" t").getSingleResult()));
                }
            }
            return digests;
        });
    }
}
