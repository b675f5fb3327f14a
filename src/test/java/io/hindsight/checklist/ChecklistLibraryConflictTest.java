package io.hindsight.checklist;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.hindsight.checklist.Checklists.editPath;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two admins edit the same library checklist: the second save is refused with the conflict page, their text kept. */
@QuarkusTest
class ChecklistLibraryConflictTest {

    @Test
    void theSecondAdminSeesTheNewerVersionAndKeepsTheirText() {
        Checklists.Draft original = Checklists.Draft.unique();
        String slug = Checklists.create(original);
        FormPage first = PortalClient.browserAs(Role.ADMIN).open(editPath(slug));
        FormPage second = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.ADMIN)).open(editPath(slug));

        Checklists.submit(first, editPath(slug), original.failurePattern("A queue grew faster than consumers drained it."))
                .then().statusCode(303);
        Response conflict = Checklists.submit(second, editPath(slug),
                original.failurePattern("A queue grew because a consumer was stuck."));

        String html = conflict.asString();
        assertAll(
                () -> assertEquals(409, conflict.statusCode()),
                () -> assertTrue(html.contains("Someone else saved version 2 of this checklist while you were editing."), html),
                () -> assertEquals(Optional.of("A queue grew because a consumer was stuck."), Html.textarea(html, "failurePattern")),
                () -> assertTrue(html.contains("id=\"conflict-failurePattern\""), "the pattern is compared"),
                () -> assertEquals(Optional.of("2"), Html.inputValue(html, "basedOn"), "saving again builds on version 2"),
                () -> assertEquals(List.of(2, 1), Checklists.versions(slug), "no third version was written"));
    }
}
