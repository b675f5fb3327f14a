package io.hindsight.web;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every connection of the pool in use is the portal being busy, not the database being down: pages and the API answer
 * 503 busy with their own title, problem type and a short Retry-After, nobody is signed out, and readiness stays up so
 * a load balancer keeps the instance. The pool is filled by holding its connections here, on the real PostgreSQL.
 */
@QuarkusTest
class ServerBusyTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aFullPoolIsAnsweredBusyNotUnreachableAndReadinessStaysUp() throws Exception {
        PortalClient browser = PortalClient.browser();
        RequestSpecification api = PortalClient.api();
        browser.request().redirects().follow(false).accept("text/html").get("/incidents").then().statusCode(200);
        RestAssured.given().get("/q/health/ready").then().statusCode(200); // as a load balancer polls it, every second

        List<Connection> held = new ArrayList<>();
        try {
            int max = dataSource.getConfiguration().connectionPoolConfiguration().maxSize();
            while (held.size() < max) {
                held.add(dataSource.getConnection());
            }
            // The pool's own exception, as the portal's code receives it: busy, not an outage, however it is wrapped.
            SQLException full = assertThrows(SQLException.class, () -> dataSource.getConnection().close());
            assertTrue(ServiceUnavailable.BUSY.causes(full), full::toString);
            assertFalse(ServiceUnavailable.UNREACHABLE.causes(full), full::toString);
            RuntimeException wrapped = new IllegalStateException("x",
                    new org.hibernate.exception.JDBCConnectionException("Unable to acquire JDBC Connection", full));
            assertTrue(ServiceUnavailable.BUSY.causes(wrapped));
            assertFalse(ServiceUnavailable.UNREACHABLE.causes(wrapped));

            Response problem = api.get("/api/v1/incidents");
            assertEquals(503, problem.statusCode(), problem::asString);
            assertTrue(problem.contentType().startsWith("application/problem+json"), problem.contentType());
            assertEquals(ServiceUnavailable.BUSY.type(), problem.jsonPath().getString("type"));
            assertEquals(ServiceUnavailable.BUSY.title(), problem.jsonPath().getString("title"));
            assertEquals(503, problem.jsonPath().getInt("status"));
            assertEquals(String.valueOf(ServiceUnavailable.BUSY.retryAfterSeconds()), problem.header("Retry-After"));

            Response page = browser.request().redirects().follow(false).accept("text/html").get("/incidents");
            assertEquals(503, page.statusCode(), page::asString);
            assertTrue(page.contentType().startsWith("text/html"), page.contentType());
            assertTrue(page.asString().contains(ServiceUnavailable.BUSY.title()), page::asString);
            assertFalse(page.asString().contains(ServiceUnavailable.UNREACHABLE.title()), page::asString);
            assertFalse(page.asString().contains("Exception"), page::asString);
            assertEquals(String.valueOf(ServiceUnavailable.BUSY.retryAfterSeconds()), page.header("Retry-After"));
            assertFalse(page.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(PortalClient.SESSION_COOKIE + "=")),
                    () -> "being busy signs nobody out: " + page.headers());

            Response ready = RestAssured.given().accept("application/json").get("/q/health/ready");
            assertEquals(200, ready.statusCode(), ready::asString);
            assertEquals("UP", ready.jsonPath().getString("status"), ready::asString);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        api.get("/api/v1/incidents").then().statusCode(200);
        browser.request().redirects().follow(false).accept("text/html").get("/incidents").then().statusCode(200);
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
    }
}
