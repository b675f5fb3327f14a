package io.hindsight.incident;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test data for incidents, built the way a person or a program would send it. Every incident gets
 * a unique title and a unique tag: the database is shared by all test classes of a run, so tests
 * find their own incidents by that tag and never count globally.
 *
 * <p>Default text avoids the words that make the postmortem page suggest a specific template
 * (database, config, backup, token, …), so a test that wants a suggestion says so.
 */
public final class Incidents {

    public static final String API = "/api/v1/incidents";

    private Incidents() {
    }

    /** A tag no other test uses, e.g. {@code t-3f9c0a1b2d4e}. */
    public static String uniqueTag() {
        return "t-" + shortId();
    }

    public static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A valid incident for the JSON API: SEV2, investigating, started three hours ago. */
    public static IncidentJson draftJson() {
        Instant started = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        return new IncidentJson()
                .title("Checkout requests timing out " + shortId())
                .summary("Checkout requests timed out for some customers.")
                .severity("SEV2")
                .status("INVESTIGATING")
                .startedAt(started)
                .detectedAt(started.plus(Duration.ofMinutes(12)))
                .customerImpact("Some customers could not pay.")
                .services("checkout")
                .tags(uniqueTag());
    }

    /** A valid incident as the "record an incident" form sends it, with times typed in UTC. */
    public static IncidentFormFields draftForm() {
        return new IncidentFormFields()
                .set("title", "Search results empty for a while " + shortId())
                .set("summary", "Search returned no results for many queries.")
                .set("severity", "SEV3")
                .set("status", "INVESTIGATING")
                .set("startedAt", "2026-03-14T09:30")
                .set("detectedAt", "2026-03-14T09:42")
                .set("mitigatedAt", "")
                .set("resolvedAt", "")
                .set("customerImpact", "Customers saw an empty result page.")
                .set("affectedServices", "search, search-index")
                .set("tags", uniqueTag())
                .set("zone", "UTC");
    }

    /** Reads an incident through the API, asserting it exists. */
    public static Response read(long id) {
        Response response = PortalClient.api().get(API + "/" + id);
        response.then().statusCode(200);
        return response;
    }

    /**
     * Moves an incident to a status only the review workflow sets (in review, published), as that workflow would;
     * for tests of what such an incident looks like. Tests of the workflow itself go through review.
     */
    public static void movedByReview(long id, IncidentStatus status) {
        assertTrue(status.isSetByReview(), status + " is picked on the form, not set by review");
        QuarkusTransaction.requiringNew().run(() -> Incident.update("status = ?1 WHERE id = ?2", status, id));
    }

    /** How many incidents carry {@code tag}, as the API counts them. */
    public static long countTagged(String tag) {
        Response response = PortalClient.api().queryParam("tag", tag).get(API);
        response.then().statusCode(200);
        return response.jsonPath().getLong("total");
    }

    /** The JSON body of POST and PUT /api/v1/incidents, in snake_case. */
    public static final class IncidentJson {

        private final Map<String, Object> body = new LinkedHashMap<>();

        public IncidentJson title(String title) {
            return with("title", title);
        }

        public IncidentJson summary(String summary) {
            return with("summary", summary);
        }

        public IncidentJson severity(String severity) {
            return with("severity", severity);
        }

        public IncidentJson status(String status) {
            return with("status", status);
        }

        public IncidentJson startedAt(Instant at) {
            return with("started_at", at == null ? null : at.toString());
        }

        public IncidentJson detectedAt(Instant at) {
            return with("detected_at", at == null ? null : at.toString());
        }

        public IncidentJson mitigatedAt(Instant at) {
            return with("mitigated_at", at == null ? null : at.toString());
        }

        public IncidentJson resolvedAt(Instant at) {
            return with("resolved_at", at == null ? null : at.toString());
        }

        public IncidentJson customerImpact(String text) {
            return with("customer_impact", text);
        }

        public IncidentJson services(String... services) {
            return with("affected_services", Arrays.asList(services));
        }

        public IncidentJson tags(String... tags) {
            return with("tags", Arrays.asList(tags));
        }

        /** Any property as sent, including wrong ones, for tests of what the API refuses. */
        public IncidentJson with(String property, Object value) {
            body.put(property, value);
            return this;
        }

        public IncidentJson without(String property) {
            body.remove(property);
            return this;
        }

        public Map<String, Object> body() {
            return body;
        }

        public String title() {
            return (String) body.get("title");
        }

        public Instant startedAt() {
            return Instant.parse((String) body.get("started_at"));
        }

        /** The first tag: the unique one from {@link #draftJson()} unless replaced. */
        @SuppressWarnings("unchecked")
        public String tag() {
            return ((List<String>) body.get("tags")).get(0);
        }

        /** POSTs this incident, asserts it was recorded, and returns its id. */
        public long create() {
            Response response = PortalClient.api().body(body).post(API);
            response.then().statusCode(201);
            return response.jsonPath().getLong("id");
        }
    }

    /** The fields of the incident form, as typed into the page. */
    public static final class IncidentFormFields {

        private final Map<String, String> fields = new LinkedHashMap<>();

        public IncidentFormFields set(String field, String value) {
            fields.put(field, value);
            return this;
        }

        public String get(String field) {
            return fields.get(field);
        }

        public Map<String, String> fields() {
            return fields;
        }
    }

    /** What the edit form would send back untouched: every input, select and textarea with its current value. */
    static Map<String, String> editFormValues(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : List.of("title", "startedAt", "detectedAt", "mitigatedAt", "resolvedAt", "affectedServices", "tags",
                "zone", "version")) {
            Html.inputValue(html, name).ifPresent(v -> fields.put(name, v));
        }
        for (String name : List.of("severity", "status")) {
            Html.selected(html, name).ifPresent(v -> fields.put(name, v));
        }
        for (String name : List.of("summary", "customerImpact")) {
            Html.textarea(html, name).ifPresent(v -> fields.put(name, v));
        }
        return fields;
    }
}
