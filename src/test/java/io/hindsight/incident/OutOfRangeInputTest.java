package io.hindsight.incident;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values that parse but cannot be kept: times and dates ISO 8601 can write and PostgreSQL cannot store (years beyond
 * 294276 or before 4713 BC), or that no incident has (before 1970), pages so far on that their offset overflows, front
 * matter nested thousands deep, and uploads that are not UTF-8. Each is a clear 4xx naming the field (or a page that
 * shows what could be read), never a 500, and nothing is written.
 */
@QuarkusTest
class OutOfRangeInputTest {

    private static final List<String> FAR_TIMES = List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
            "-4714-11-24T00:00:00Z", "+294277-01-01T00:00:00Z", "1969-12-31T23:59:59Z");

    @Test
    void theApiRefusesAnIncidentTimeThatCannotBeKeptNamingTheField() {
        for (String field : List.of("started_at", "detected_at", "mitigated_at", "resolved_at")) {
            for (String far : FAR_TIMES) {
                // Only the one field out of range: no detection time beside it to come before or after.
                Incidents.IncidentJson draft = Incidents.draftJson().detectedAt(null).with(field, far);
                Response refused = PortalClient.api().body(draft.body()).post(Incidents.API);
                Map<String, String> errors = ProblemAssertions.assertProblem(refused, 400, field);
                assertTrue(explains(field, far, errors.get(field)), field + " " + far + ": " + errors);
                assertEquals(0, Incidents.countTagged(draft.tag()), field + " " + far);
            }
        }
    }

    /**
     * The message says the time is out of range, or says something as true and more particular first: a start or a
     * moment far ahead is in the future, a detection, mitigation or resolution far back comes before the start.
     */
    private static boolean explains(String field, String far, String message) {
        boolean ahead = far.startsWith("+");
        return message.contains("between 1970 and 9999")
                || (ahead && field.equals("started_at") && message.equals("The start is in the future."))
                || (ahead && field.equals("occurred_at") && message.equals("That moment is in the future."))
                || (!ahead && !field.equals("started_at") && !field.equals("occurred_at") && message.contains("before the start"));
    }

    @Test
    void anApiEditWithATimeThatCannotBeKeptChangesNothing() {
        Incidents.IncidentJson draft = Incidents.draftJson();
        long id = draft.create();
        long version = Incidents.read(id).jsonPath().getLong("version");
        Response refused = PortalClient.api().body(draft.with("resolved_at", "+999999999-12-31T23:59:59Z").status("RESOLVED").body())
                .put(Incidents.API + "/" + id);
        ProblemAssertions.assertProblem(refused, 400, "resolved_at");
        Response after = Incidents.read(id);
        assertAll(
                () -> assertEquals(version, after.jsonPath().getLong("version")),
                () -> assertEquals("INVESTIGATING", after.jsonPath().getString("status")));
    }

    @Test
    void aTimelineMomentThatCannotBeKeptIsRefusedEvenWhenItWouldMoveTheStart() {
        long id = Incidents.draftJson().create();
        for (String query : List.of("", "?move_start=true")) {
            for (String far : FAR_TIMES) {
                Response refused = PortalClient.api()
                        .body(Map.of("occurred_at", far, "kind", "ACTION", "description", "Restarted the primary"))
                        .post(Incidents.API + "/" + id + "/timeline" + query);
                Map<String, String> errors = ProblemAssertions.assertProblem(refused, 400, "occurred_at");
                assertTrue(explains("occurred_at", far, errors.get("occurred_at")), far + ": " + errors);
            }
        }
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> TimelineEntry.count("incident.id", id)));
    }

    @Test
    void theIncidentFormsRefuseATimeThatCannotBeKeptWithAMessage() {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        for (Map.Entry<String, String> typed : Map.of("startedAt", "-4714-11-24T00:00", "detectedAt", "+999999999-12-31T23:59",
                "mitigatedAt", "+294277-01-01T00:00", "resolvedAt", "+10000-01-01T00:00").entrySet()) {
            Incidents.IncidentFormFields form = Incidents.draftForm().set(typed.getKey(), typed.getValue());
            if (!typed.getKey().equals("startedAt")) {
                form.set("status", "RESOLVED");
            }
            Response refused = editor.open("/incidents/new").submit("/incidents", form.fields());
            String html = refused.asString();
            assertAll(typed.toString(),
                    () -> assertEquals(400, refused.statusCode(), html),
                    () -> assertTrue(html.contains("between 1970 and 9999"), html),
                    () -> assertEquals(0, Incidents.countTagged(form.get("tags"))));
        }
        long id = Incidents.draftJson().create();
        PortalClient.FormPage form = editor.open("/incidents/" + id + "/edit");
        Map<String, String> edit = Incidents.editFormValues(form.html());
        edit.put("startedAt", "-999999999-01-01T00:00");
        Response refused = form.submit("/incidents/" + id + "/edit", edit);
        assertEquals(400, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("Choose a start between 1970 and 9999."), refused.asString());
        assertTrue(QuarkusTransaction.requiringNew().call(() -> Incident.<Incident>findById(id)).startedAt.getEpochSecond() > 0);
    }

    @Test
    void anActionItemDueDateThatCannotBeKeptIsRefusedWithAMessage() {
        long id = Incidents.draftJson().create();
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        for (String due : List.of("-4714-11-24", "+999999999-12-31", "+294277-01-01", "1969-12-31")) {
            ActionItems.Fields fields = ActionItems.draft().set("dueOn", due);
            Response refused = ActionItems.add(editor, id, fields);
            assertEquals(400, refused.statusCode(), due + ": " + refused.asString());
            assertTrue(refused.asString().contains("Choose a due date between 1970 and 9999."), refused.asString());
            assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> ActionItem.count("title", fields.get("title"))));
        }
    }

    @Test
    void searchAndExportDateFiltersOutOfRangeAreAClearRefusal() {
        for (String far : List.of("-4713-01-01", "-4714-11-24", "+294277-01-01", "-999999999-01-01", "+999999999-12-31", "1969-12-31")) {
            for (String field : List.of("from", "to")) {
                Response api = PortalClient.api().queryParam("q", "database").queryParam(field, far).get("/api/v1/search");
                Map<String, String> errors = ProblemAssertions.assertProblem(api, 400, field);
                assertTrue(errors.get(field).contains("between 1970 and 9999"), errors.toString());

                Response page = PortalClient.browserAs(Role.VIEWER).request().accept("text/html")
                        .queryParam("q", "database").queryParam(field, far).get("/search");
                assertEquals(400, page.statusCode(), far);
                assertTrue(page.asString().contains(field + " is a date between 1970 and 9999."), page.asString());

                Response export = PortalClient.browserAs(Role.VIEWER).request()
                        .accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                        .queryParam(field, far).get("/export/postmortems.zip");
                assertEquals(400, export.statusCode(), far);
                assertTrue(export.asString().contains(field + " is a date between 1970 and 9999."), export.asString());
            }
        }
    }

    @Test
    void aPageOfRevisionsFarPastTheLastIsEmptyNotAnError() {
        long id = Incidents.draftJson().create();
        for (String page : List.of("2147483647", "107374183")) {
            Response api = PortalClient.api().queryParam("page", page).get(Incidents.API + "/" + id + "/revisions");
            assertEquals(200, api.statusCode(), api.asString());
            assertEquals(0, api.jsonPath().getList("items").size(), api.asString());
            assertEquals(false, api.jsonPath().getBoolean("has_next"), api.asString());
            Response html = PortalClient.browserAs(Role.VIEWER).visit("/incidents/" + id + "/history?page=" + page);
            assertEquals(200, html.statusCode(), html.asString());
        }
    }

    @Test
    void frontMatterNestedThousandsDeepIsRefusedAsFrontMatterNotAnError() {
        String tag = Incidents.uniqueTag();
        for (String bomb : List.of("a: " + "[".repeat(3000), "a: " + "{a: ".repeat(2000), "a: " + "[".repeat(1000) + "]".repeat(1000))) {
            String markdown = "---\n" + bomb + "\ntags: [" + tag + "]\n---\n# Nested front matter\n\n## Summary\n\nText.\n";
            Response refused = PortalClient.api().contentType("text/markdown").body(markdown).post(Incidents.API + "/import");
            assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, refused.statusCode() + " " + refused.asString());
            assertTrue(refused.asString().contains("nest more than 20 deep"), refused.asString());
        }
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    void theImportPreviewReadsAFileThatIsNotUtf8AsFarAsItCan() {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        String csrf = editor.open("/import").csrfToken();
        byte[] title = "# Broken bytes in a title \u2014 ".getBytes(StandardCharsets.UTF_8);
        byte[] body = "\n\n## Summary\n\nThe replica fell behind.\n".getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : List.of(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x41})) {
            byte[] file = new byte[title.length + bad.length + body.length];
            System.arraycopy(title, 0, file, 0, title.length);
            System.arraycopy(bad, 0, file, title.length, bad.length);
            System.arraycopy(body, 0, file, title.length + bad.length, body.length);
            Response preview = editor.request().accept("text/html")
                    .multiPart("files", "broken.md", file, "text/markdown")
                    .multiPart(PortalClient.CSRF_FIELD, csrf)
                    .post("/import/preview");
            assertEquals(200, preview.statusCode(), preview.asString());
            assertTrue(preview.asString().contains("Broken bytes in a title"), preview.asString());
        }
    }
}
