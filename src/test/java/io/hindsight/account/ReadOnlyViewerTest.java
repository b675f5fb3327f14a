package io.hindsight.account;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.actionitem.ActionItems;
import io.hindsight.checklist.Checklists;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A viewer reads everything and is offered nothing to change: every address that shows a form for a
 * change answers a friendly 403 before anything is typed, and no page shows them an edit link, a
 * "new" button or a form that changes data. An editor, on the same pages, sees them all.
 */
@QuarkusTest
@DisplayName("D A viewer reads, and is offered nothing to change")
class ReadOnlyViewerTest {

    private static final String READ_ONLY = "You can read this, but not change it";

    /** The one form every signed-in page has: signing out, in the top bar. */
    private static final String SIGN_OUT = "/logout";

    long incident;
    long published;
    long timelineEntry;
    long actionItem;

    @BeforeEach
    void incidentsWithEverything() {
        incident = Incidents.draftJson().create();
        timelineEntry = PortalClient.api().body(Map.of("occurred_at", Instant.now().minusSeconds(600).toString(), "kind", "ACTION",
                "description", "Rolled back the deploy.")).post(Incidents.API + "/" + incident + "/timeline")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        Postmortems.put(incident, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        Checklists.attached(editor, incident, Checklists.GENERAL);
        actionItem = ActionItems.added(editor, incident, ActionItems.draft());

        published = Incidents.draftJson().create();
        Postmortems.put(published, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        Postmortems.recordPublished(published, Instant.now());
    }

    /** Each address that shows a form for a change, and the page that reads what it changes. */
    private Map<String, String> editAddresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        addresses.put("/incidents/new", "/incidents");
        addresses.put("/incidents/" + incident + "/edit", "/incidents/" + incident);
        addresses.put("/incidents/" + incident + "/postmortem/edit", "/incidents/" + incident + "/postmortem");
        // One moment and one action item are read where they are shown; their own address leads there.
        addresses.put("/incidents/" + incident + "/timeline/" + timelineEntry + "/edit",
                "/incidents/" + incident + "/timeline/" + timelineEntry);
        addresses.put("/incidents/" + incident + "/action-items/" + actionItem + "/edit",
                "/incidents/" + incident + "/action-items/" + actionItem);
        addresses.put("/checklists/new", "/checklists");
        addresses.put("/checklists/" + Checklists.GENERAL + "/edit", "/checklists/" + Checklists.GENERAL);
        addresses.put("/import", null);
        return addresses;
    }

    @Test
    @DisplayName("D viewer: every edit address is a friendly 403 with no form, and a way back to reading")
    void viewerIsRefusedOnEveryEditAddressBeforeTyping() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        editAddresses().forEach((address, readable) -> {
            Response page = viewer.get(address);
            String html = page.asString();
            assertAll(address,
                    () -> assertEquals(403, page.statusCode(), address + " is refused"),
                    () -> assertTrue(page.contentType().startsWith("text/html"), address + " answers with a page"),
                    () -> assertTrue(html.contains("<h1>" + READ_ONLY + "</h1>"), address + " says what the viewer may do"),
                    () -> assertTrue(html.contains("ask an admin to make you an editor"), address + " says who can help"),
                    () -> assertEquals(List.of(), changes(html), address + " shows no form for a change"),
                    () -> assertFalse(html.contains("<textarea") || html.contains("type=\"file\""), address + " has no input to type into"),
                    () -> assertFalse(html.contains("Exception"), address + " shows no stack trace"),
                    () -> {
                        if (readable != null) {
                            assertTrue(html.contains("href=\"" + readable + "\">Back to reading it</a>"),
                                    address + " links back to " + readable);
                        }
                    });
        });
    }

