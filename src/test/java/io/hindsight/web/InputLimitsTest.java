package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.incident.Incidents;
import io.hindsight.account.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** SECURITY.md E21: oversized bodies are refused with 413 before anything runs, and nothing is written. */
@QuarkusTest
class InputLimitsTest {

    @TestHTTPResource("/")
    URL portal;

    @Test
    @DisplayName("E21 a request body over the limit is refused with 413 and writes nothing")
    void e21_anOversizedBodyIsRefusedWith413() throws Exception {
        String tag = Incidents.uniqueTag();
        String huge = "x".repeat(5 * 1024 * 1024);
        String body = "{\"title\": \"Too big\", \"severity\": \"SEV4\", \"status\": \"INVESTIGATING\", "
                + "\"started_at\": \"2026-01-05T10:00:00Z\", \"tags\": [\"" + tag + "\"], \"summary\": \"" + huge + "\"}";

        // Expect: 100-continue, as well-behaved clients send large bodies: the portal answers 413 from
        // the headers alone instead of reading 5 MB it will refuse.
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(portal + "api/v1/incidents"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + PortalClient.accessToken(Role.EDITOR))
                        .expectContinue(true)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(413, response.statusCode());
        assertFalse(response.body().contains("Exception"), "no stack trace");
        assertEquals(0, Incidents.countTagged(tag));
    }
}
