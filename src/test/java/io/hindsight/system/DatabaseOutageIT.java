package io.hindsight.system;

import io.hindsight.ReadmePassOnly;
import io.hindsight.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stops under a running packaged portal and comes back on the same port. Meanwhile readiness is down,
 * pages answer a 503 page and the API a 503 problem document (never a 500), people stay signed in, nothing is
 * written; afterwards the same portal, not restarted, serves and writes again with the same session and token.
 *
 * <p>{@link ReadmePassOnly}: it starts, stops and restarts its own PostgreSQL, whatever server the other packaged-portal
 * tests are given, so the external-server pass would run exactly the same test again.
 */
@ReadmePassOnly
class DatabaseOutageIT {

    private EmbeddedPostgres postgres;

    @Test
    void answers503WhileTheDatabaseIsDownAndRecoversWithoutARestart() throws Exception {
        Path root = PortalProcess.freshDirectory("database-outage");
        Path pgData = root.resolve("external-pg");
        int pgPort = freePort();
        postgres = startPostgres(pgData, pgPort);
        Map<String, String> env = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pgPort + "/postgres",
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                "HINDSIGHT_INSTALLATION_IDENTITY_FILE", root.resolve("installation.json").toString());
        try (PortalProcess portal = PortalProcess.start(root.resolve("unused-embedded-pg"), "outage", env)) {
            assertTrue(portal.awaitReady(PortalProcess.START), () -> "the portal is ready:\n" + portal.output());
            String token = accessToken(portal);
            Map<String, String> session = signedIn(portal);
            String before = portal.api().body(incident("Written before the outage"))
                    .post("/api/v1/incidents").then().statusCode(201).extract().header("Location");

            postgres.close();
            postgres = null;

            given().baseUri(portal.baseUri()).get("/q/health/ready").then().statusCode(503)
                    .body("status", equalTo("DOWN"));
            Response api = given().baseUri(portal.baseUri()).auth().oauth2(token).accept(ContentType.JSON)
                    .get("/api/v1/incidents");
            assertEquals(503, api.statusCode(), api.asString());
            api.then().contentType("application/problem+json").header("Retry-After", equalTo("10"))
                    .body("status", equalTo(503)).body("title", equalTo("The database is not reachable right now"));
            given().baseUri(portal.baseUri()).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(incident("Written during the outage")).post("/api/v1/incidents")
                    .then().statusCode(503).contentType("application/problem+json");
            Response page = given().baseUri(portal.baseUri()).redirects().follow(false).cookies(session)
                    .accept(ContentType.HTML).get("/incidents");
            assertEquals(503, page.statusCode(), page.asString());
            page.then().contentType(containsString("text/html")).header("Retry-After", equalTo("10"))
                    .body(containsString("The database is not reachable right now")).body(not(containsString("Exception")));
            assertFalse(page.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("hindsight_session=")),
                    "the outage does not sign anyone out: " + page.headers());

            postgres = startPostgres(pgData, pgPort);
            assertTrue(readyAgain(portal, Duration.ofSeconds(90)), () -> "ready again without a restart:\n" + portal.output());
            given().baseUri(portal.baseUri()).redirects().follow(false).cookies(session).accept(ContentType.HTML)
                    .get("/incidents").then().statusCode(200).body(containsString("Written before the outage"))
                    .body(not(containsString("Written during the outage")));
            given().baseUri(portal.baseUri()).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(incident("Written after the outage")).post("/api/v1/incidents").then().statusCode(201);
            given().baseUri(portal.baseUri()).auth().oauth2(token).accept(ContentType.JSON)
                    .get(before.replaceFirst("^https?://[^/]+", "")).then().statusCode(200);
            assertFalse(portal.output().contains("Unexpected failure"), portal.output());
        }
    }

    private static String incident(String title) {
        return """
                {"title": "%s", "severity": "SEV2", "status": "INVESTIGATING", "started_at": "2026-01-05T10:00:00Z"}"""
                .formatted(title);
    }

    private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    private static boolean readyAgain(PortalProcess portal, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (given().baseUri(portal.baseUri()).get("/q/health/ready").statusCode() == 200) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static String accessToken(PortalProcess portal) {
        return given().baseUri(portal.baseUri()).contentType(ContentType.JSON)
                .body(Map.of("email", TestDatabase.PACKAGED_ADMIN_EMAIL, "password", TestDatabase.PACKAGED_ADMIN_PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
    }

    private static Map<String, String> signedIn(PortalProcess portal) {
        var login = given().baseUri(portal.baseUri()).get("/login").then().statusCode(200).extract();
        String csrf = login.htmlPath().getString("**.find { it.@name == 'csrf-token' }.@value");
        return given().baseUri(portal.baseUri()).redirects().follow(false).cookies(login.cookies())
                .formParam("csrf-token", csrf)
                .formParam("email", TestDatabase.PACKAGED_ADMIN_EMAIL)
                .formParam("password", TestDatabase.PACKAGED_ADMIN_PASSWORD)
                .formParam("next", "/")
                .post("/login").then().statusCode(303).extract().cookies();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterEach
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
