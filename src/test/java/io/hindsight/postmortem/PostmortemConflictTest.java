package io.hindsight.postmortem;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two editors in two sessions open the same postmortem; the first saves. The second save is refused with the
 * conflict page: their text still in the form, the current text, and the differences — and nothing of theirs written.
 */
@QuarkusTest
class PostmortemConflictTest {

    @Test
    void theSecondOfTwoConcurrentSavesGetsTheConflictPageAndLosesNothing() {
        long id = draftJson().create();
        TestAccounts.Account secondAccount = TestAccounts.fresh(Role.EDITOR);
        PortalClient first = PortalClient.browser();
        PortalClient second = PortalClient.anonymous().signIn(secondAccount);
        first.open(page(id)).submit(page(id), Map.of("template", "general")).then().statusCode(303);
        FormPage firstEditor = first.open(edit(id));
        FormPage secondEditor = second.open(edit(id));
        String loadedVersion = Html.inputValue(secondEditor.html(), "version").orElseThrow();

        Map<String, String> firstText = sections(firstEditor, "Tell the payments team in the Friday demo.");
        firstEditor.submit(edit(id), firstText).then().statusCode(303);
        Map<String, String> secondText = sections(secondEditor, "Tell the storage team at the Monday review.");
        Response conflict = secondEditor.submit(edit(id), secondText);

        String html = conflict.asString();
        String currentVersion = Postmortems.read(id).jsonPath().getString("version");
        assertAll(
                () -> assertEquals(409, conflict.statusCode()),
                () -> assertTrue(conflict.contentType().startsWith("text/html"), conflict.contentType()),
                () -> assertTrue(html.contains("Someone else saved this postmortem while you were writing."), html),
                () -> assertEquals(Optional.of("Tell the storage team at the Monday review."), Html.textarea(html, "share"),
                        "their text is still in the form"),
                () -> assertEquals(Optional.of(secondText.get("summary")), Html.textarea(html, "summary")),
                () -> assertTrue(conflictField(html, "share").contains("Tell the payments team in the Friday demo."),
                        "the current text is shown: " + conflictField(html, "share")),
                () -> assertTrue(conflictField(html, "share").contains("<del>payments</del>"), conflictField(html, "share")),
                () -> assertTrue(conflictField(html, "share").contains("<ins>storage</ins>"), conflictField(html, "share")),
                () -> assertFalse(html.contains("id=\"conflict-summary\""), "a field that is the same in both is not listed"),
                () -> assertTrue(html.contains("6 other fields are the same in both."), "and counted"),
                () -> assertFalse(currentVersion.equals(loadedVersion), "the first save moved the version on"),
                () -> assertEquals(Optional.of(currentVersion), Html.inputValue(html, "version"),
                        "the form now starts from the current version"));
        Response saved = Postmortems.read(id);
        assertEquals("Tell the payments team in the Friday demo.", saved.jsonPath().getString("share"),
                "nothing of the second save was written");
        java.util.regex.Matcher draft = java.util.regex.Pattern.compile("href=\"/incidents/" + id
                + "/history/compare\\?to=(\\d+)\"").matcher(html);
        assertTrue(draft.find(), "the page links to the draft revision that keeps their text");
        Response revision = PortalClient.api().get("/api/v1/incidents/" + id + "/revisions/" + draft.group(1));
        assertAll(
                () -> assertEquals(200, revision.statusCode(), revision::asString),
                () -> assertEquals("draft", revision.jsonPath().getString("kind")),
                () -> assertEquals(secondAccount.id(), revision.jsonPath().getLong("author_id")),
                () -> assertEquals("Tell the storage team at the Monday review.", revision.jsonPath().getString("fields.share")));
        List<String> contributors = saved.jsonPath().getList("contributors.name");
        assertFalse(contributors.stream().anyMatch(name -> name.contains(secondAccount.email().substring(0, 12))),
                "the refused save made nobody a contributor: " + contributors);
    }

