package io.hindsight.system;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * The packaged portal (prod profile, {@code java -jar}) as a user runs it: by default its own
 * launcher starts the embedded PostgreSQL; with {@code HINDSIGHT_IT_JDBC_URL} it must use that
 * server and start nothing.
 */
@QuarkusIntegrationTest
class PackagedPortalIT {

    private static final boolean EXTERNAL = System.getenv("HINDSIGHT_IT_JDBC_URL") != null
            && !System.getenv("HINDSIGHT_IT_JDBC_URL").isBlank();

    @Test
    void isReadyWithItsDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Installation' }.data.id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"))
                .body("checks.find { it.name == 'Installation' }.data.environment", equalTo(EXTERNAL ? "production" : "local"))
                .body("checks.find { it.name == 'Installation' }.data.guard", equalTo("first_start"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void asksForSignInBeforeShowingAnything() {
        given().redirects().follow(false).get("/").then().statusCode(303)
                .header("Location", containsString("/login?next=%2F"));
        given().get("/api/v1/incidents").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void showsWhichDatabaseItUses() {
        var page = given().cookies(signedIn()).get("/").then().statusCode(200);
        if (EXTERNAL) {
            page.body(not(containsString("(embedded)")))
                    .body(containsString("production"));
        } else {
            page.body(containsString("(embedded)"))
                    .body(containsString("env-other\" title=\"Environment: local\""));
        }
    }

    @Test
    void servesTheDemoIncidents() {
        given().auth().oauth2(accessToken()).queryParam("q", "empty database").get("/api/v1/incidents").then().statusCode(200)
                .body("items.title", org.hamcrest.Matchers.hasItem(containsString("new, empty database")));
    }

    @Test
    void recordsAndReadsAnIncidentThroughTheApi() {
        String location = given().auth().oauth2(accessToken()).contentType(ContentType.JSON).body("""
                        {"title": "Packaged portal smoke test", "severity": "SEV4", "status": "INVESTIGATING",
                         "started_at": "2026-01-05T10:00:00Z", "tags": ["smoke"]}""")
                .post("/api/v1/incidents").then().statusCode(201).extract().header("Location");
        given().auth().oauth2(accessToken()).get(location).then().statusCode(200)
                .body("title", equalTo("Packaged portal smoke test"))
                .body("tags[0]", equalTo("smoke"));
    }

    @Test
    void answersBadInputWithAProblemDocument() {
        // Declaring needs a title and a severity; status and started_at have defaults.
        given().auth().oauth2(accessToken()).contentType(ContentType.JSON).body("{\"title\": \"\"}")
                .post("/api/v1/incidents").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("title", "severity"))
                .body(not(containsString("Exception")));
    }

    /** The first admin, created from HINDSIGHT_ADMIN_EMAIL / _PASSWORD, signs in through the login form. */
    private static java.util.Map<String, String> signedIn() {
        var login = given().get("/login").then().statusCode(200).extract();
        String token = login.htmlPath().getString("**.find { it.@name == 'csrf-token' }.@value");
        var response = given().redirects().follow(false).cookies(login.cookies())
                .formParam("csrf-token", token)
                .formParam("email", io.hindsight.TestDatabase.PACKAGED_ADMIN_EMAIL)
                .formParam("password", io.hindsight.TestDatabase.PACKAGED_ADMIN_PASSWORD)
                .formParam("next", "/")
                .post("/login").then().statusCode(303).extract();
        return response.cookies();
    }

    private static String accessToken() {
        return given().contentType(ContentType.JSON)
                .body(java.util.Map.of("email", io.hindsight.TestDatabase.PACKAGED_ADMIN_EMAIL,
                        "password", io.hindsight.TestDatabase.PACKAGED_ADMIN_PASSWORD))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
    }
}
