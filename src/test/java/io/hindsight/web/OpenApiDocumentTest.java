package io.hindsight.web;

import io.hindsight.PortalClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document is the API's contract: it names what goes over the wire, and only the JSON API. */
@QuarkusTest
class OpenApiDocumentTest {

    static final Path COMMITTED = Path.of("docs/openapi.yaml");

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        String served = served();
        Path fresh = Path.of("target/openapi.yaml");
        Files.writeString(fresh, served, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("openapi.refresh")) {
            Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(COMMITTED), "docs/openapi.yaml is missing");
        assertEquals(parse(Files.readString(COMMITTED, StandardCharsets.UTF_8)), parse(served),
                "docs/openapi.yaml differs from what the API serves at /q/openapi. If the change to the API is meant, "
                        + "refresh the file (cp target/openapi.yaml docs/openapi.yaml, or run this test with "
                        + "-Dopenapi.refresh=true), review the diff and commit it; generated clients are built from it.");
    }

    @Test
    void fieldsAreNamedAsOnTheWire() {
        Map<String, Object> schemas = at(document(), "components", "schemas");
        Map<String, Object> draft = at(schemas, "IncidentDraft", "properties");
        List<String> camel = new ArrayList<>();
        schemas.forEach((name, schema) -> {
            Object properties = ((Map<?, ?>) schema).get("properties");
            if (properties instanceof Map<?, ?> map) {
                map.keySet().stream().map(String::valueOf).filter(p -> !p.equals(p.toLowerCase()))
                        .forEach(p -> camel.add(name + "." + p));
            }
        });
        assertAll(
                () -> assertTrue(draft.containsKey("started_at"), "started_at: " + draft.keySet()),
                () -> assertTrue(draft.containsKey("customer_impact"), "customer_impact: " + draft.keySet()),
                () -> assertEquals(List.of(), camel, "no property is named in camelCase"));
    }

    @Test
    void enumsListTheirValues() {
        Map<String, Object> schemas = at(document(), "components", "schemas");
        assertEquals(List.of("SEV1", "SEV2", "SEV3", "SEV4"), at(schemas, "Severity").get("enum"));
        assertEquals(List.of("INVESTIGATING", "MITIGATED", "RESOLVED", "IN_REVIEW", "PUBLISHED"),
                at(schemas, "IncidentStatus").get("enum"));
    }

    @Test
    void onlyTheJsonApiIsDescribed() {
        Map<String, Object> paths = at(document(), "paths");
        assertTrue(paths.containsKey("/api/v1/incidents"), paths.keySet().toString());
        assertAll(paths.keySet().stream().map(path -> () -> assertTrue(path.startsWith("/api/v1/"), path + " is a page")));
    }

    @Test
    void everyErrorIsAProblemDocument() {
        Map<String, Object> doc = document();
        Map<String, Object> problem = at(doc, "components", "schemas", "Problem");
        assertEquals(List.of("type", "title", "status"), problem.get("required"));
        List<String> checked = new ArrayList<>();
        forEachOperation(doc, (name, operation) -> at(operation, "responses").forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5") || code.equals("default")) {
                Map<String, Object> content = at((Map<String, Object>) response, "content");
                assertEquals("#/components/schemas/Problem", at(content, "application/problem+json", "schema").get("$ref"),
                        name + " " + code);
                checked.add(name + " " + code);
            }
        }));
        assertTrue(checked.contains("post /api/v1/incidents 400"), checked.toString());
        assertTrue(checked.contains("put /api/v1/incidents/{id} 412"), checked.toString());
    }

    @Test
    void operationsNameHowToSignIn() {
        Map<String, Object> doc = document();
        Map<String, Object> schemes = at(doc, "components", "securitySchemes");
        assertEquals("bearer", at(schemes, "bearer").get("scheme"));
        assertEquals("JWT", at(schemes, "bearer").get("bearerFormat"));
        assertEquals("cookie", at(schemes, "session_cookie").get("in"));
        assertEquals("hindsight_session", at(schemes, "session_cookie").get("name"));
        forEachOperation(doc, (name, operation) -> {
            // Sign-in, and the issue trackers' webhooks (authenticated by their signature, docs/integrations.md).
            if (name.startsWith("post /api/v1/auth/") || name.matches("post /api/v1/trackers/[a-z]+/webhook")) {
                assertFalse(operation.containsKey("security"), name + " is public");
            } else if (name.startsWith("post /api/v1/alerts/")) {
                // Alerting tools sign in with their alert source's own secret, not as a person.
                assertFalse(operation.containsKey("security"), name + " is public to the sign-in layer");
                assertTrue(at(operation, "responses").containsKey("401"), name + " documents 401");
            } else {
                assertEquals(List.of(Map.of("bearer", List.of()), Map.of("session_cookie", List.of())),
                        operation.get("security"), name);
                assertTrue(at(operation, "responses").containsKey("401"), name + " documents 401");
            }
        });
    }

    @Test
    void theMainRequestBodiesHaveExamples() {
        Map<String, Object> doc = document();
        for (String[] operation : new String[][]{{"/api/v1/incidents", "post"}, {"/api/v1/incidents/{id}", "put"},
                {"/api/v1/incidents/{id}/timeline", "post"}, {"/api/v1/incidents/{id}/postmortem", "put"},
                {"/api/v1/auth/token", "post"}}) {
            Map<String, Object> json = at(doc, "paths", operation[0], operation[1], "requestBody", "content", "application/json");
            assertTrue(json.containsKey("examples") || json.containsKey("example"), () -> String.join(" ", operation) + ": " + json);
        }
    }

    static String served() {
        Response response = PortalClient.browser().request().accept("application/yaml").get("/q/openapi?format=yaml");
        assertEquals(200, response.statusCode());
        return response.asString();
    }

    private static Map<String, Object> document() {
        return parse(served());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String yaml) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> map, String... keys) {
        Map<String, Object> current = map;
        for (String key : keys) {
            Object next = current.get(key);
            Map<String, Object> here = current;
            assertNotNull(next, () -> key + " in " + here.keySet());
            current = (Map<String, Object>) next;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static void forEachOperation(Map<String, Object> doc, java.util.function.BiConsumer<String, Map<String, Object>> each) {
        at(doc, "paths").forEach((path, item) -> ((Map<String, Object>) item).forEach((method, operation) -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(method)) {
                each.accept(method + " " + path, (Map<String, Object>) operation);
            }
        }));
    }
}
