package io.hindsight.postmortem;

import io.hindsight.PortalClient;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;

import java.time.Instant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data for postmortems: every section written, as the editor form or the JSON API sends it. */
public final class Postmortems {

    /** The seven sections by their form field names, in reading order. */
    public static final List<String> SECTION_FIELDS = List.of("summary", "impact", "timelineNotes", "laugh", "learn", "fix",
            "share");

    private Postmortems() {
    }

    public static String api(long incidentId) {
        return "/api/v1/incidents/" + incidentId + "/postmortem";
    }

    /** Every section with a short, distinct Markdown text, keyed by form field name. */
    public static Map<String, String> writtenSections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("summary", "Checkout was slow for **40 minutes** after a deploy.");
        sections.put("impact", "- About 300 customers could not pay\n- No data was lost");
        sections.put("timelineNotes", "We rolled back once the lock graph made the cause plain.");
        sections.put("laugh", "The dashboard that would have told us was itself behind the slow lock.");
        sections.put("learn", "### What went well\n- The rollback took two minutes");
        sections.put("fix", "| Action | Owner |\n|---|---|\n| Add a lock-wait alert | Platform |");
        sections.put("share", "Tell the payments team in the Friday demo.");
        return sections;
    }

    /** {@link #writtenSections()} as the JSON body of PUT /api/v1/incidents/{id}/postmortem (snake_case). */
    public static Map<String, Object> writtenSectionsJson(String template) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (template != null) {
            body.put("template", template);
        }
        writtenSections().forEach((field, text) -> body.put(snakeCase(field), text));
        return body;
    }

    /** Saves {@code body} through the API. */
    public static Response put(long incidentId, Map<String, Object> body) {
        return PortalClient.api().body(body).put(api(incidentId));
    }

    public static Response read(long incidentId) {
        return PortalClient.api().get(api(incidentId));
    }

    /**
     * Records the incident's written postmortem as published at {@code at}, the way an imported report
     * arrives (tests of publishing itself go through review instead).
     */
    public static void recordPublished(long incidentId, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(PostmortemService.class).get()
                .recordPublished(incidentId, at));
    }

    public static String snakeCase(String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }
}
