package io.hindsight.web;

import io.hindsight.PortalClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What people and programs see when something is missing, and the headers and operations endpoints around every page. */
@QuarkusTest
class ErrorPagesTest {

    @Test
    void unknownPageIsAFriendlyHtml404WithoutAStackTrace() {
        Response page = PortalClient.browser().get("/no-such-page-" + System.nanoTime());

        assertEquals(404, page.statusCode());
        assertThatContentType(page, "text/html");
        String html = page.asString();
        assertTrue(html.contains("could not find"), "the page should say what went wrong in plain words");
        assertTrue(html.contains("href=\"/incidents\""), "the page should offer a way on");
        assertNoStackTrace(html);
    }

    @Test
    void unknownIncidentPageIsAFriendlyHtml404() {
        Response page = PortalClient.browser().get("/incidents/" + Long.MAX_VALUE);

        assertEquals(404, page.statusCode());
        assertThatContentType(page, "text/html");
        assertTrue(page.asString().contains("could not find"));
        assertNoStackTrace(page.asString());
    }

    @Test
    void unknownIncidentInTheApiIsAProblemDocument() {
        PortalClient.api().get("/api/v1/incidents/" + Long.MAX_VALUE)
                .then()
                .statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(404))
                .body("title", containsString("could not find"))
                .body("instance", equalTo("/api/v1/incidents/" + Long.MAX_VALUE))
                .body(not(containsString("Exception")));
    }

    @Test
    void aWrongMethodIsAFriendlyPage() {
        Response page = PortalClient.browser().get("/incidents/1/timeline");

        assertEquals(405, page.statusCode());
        assertThatContentType(page, "text/html");
        assertTrue(page.asString().contains("That action is not possible here"));
        assertNoStackTrace(page.asString());
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Response response : new Response[] {PortalClient.browser().get("/incidents"),
                PortalClient.api().get("/api/v1/incidents")}) {
            String csp = response.header("Content-Security-Policy");
            assertNotNull(csp, "Content-Security-Policy is missing");
            String scriptSrc = directive(csp, "script-src");
            assertAll(
                    () -> assertEquals("script-src 'self'", scriptSrc, "scripts only from our own origin"),
                    () -> assertFalse(scriptSrc.contains("'unsafe-inline'"), "inline scripts must stay forbidden"),
                    () -> assertEquals("frame-ancestors 'none'", directive(csp, "frame-ancestors")),
                    () -> assertEquals("nosniff", response.header("X-Content-Type-Options")),
                    () -> assertEquals("same-origin", response.header("Referrer-Policy")),
                    () -> assertEquals("DENY", response.header("X-Frame-Options")));
        }
    }

    @Test
    void readinessIsUpWithTheDatabase() {
        PortalClient.browser().request().accept("application/json").get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void metricsAreExposedAsPrometheusText() {
        // Make sure at least one HTTP request has been measured.
        PortalClient.api().get("/api/v1/incidents").then().statusCode(200);

        // What a Prometheus server asks for when it scrapes the classic text format.
        Response metrics = PortalClient.browser().request().accept("text/plain; version=0.0.4").get("/q/metrics");

        assertEquals(200, metrics.statusCode());
        assertThatContentType(metrics, "text/plain");
        String text = metrics.asString();
        assertTrue(text.contains("# TYPE "), "Prometheus exposition format has TYPE lines");
        assertTrue(text.contains("http_server_requests_seconds_count"), "HTTP requests are measured");
    }

    @Test
    void openApiDocumentListsTheIncidentApi() {
        PortalClient.browser().request().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/v1/incidents:"))
                .body(containsString("/api/v1/incidents/{id}/postmortem:"))
                .body(containsString("title: Hindsight API"));
    }

    private static String directive(String csp, String name) {
        for (String part : csp.split(";")) {
            String directive = part.strip();
            if (directive.startsWith(name + " ")) {
                return directive;
            }
        }
        return "";
    }

    private static void assertThatContentType(Response response, String expected) {
        String type = response.contentType();
        assertTrue(type != null && type.startsWith(expected), () -> "expected " + expected + " but got " + type);
    }

    private static void assertNoStackTrace(String html) {
        assertAll(
                () -> assertFalse(html.contains("Exception"), "no exception names for people"),
                () -> assertFalse(html.contains("\tat "), "no stack frames"),
                () -> assertFalse(html.contains("io.hindsight."), "no class names"));
    }
}
