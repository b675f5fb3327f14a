package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a second attack pass found in the admin areas and the intake: the same thing created by requests at the same
 * moment (a unique index keeps one; the others lost a race, a 409, not a 500), addresses with a port no connection can
 * use, a Content-Type header that is not a media type on the public JSON routes, and audit filters out of range.
 */
@QuarkusTest
class RacesAndAddressesTest {

    @TestHTTPResource("/")
    URL portal;

    @Test
    void invitingOneEmailFromSeveralTabsAtOnceCreatesOneAccountAndNoError() throws Exception {
        int tabs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(tabs);
        try {
            for (int round = 0; round < 3; round++) {
                String email = "race-" + Incidents.shortId() + "@example.com";
                List<PortalClient.FormPage> pages = new ArrayList<>();
                for (int i = 0; i < tabs; i++) {
                    pages.add(PortalClient.browserAs(Role.ADMIN).open("/admin/users"));
                }
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Response>> answers = new ArrayList<>();
                for (PortalClient.FormPage page : pages) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return page.submit("/admin/users", Map.of("name", "Racing Invite", "email", email, "role", "EDITOR",
                                "password", "tabs racing each other " + Incidents.shortId()));
                    }));
                }
                start.countDown();
                for (Future<Response> answer : answers) {
                    Response response = answer.get(60, TimeUnit.SECONDS);
                    assertTrue(Set.of(303, 400, 409).contains(response.statusCode()),
                            () -> "round answer " + response.statusCode() + ": " + response.asString());
                }
                assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> User.count("email", email)), email);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void addressesWithAPortNoConnectionCanUseAreRefused() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        for (String url : List.of("https://hooks.example.com:99999/services/T0/B0/x", "https://hooks.example.com:0/services/T0/B0/x")) {
            String name = "#ports-" + Incidents.shortId();
            Response refused = admin.open("/admin/integrations").submit("/admin/integrations",
                    Map.of("name", name, "webhookUrl", url, "events", List.of("incident-declared")));
            assertEquals(400, refused.statusCode(), url);
            assertTrue(refused.asString().contains("A port is a number from 1 to 65535"), refused.asString());
            assertTrue(!admin.get("/admin/integrations").asString().contains(name), "nothing added for " + url);
        }
        assertTrue(PublicUrl.normalize("https://hindsight.example.com:99999").isEmpty());
        assertTrue(PublicUrl.normalize("https://hindsight.example.com:0").isEmpty());
        assertEquals("https://hindsight.example.com:8443", PublicUrl.normalize("https://hindsight.example.com:8443/").orElseThrow());
    }

    @Test
    void aContentTypeThatIsNotAMediaTypeIsA415ProblemOnThePublicJsonRoutes() throws Exception {
        for (String path : List.of("/api/v1/alerts/alertmanager/1", "/api/v1/trackers/github/webhook", "/api/v1/trackers/jira/webhook")) {
            for (String type : List.of("", "a/b/c")) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(portal.toString().replaceAll("/$", "") + path))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", type).header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
                HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                        .send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(415, response.statusCode(), () -> path + " with Content-Type '" + type + "': " + response.body());
                assertEquals(ProblemAssertions.PROBLEM_JSON, response.headers().firstValue("Content-Type").orElse("").split(";")[0],
                        path);
            }
        }
    }

    @Test
    void auditLogFiltersOutOfRangeAreAClearRefusal() {
        for (String far : List.of("-4713-01-01", "+300000-01-01", "+999999999-12-31")) {
            Response api = PortalClient.apiAs(Role.ADMIN).queryParam("to", far).get("/api/v1/admin/audit");
            Map<String, String> errors = ProblemAssertions.assertProblem(api, 400, "to");
            assertTrue(errors.get("to").contains("between 1970 and 9999"), errors.toString());
            Response page = PortalClient.browserAs(Role.ADMIN).request().accept("text/html").queryParam("from", far).get("/admin/audit");
            assertEquals(400, page.statusCode(), far + ": " + page.asString());
        }
    }
}