    @Test
    @DisplayName("D editor: the incident and postmortem edit addresses show their forms; the checklist library is for admins")
    void editorOpensTheEditAddressesOfTheirRole() {
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        for (String address : List.of("/incidents/new", "/incidents/" + incident + "/edit",
                "/incidents/" + incident + "/postmortem/edit", "/incidents/" + incident + "/timeline/" + timelineEntry + "/edit",
                "/incidents/" + incident + "/action-items/" + actionItem + "/edit", "/import")) {
            Response page = editor.get(address);
            assertEquals(200, page.statusCode(), address);
            assertFalse(changes(page.asString()).isEmpty(), address + " shows its form");
        }
        Map<String, String> adminOnly = Map.of("/checklists/new", "/checklists",
                "/checklists/" + Checklists.GENERAL + "/edit", "/checklists/" + Checklists.GENERAL);
        adminOnly.forEach((address, readable) -> {
            Response page = editor.get(address);
            assertEquals(403, page.statusCode(), address);
            assertTrue(page.asString().contains("<h1>Only admins can do this</h1>"), address + " says it is for admins");
            assertTrue(page.asString().contains("href=\"" + readable + "\">Back to reading it</a>"), address + " links back");
        });
    }

    @Test
    @DisplayName("D viewer: the API refuses a change with a problem document that says the same")
    void apiRefusalIsAProblemDocument() {
        Response refused = PortalClient.apiAs(Role.VIEWER).body(Incidents.draftJson().body())
                .put(Incidents.API + "/" + incident);

        ProblemAssertions.assertProblem(refused, 403);
        assertEquals(READ_ONLY, refused.jsonPath().getString("title"));
    }

    @Test
    @DisplayName("D viewer: no page shows an edit link, a new button or a form that changes data; an editor sees them")
    void viewerSeesNoEditLinksWhereAnEditorDoes() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        String at = "/incidents/" + incident;
        String pm = at + "/postmortem";

        // page → what an editor is offered there (links and form actions) and a viewer is not
        Map<String, List<String>> offers = new LinkedHashMap<>();
        offers.put("/", List.of("href=\"/incidents/new\""));
        offers.put("/incidents", List.of("href=\"/incidents/new\"", "href=\"/import\""));
        offers.put(at, List.of("href=\"" + at + "/edit\"", "action=\"" + at + "/timeline\"", "/delete\"", "Yes, remove this entry"));
        offers.put(pm, List.of("href=\"" + pm + "/edit\"", "Review and publish"));
        offers.put(at + "/checklists", List.of("action=\"" + at + "/checklists\"", "action=\"" + at + "/checklists/items/"));
        offers.put(at + "/action-items", List.of("action=\"" + at + "/action-items\"", "/status\""));
        offers.put(pm + "/review", List.of("action=\"" + pm + "/review/send\"", "action=\"" + pm + "/review/not-applicable\""));
        offers.put("/incidents/" + published + "/postmortem/share", List.of("Create a share link"));

        offers.forEach((page, editorOnly) -> {
            String asViewer = viewer.get(page).then().statusCode(200).extract().asString();
            String asEditor = editor.get(page).then().statusCode(200).extract().asString();
            for (String offer : editorOnly) {
                assertTrue(asEditor.contains(offer), () -> "an editor is offered " + offer + " on " + page);
                assertFalse(asViewer.contains(offer), () -> "a viewer is not offered " + offer + " on " + page);
            }
        });

        // Pages a viewer only reads: no form but signing out (the review page keeps its comment forms:
        // anyone signed in may comment on a postmortem in review).
        for (String page : List.of("/", "/incidents", at, pm, at + "/checklists", at + "/action-items", "/lessons",
                "/action-items", "/checklists", "/checklists/" + Checklists.GENERAL, "/incidents/" + published + "/postmortem",
                "/incidents/" + published + "/postmortem/share")) {
            assertEquals(List.of(), changes(viewer.get(page).asString()), page + " offers a viewer no change");
        }
        List<String> reviewForms = changes(viewer.get(pm + "/review").asString());
        assertEquals(List.of(pm + "/review/comments"), reviewForms, "a viewer may only comment on the review page");
    }

    /** The actions of the forms on a page that change something (POST, but signing out), each once, in order. */
    private static List<String> changes(String html) {
        List<String> actions = new ArrayList<>();
        Matcher form = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"").matcher(html);
        while (form.find()) {
            if (!form.group(1).equals(SIGN_OUT) && !actions.contains(form.group(1))) {
                actions.add(form.group(1));
            }
        }
        return actions;
    }
}
