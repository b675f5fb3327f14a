package io.hindsight.incident;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.hindsight.incident.Incidents.draftJson;
import static io.hindsight.incident.Incidents.read;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two editors change the same incident, or the same moment of its timeline: the second save shows the conflict page. */
@QuarkusTest
class IncidentConflictTest {

    @Test
    void theSecondSaveOfTheIncidentFormShowsTheirValuesTheCurrentOnesAndTheDifferences() {
        long id = draftJson().create();
        PortalClient first = PortalClient.browser();
        PortalClient second = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        FormPage firstForm = first.open("/incidents/" + id + "/edit");
        FormPage secondForm = second.open("/incidents/" + id + "/edit");

        Map<String, String> theirs = new LinkedHashMap<>(Incidents.editFormValues(firstForm.html()));
        theirs.put("summary", "Checkout timed out behind a lock on the orders table.");
        firstForm.submit("/incidents/" + id + "/edit", theirs).then().statusCode(303);
        Map<String, String> mine = new LinkedHashMap<>(Incidents.editFormValues(secondForm.html()));
        mine.put("summary", "Checkout timed out behind a slow payment provider.");
        Response conflict = secondForm.submit("/incidents/" + id + "/edit", mine);

        String html = conflict.asString();
        assertAll(
                () -> assertEquals(409, conflict.statusCode()),
                () -> assertTrue(html.contains("Someone else saved this incident while you were editing."), html),
                () -> assertEquals(Optional.of(mine.get("summary")), Html.textarea(html, "summary"), "their text stays in the form"),
                () -> assertTrue(html.contains("id=\"conflict-summary\""), "the changed field is compared"),
                () -> assertTrue(html.contains("<del>lock</del><ins>slow</ins>"), "the current words struck through, theirs added"),
                () -> assertTrue(html.contains("<del>the orders table</del><ins>provider</ins>"), html),
                () -> assertFalse(html.contains("id=\"conflict-title\""), "unchanged fields are not listed"),
                () -> assertTrue(html.contains("/history/compare?to="), "their values are kept as a draft revision"),
                () -> assertEquals(Optional.of(read(id).jsonPath().getString("version")), Html.inputValue(html, "version")));
        assertEquals("Checkout timed out behind a lock on the orders table.", read(id).jsonPath().getString("summary"),
                "nothing of the second save was written");
    }

    @Test
    void theSecondCorrectionOfATimelineEntryShowsTheConflictPage() {
        long id = draftJson().create();
        long entry = PortalClient.api()
                .body(Map.of("occurred_at", Instant.now().minusSeconds(600).toString(), "kind", "ACTION",
                        "description", "Restarted the checkout service."))
                .post(Incidents.API + "/" + id + "/timeline").then().statusCode(201).extract().jsonPath().getLong("id");
        String edit = "/incidents/" + id + "/timeline/" + entry + "/edit";
        FormPage firstForm = PortalClient.browser().open(edit);
        FormPage secondForm = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)).open(edit);

        firstForm.submit(edit, timelineFields(firstForm, "Restarted the checkout service twice.")).then().statusCode(303);
        Response conflict = secondForm.submit(edit, timelineFields(secondForm, "Restarted the payment service."));

        String html = conflict.asString();
        assertAll(
                () -> assertEquals(409, conflict.statusCode()),
                () -> assertTrue(html.contains("Someone else corrected this timeline entry while you were editing it."), html),
                () -> assertEquals(Optional.of("Restarted the payment service."), Html.textarea(html, "description")),
                () -> assertTrue(html.contains("Restarted the checkout service twice."), "the current text is shown"),
                () -> assertTrue(html.contains("<ins>payment</ins>"), html));
        assertEquals("Restarted the checkout service twice.", PortalClient.api().get(Incidents.API + "/" + id + "/timeline/" + entry)
                .jsonPath().getString("description"));
    }

    private static Map<String, String> timelineFields(FormPage form, String description) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : new String[]{"occurredAt", "zone", "version"}) {
            fields.put(name, Html.inputValue(form.html(), name).orElseThrow(() -> new AssertionError("no " + name)));
        }
        fields.put("kind", Html.selected(form.html(), "kind").orElse("ACTION"));
        fields.put("description", description);
        return fields;
    }
}