    @Test
    void savingAgainFromTheConflictPagePutsTheirTextOnTopOfTheCurrentVersion() {
        long id = draftJson().create();
        PortalClient first = PortalClient.browser();
        PortalClient second = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        first.open(page(id)).submit(page(id), Map.of("template", "general")).then().statusCode(303);
        FormPage firstEditor = first.open(edit(id));
        FormPage secondEditor = second.open(edit(id));
        firstEditor.submit(edit(id), sections(firstEditor, "First share.")).then().statusCode(303);
        Response conflict = secondEditor.submit(edit(id), sections(secondEditor, "Second share."));
        assertEquals(409, conflict.statusCode());

        FormPage conflictPage = new FormPage(second, conflict.asString(), secondEditor.csrfToken());
        Map<String, String> again = sections(conflictPage, Html.textarea(conflict.asString(), "share").orElseThrow());
        Response saved = conflictPage.submit(edit(id), again);

        assertEquals(303, saved.statusCode(), saved::asString);
        assertEquals("Second share.", Postmortems.read(id).jsonPath().getString("share"));
    }

    /**
     * Two saves from the same version that both pass the service's check: a row lock held by the test keeps them at
     * the UPDATE until both are there, so the loser is found by Hibernate's version check at commit. Still the conflict
     * page with the loser's text, never a 500.
     */
    @Test
    void aSaveThatLosesTheRaceAtCommitStillGetsTheConflictPage() throws Exception {
        long id = draftJson().create();
        PortalClient first = PortalClient.browser();
        PortalClient second = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        first.open(page(id)).submit(page(id), Map.of("template", "general")).then().statusCode(303);
        FormPage firstEditor = first.open(edit(id));
        FormPage secondEditor = second.open(edit(id));
        List<java.util.concurrent.CompletableFuture<Response>> saves = new java.util.ArrayList<>();
        try (java.sql.Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (java.sql.PreparedStatement select = lock.prepareStatement(
                    "SELECT id FROM postmortem WHERE incident_id = ? FOR UPDATE")) {
                select.setLong(1, id);
                select.executeQuery().close();
            }
            saves.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> firstEditor.submit(edit(id), sections(firstEditor, "Racer one."))));
            saves.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> secondEditor.submit(edit(id), sections(secondEditor, "Racer two."))));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            int waiting = 0;
            while (waiting < 2 && System.nanoTime() < deadline) {
                try (java.sql.Connection c = dataSource.getConnection();
                     java.sql.PreparedStatement count = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                             + "WHERE wait_event_type = 'Lock' AND query ILIKE 'update postmortem%'");
                     java.sql.ResultSet rs = count.executeQuery()) {
                    rs.next();
                    waiting = rs.getInt(1);
                }
                Thread.sleep(50);
            }
            assertEquals(2, waiting, "both saves reached the UPDATE");
            lock.commit();
        }
        Response one = saves.get(0).get(30, java.util.concurrent.TimeUnit.SECONDS);
        Response two = saves.get(1).get(30, java.util.concurrent.TimeUnit.SECONDS);
        Response lost = one.statusCode() == 409 ? one : two;
        Response won = lost == one ? two : one;
        String loser = lost == one ? "Racer one." : "Racer two.";

        assertAll(
                () -> assertEquals(303, won.statusCode()),
                () -> assertEquals(409, lost.statusCode(), lost::asString),
                () -> assertTrue(lost.asString().contains("Someone else saved this postmortem while you were writing.")),
                () -> assertEquals(Optional.of(loser), Html.textarea(lost.asString(), "share"), "the loser's text is kept"));
    }

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** The written sections with {@code share} as given, and the version the form carries. */
    private static Map<String, String> sections(FormPage editor, String share) {
        Map<String, String> fields = new LinkedHashMap<>(Postmortems.writtenSections());
        fields.put("share", share);
        fields.put("version", Html.inputValue(editor.html(), "version").orElseThrow());
        return fields;
    }

    private static String conflictField(String html, String name) {
        int start = html.indexOf("id=\"conflict-" + name + "\"");
        if (start < 0) {
            return "";
        }
        int end = html.indexOf("</div>\n  </div>", start);
        return html.substring(start, end < 0 ? html.length() : end);
    }

    private static String page(long id) {
        return "/incidents/" + id + "/postmortem";
    }

    private static String edit(long id) {
        return page(id) + "/edit";
    }
}
