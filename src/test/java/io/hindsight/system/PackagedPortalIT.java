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
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void showsWhichDatabaseItUses() {
        var page = given().get("/").then().statusCode(200);
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
        given().queryParam("q", "empty database").get("/api/v1/incidents").then().statusCode(200)
                .body("items.title", org.hamcrest.Matchers.hasItem(containsString("new, empty database")));
    }

    @Test
    void recordsAndReadsAnIncidentThroughTheApi() {
        String location = given().contentType(ContentType.JSON).body("""
                        {"title": "Packaged portal smoke test", "severity": "SEV4", "status": "INVESTIGATING",
                         "started_at": "2026-01-05T10:00:00Z", "tags": ["smoke"]}""")
                .post("/api/v1/incidents").then().statusCode(201).extract().header("Location");
        given().get(location).then().statusCode(200)
                .body("title", equalTo("Packaged portal smoke test"))
                .body("tags[0]", equalTo("smoke"));
    }

    @Test
    void answersBadInputWithAProblemDocument() {
        given().contentType(ContentType.JSON).body("{\"title\": \"\"}")
                .post("/api/v1/incidents").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("title", "severity", "started_at"))
                .body(not(containsString("Exception")));
    }
}
