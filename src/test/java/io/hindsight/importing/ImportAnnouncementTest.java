package io.hindsight.importing;

import io.hindsight.PortalClient;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.export.Golden;
import io.hindsight.incident.Incident;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.notify.SlackDestination;
import io.hindsight.notify.SlackStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An import is announced once as "imported", or not at all (the default), as chosen on the import
 * form or with {@code ?announce=} on the API; never one "declared" message per imported incident.
 * Checked at a real HTTP stand-in for Slack.
 */
@QuarkusTest
class ImportAnnouncementTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern CSRF = Pattern.compile("name=\"" + PortalClient.CSRF_FIELD + "\" value=\"([^\"]+)\"");

    @Inject
    TestClock clock;

    SlackStandIn.Hook hook;
    SlackDestination destination;

    @BeforeEach
    void destination() {
        Notifications.disableEveryDestination();
        hook = SlackStandIn.shared(clock).hook();
        destination = Notifications.destination(hook, EventKey.INCIDENT_DECLARED, EventKey.ACTION_ITEM_ASSIGNED,
                EventKey.STATUS_CHANGED, EventKey.SEVERITY_CHANGED);
    }

    @AfterEach
    void cleanUp() {
        Notifications.disableEveryDestination();
    }

    @Test
    void byDefaultAnImportOfSeveralFilesSaysNothing() {
        List<String> titles = importOnThePage(null);

        // A real declaration afterwards is announced; it is the first and only thing the webhook hears.
        long declared = Incidents.draftJson().title("Declared after the import " + UUID.randomUUID()).create();
        List<SlackStandIn.Received> received = hook.awaitCount(1, WAIT);
        assertEquals(1, Notifications.rows(destination.id).size(), "only the declaration was queued");
        assertTrue(received.get(0).body().contains("/incidents/" + declared), received.get(0).body());
        titles.forEach(t -> assertFalse(received.get(0).body().contains(t)));
    }

    @Test
    void onRequestTheImportIsSummedUpInOneMessageThatSaysImported() {
        List<String> titles = importOnThePage("summary");

        assertEquals(1, Notifications.rows(destination.id).size(), "one message for the whole import");
        String body = hook.awaitCount(1, WAIT).get(0).body();
        assertTrue(body.contains("Imported 3 past incidents"), body);
        titles.forEach(t -> assertTrue(body.contains(t), t + " in " + body));
        assertFalse(body.toLowerCase().contains("declared"), body);
        assertFalse(body.contains("Duration"), body);
        assertTrue(body.contains("https://hindsight.test.example/incidents/"), body);
    }

    @Test
    void theApiTakesTheSameChoice() {
        String quiet = "API quiet " + UUID.randomUUID();
        importByApi(quiet, null).then().statusCode(201);
        assertEquals(0, Notifications.rows(destination.id).size());

        String told = "API told " + UUID.randomUUID();
        importByApi(told, "SUMMARY").then().statusCode(201);
        String body = hook.awaitCount(1, WAIT).get(0).body();
        assertTrue(body.contains("Imported 1 past incident") && body.contains(told), body);
        assertFalse(body.toLowerCase().contains("declared"), body);

        String refused = "API refused " + UUID.randomUUID();
        Response wrong = importByApi(refused, "loudly");
        assertProblem(wrong, 400);
        assertTrue(wrong.asString().contains("none or summary"), wrong.asString());
        assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> Incident.count("title", refused)), "nothing written");
        assertEquals(1, Notifications.rows(destination.id).size());
    }

    /** Uploads three files (one a full export with action items), confirms the preview, and returns their titles. */
    private List<String> importOnThePage(String announce) {
        List<String> titles = new ArrayList<>();
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            String title = "Old outage " + i + " " + UUID.randomUUID();
            titles.add(title);
            files.put("old-" + i + ".md", "# " + title + "\n\n## Summary\nSEV1 back then.\n\n## Root cause\nRetries.\n");
        }
        String exportedTitle = "Old export " + UUID.randomUUID();
        titles.add(exportedTitle);
        files.put("export.md", Golden.read("full-incident.md")
                .replace("title: \"Checkout timed out after the 09:25 deploy\"", "title: \"" + exportedTitle + "\""));

        PortalClient browser = PortalClient.browserAs(Role.EDITOR);
        var request = browser.request().accept("text/html");
        for (Map.Entry<String, String> file : files.entrySet()) {
            request = request.multiPart("files", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8), "text/markdown");
        }
        Response preview = request.multiPart(PortalClient.CSRF_FIELD, browser.open("/import").csrfToken()).post("/import/preview");
        assertEquals(200, preview.statusCode(), preview.asString());
        assertTrue(preview.asString().contains("name=\"announce\" value=\"none\" checked"), "quiet is the default choice");
        Matcher csrf = CSRF.matcher(preview.asString());
        assertTrue(csrf.find());

        Map<String, Object> form = new LinkedHashMap<>();
        form.put(PortalClient.CSRF_FIELD, csrf.group(1));
        form.put("fileName", List.copyOf(files.keySet()));
        form.put("markdown", List.copyOf(files.values()));
        if (announce != null) {
            form.put("announce", announce);
        }
        Response done = browser.postForm("/import", form);
        assertEquals(303, done.statusCode(), done.asString());
        for (String title : titles) {
            assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() -> Incident.count("title", title)), title);
        }
        return titles;
    }

    private static Response importByApi(String title, String announce) {
        var request = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown; charset=utf-8").accept("application/json");
        if (announce != null) {
            request = request.queryParam("announce", announce);
        }
        return request.body("# " + title + "\n\n## Summary\nLong ago.\n").post("/api/v1/incidents/import");
    }
}
