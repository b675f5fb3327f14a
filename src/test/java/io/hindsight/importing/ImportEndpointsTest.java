package io.hindsight.importing;

import io.hindsight.export.Golden;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.incident.Incident;
import io.hindsight.postmortem.Postmortem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Importing Markdown from the pages and the API: preview writes nothing, each file is all or nothing, editors only. */
@QuarkusTest
class ImportEndpointsTest {

    private static final Pattern CSRF = Pattern.compile("name=\"" + PortalClient.CSRF_FIELD + "\" value=\"([^\"]+)\"");

    private static String plain(String title) {
        return "# " + title + "\n\n## What happened\nThe queue backed up.\n\n## Root cause\nRetries.\n\n## Appendix\nGraphs.\n";
    }

    private static long count(String title) {
        return QuarkusTransaction.requiringNew().call(() -> Incident.count("title", title));
    }

    private static String token(String html) {
        Matcher m = CSRF.matcher(html);
        assertTrue(m.find(), "a CSRF token on the page");
        return m.group(1);
    }

    private static Response uploadForPreview(PortalClient browser, String csrf, Map<String, String> files) {
        var request = browser.request().accept("text/html");
        for (Map.Entry<String, String> file : files.entrySet()) {
            request = request.multiPart("files", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8), "text/markdown");
        }
        if (csrf != null) {
            request = request.multiPart(PortalClient.CSRF_FIELD, csrf);
        }
        return request.post("/import/preview");
    }

    @Test
    void theUploadFormIsMultipartWithACsrfToken() {
        PortalClient.FormPage page = PortalClient.browserAs(Role.EDITOR).open("/import");
        assertTrue(page.html().contains("enctype=\"multipart/form-data\""), page.html());
        assertTrue(page.html().contains("name=\"files\""));
    }

    @Test
    void thePreviewShowsWhatWillBeCreatedAndWhatCouldNotBeMappedAndWritesNothing() {
        String title = "Preview only " + UUID.randomUUID();
        PortalClient browser = PortalClient.browserAs(Role.EDITOR);
        PortalClient.FormPage page = browser.open("/import");
        Response preview = uploadForPreview(browser, page.csrfToken(), Map.of("plain.md", plain(title)));

        assertEquals(200, preview.statusCode(), preview.asString());
        String html = preview.asString();
        assertTrue(html.contains(title), html);
        assertTrue(html.contains("Could not be mapped to a section"), html);
        assertTrue(html.contains("<li>Appendix</li>"), html);
        assertTrue(html.contains("No severity given; SEV3 is used."), html);
        assertEquals(0, count(title), "a preview writes nothing");
    }

    @Test
    void aMultipartUploadWithoutTheCsrfTokenIsRefused() {
        PortalClient browser = PortalClient.browserAs(Role.EDITOR);
        browser.open("/import");
        Response preview = uploadForPreview(browser, null, Map.of("plain.md", plain("No token")));
        assertTrue(preview.statusCode() == 400 || preview.statusCode() == 403, "status " + preview.statusCode());
    }

    @Test
    void confirmingThePreviewCreatesEveryGoodFileAndNothingOfABadOne() {
        String exported = Golden.read("full-incident.md");
        String title = "Imported golden " + UUID.randomUUID();
        String golden = exported.replace("title: \"Checkout timed out after the 09:25 deploy\"", "title: \"" + title + "\"");
        String badTitle = "Bad time " + UUID.randomUUID();
        String bad = golden.replace("title: \"" + title + "\"", "title: \"" + badTitle + "\"")
                .replace("| 2026-03-14T09:50:00Z | Communication |", "| 2026-03-14T09:50:00Z | Gossip |");
        PortalClient browser = PortalClient.browserAs(Role.EDITOR);
        PortalClient.FormPage page = browser.open("/import");
        Response preview = uploadForPreview(browser, page.csrfToken(), Map.of("golden.md", golden, "bad.md", bad));
        assertEquals(200, preview.statusCode(), preview.asString());
        assertTrue(preview.asString().contains("This file will not be imported"), preview.asString());

        // The browser posts what the preview's form holds: only the good file.
        Response done = browser.postForm("/import", Map.of(PortalClient.CSRF_FIELD, token(preview.asString()),
                "fileName", List.of("golden.md"), "markdown", List.of(golden)));
        assertEquals(303, done.statusCode(), done.asString());
        assertEquals("/incidents", PortalClient.location(done));
        assertEquals(1, count(title));
        assertEquals(0, count(badTitle));

        // Posting the bad file anyway writes nothing of it: not even the incident before the failing row.
        Response refused = browser.postForm("/import", Map.of(PortalClient.CSRF_FIELD, token(preview.asString()),
                "fileName", List.of("bad.md"), "markdown", List.of(bad)));
        assertEquals(303, refused.statusCode());
        assertEquals(0, count(badTitle));

        QuarkusTransaction.requiringNew().run(() -> {
            Incident incident = Incident.find("title", title).firstResult();
            assertEquals(4, incident.timeline.size());
            Postmortem postmortem = Postmortem.findByIncident(incident.id).orElseThrow();
            assertTrue(postmortem.learn.startsWith("### What went well"));
            assertEquals("We rolled back at 10:05; the lock graph made the cause plain.", postmortem.timelineNotes);
            List<ActionItem> items = ActionItem.list("incident.id = ?1 ORDER BY id", incident.id);
            assertEquals(List.of("Alert on lock waits over 30 seconds", "Run index builds in a separate deploy step",
                    "Rewrite the checkout service"), items.stream().map(i -> i.title).toList());
            assertEquals(List.of(ActionItem.Status.DONE, ActionItem.Status.IN_PROGRESS, ActionItem.Status.WONT_DO),
                    items.stream().map(i -> i.status).toList());
        });
    }

    @Test
    void anOverlongDurationIsANoteInThePreviewAndTheApiStillImports() {
        String title = "Overlong " + UUID.randomUUID();
        String md = "# " + title + "\n\nStart time: 2026-03-14 09:30 UTC\n\nTime to resolve: 99999999999999999999 days\n";
        PortalClient browser = PortalClient.browserAs(Role.EDITOR);
        Response preview = uploadForPreview(browser, browser.open("/import").csrfToken(), Map.of("long.md", md));
        assertEquals(200, preview.statusCode(), preview.asString());
        assertTrue(preview.asString().contains("longer than 1000 days"), preview.asString());

        Response response = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown; charset=utf-8").accept("application/json")
                .body(md).post("/api/v1/incidents/import");
        assertEquals(201, response.statusCode(), response.asString());
        assertEquals(1, count(title));
    }

    @Test
    void theApiCreatesAnIncidentFromMarkdown() {
        String title = "API import " + UUID.randomUUID();
        Response response = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown; charset=utf-8").accept("application/json")
                .body(plain(title)).post("/api/v1/incidents/import");

        assertEquals(201, response.statusCode(), response.asString());
        long id = response.jsonPath().getLong("id");
        assertTrue(response.header("Location").endsWith("/api/v1/incidents/" + id));
        assertEquals(List.of("Appendix"), response.jsonPath().getList("unmapped_headings"));
        assertEquals(1, count(title));
    }

    @Test
    void theApiRefusesABrokenFileWithAProblemAndWritesNothing() {
        Response response = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown; charset=utf-8").accept("application/json")
                .body("## Summary\nNo title here.\n").post("/api/v1/incidents/import");

        assertProblem(response, 400, "file");
        assertTrue(response.asString().contains("no title"), response.asString());
    }

    @Test
    void aFileThatFailsHalfwayThroughWritesNothing() {
        // The action item's title is too long: found only when the action item is created, after the
        // incident, its timeline and its postmortem — which must all be rolled back.
        String title = "Halfway " + UUID.randomUUID();
        String golden = Golden.read("full-incident.md")
                .replace("title: \"Checkout timed out after the 09:25 deploy\"", "title: \"" + title + "\"")
                .replace("- [ ] Rewrite the checkout service —", "- [ ] " + "Rewrite ".repeat(40) + "—");
        Response response = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown; charset=utf-8").accept("application/json")
                .body(golden).post("/api/v1/incidents/import");

        assertProblem(response, 400);
        assertEquals(0, count(title));
    }

    @Test
    void anOwnerWhoIsNotAnActiveUserIsLeftUnassignedAndReported() {
        String title = "Owners " + UUID.randomUUID();
        String golden = Golden.read("full-incident.md")
                .replace("title: \"Checkout timed out after the 09:25 deploy\"", "title: \"" + title + "\"")
                .replace("owner: Sam Okafor", "owner: Nobody Known " + UUID.randomUUID());
        Response response = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown; charset=utf-8").accept("application/json")
                .body(golden).post("/api/v1/incidents/import");

        assertEquals(201, response.statusCode(), response.asString());
        assertTrue(response.asString().contains("it is left unassigned"), response.asString());
        long id = response.jsonPath().getLong("id");
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> ActionItem.count("incident.id = ?1 AND owner IS NOT NULL", id)));
    }

    @Test
    void viewersMayNotImport() {
        assertEquals(403, PortalClient.browserAs(Role.VIEWER).get("/import").statusCode());
        String title = "Viewer import " + UUID.randomUUID();
        Response api = PortalClient.apiAs(Role.VIEWER).contentType("text/markdown").accept("application/json")
                .body(plain(title)).post("/api/v1/incidents/import");
        assertProblem(api, 403);
        assertEquals(0, count(title));
    }

    @Test
    void aWebPageUploadShowsWhatBecameStructureAndImportsItsTimelineAndActionItems() {
        String html = WrittenPostmortemsTest.fixture("confluence-export.html")
                .replace("Checkout returned errors after the certificate expired", "Certificate expired " + UUID.randomUUID());
        String title = html.replaceAll("(?s).*<span id=\"title-text\">Operations : ([^<]+)</span>.*", "$1");
        PortalClient browser = PortalClient.browserAs(Role.EDITOR);
        PortalClient.FormPage page = browser.open("/import");
        assertTrue(page.html().contains(".html"), "the upload accepts web pages");
        Response preview = browser.request().accept("text/html")
                .multiPart("files", "checkout.html", html.getBytes(StandardCharsets.UTF_8), "text/html")
                .multiPart(PortalClient.CSRF_FIELD, page.csrfToken()).post("/import/preview");
        assertEquals(200, preview.statusCode(), preview.asString());
        String shown = preview.asString();
        assertTrue(shown.contains("4 timeline entries read from the timeline"), shown);
        assertTrue(shown.contains("2 action items read"), shown);
        assertTrue(shown.contains("Impact on customers → Impact"), shown);
        assertTrue(shown.contains("<li>Attendees</li>"), shown);
        assertEquals(0, count(title));

        Response done = browser.postForm("/import", Map.of(PortalClient.CSRF_FIELD, token(shown),
                "fileName", List.of("checkout.html"), "markdown", List.of(html)));
        assertEquals(303, done.statusCode(), done.asString());
        QuarkusTransaction.requiringNew().run(() -> {
            Incident incident = Incident.find("title", title).firstResult();
            assertEquals(java.time.Instant.parse("2024-03-14T09:30:00Z"), incident.startedAt);
            assertEquals(java.time.Instant.parse("2024-03-14T10:22:00Z"), incident.resolvedAt);
            assertEquals(4, incident.timeline.size());
            List<ActionItem> items = ActionItem.list("incident.id = ?1 ORDER BY id", incident.id);
            assertEquals(2, items.size());
            assertEquals(ActionItem.Status.DONE, items.get(0).status);
        });
    }

    @Test
    void theApiTakesAWebPageAndTheTemplateAnExportNames() {
        String title = "API page " + UUID.randomUUID();
        Response response = PortalClient.apiAs(Role.EDITOR).contentType("text/html; charset=utf-8").accept("application/json")
                .body("<h1>" + title + "</h1><h2>Timeline</h2><ul><li>2024-05-01 10:00 UTC: it broke</li><li>10:30 UTC: fixed</li></ul>")
                .post("/api/v1/incidents/import");
        assertEquals(201, response.statusCode(), response.asString());
        QuarkusTransaction.requiringNew().run(() -> {
            Incident incident = Incident.find("title", title).firstResult();
            assertEquals(java.time.Instant.parse("2024-05-01T10:00:00Z"), incident.startedAt);
            assertEquals(2, incident.timeline.size());
        });

        String exported = Golden.read("full-incident.md").replace("template: \"general\"", "template: \"wrong-database\"")
                .replace("title: \"Checkout timed out after the 09:25 deploy\"", "title: \"Template kept " + title + "\"");
        Response imported = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown; charset=utf-8").accept("application/json")
                .body(exported).post("/api/v1/incidents/import");
        assertEquals(201, imported.statusCode(), imported.asString());
        QuarkusTransaction.requiringNew().run(() -> {
            Incident incident = Incident.find("title", "Template kept " + title).firstResult();
            assertEquals("wrong-database", Postmortem.findByIncident(incident.id).orElseThrow().template.slug);
        });
    }

    @Test
    void thePreviewShowsTimelineLinksDoneAndOpenItemsAndTrackerLinksAndTheImportKeepsThem() {
        String title = "Flags outage " + UUID.randomUUID();
        String md = WrittenPostmortemsTest.fixture("posthog-2025-09-29-flags-is-down.md")
                .replace("# PostHog Feature Flags Service Outage - September 29, 2025", "# " + title + " - September 29, 2025");
        PortalClient browser = PortalClient.browserAs(Role.EDITOR);
        Response preview = uploadForPreview(browser, browser.open("/import").csrfToken(), Map.of("flags.md", md));
        assertEquals(200, preview.statusCode(), preview.asString());
        String shown = preview.asString();
        assertTrue(shown.contains("8 timeline entries read from the timeline"), shown);
        assertTrue(shown.matches("(?s).*<ol class=\"import-timeline\">.*<a [^>]*href=\"https://github.com/PostHog/posthog/pull/38686\""
                + "[^>]*>Unrelated deployment</a> reduces database connection timeout.*"), "the timeline entry's link, rendered: " + shown);
        assertTrue(shown.contains("Database connection timeouts moved to runtime configuration — Done"), shown);
        assertTrue(shown.contains("Comprehensive load testing to validate connection pool behavior under contention — Open"), shown);
        assertTrue(shown.contains("tracked in <a href=\"https://github.com/PostHog/posthog/issues/39133\""), shown);
        assertEquals(0, count(title + " - September 29, 2025"), "a preview writes nothing");

        Response done = browser.postForm("/import", Map.of(PortalClient.CSRF_FIELD, token(shown),
                "fileName", List.of("flags.md"), "markdown", List.of(md)));
        assertEquals(303, done.statusCode(), done.asString());
        QuarkusTransaction.requiringNew().run(() -> {
            Incident incident = Incident.find("title", title + " - September 29, 2025").firstResult();
            assertEquals(java.time.Instant.parse("2025-09-29T16:58:00Z"), incident.startedAt);
            assertEquals(java.time.Instant.parse("2025-09-29T18:46:00Z"), incident.resolvedAt);
            assertEquals(8, incident.timeline.size());
            assertTrue(incident.timeline.stream().anyMatch(e -> e.description.startsWith(
                    "[Unrelated deployment](https://github.com/PostHog/posthog/pull/38686)")), "the link is stored with its address");
            List<ActionItem> items = ActionItem.list("incident.id = ?1 ORDER BY id", incident.id);
            assertEquals(9, items.size());
            assertEquals(2, items.stream().filter(a -> a.status == ActionItem.Status.DONE).count());
            assertEquals(7, items.stream().filter(a -> a.status == ActionItem.Status.OPEN).count());
            assertEquals(4, items.stream().filter(a -> "https://github.com/PostHog/posthog/issues/39133".equals(a.trackerUrl)).count());
            assertTrue(items.get(0).completedAt != null, "a done item is completed");
        });
    }
}
