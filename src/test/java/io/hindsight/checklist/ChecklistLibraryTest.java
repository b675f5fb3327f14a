package io.hindsight.checklist;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.checklist.Checklists.Draft;
import io.hindsight.checklist.Checklists.Item;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.checklist.Checklists.BACKUPS;
import static io.hindsight.checklist.Checklists.RESTORE_DRILL;
import static io.hindsight.checklist.Checklists.editPath;
import static io.hindsight.checklist.Checklists.versions;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checklist library: everyone reads it, only admins change it, and every change is a new
 * version that leaves the incidents using the old one alone.
 */
@QuarkusTest
class ChecklistLibraryTest {

    @Nested
    class Reading {

        @Test
        void theLibraryListsTheFiveSeededChecklistsWithTheirItemCounts() {
            String html = PortalClient.browserAs(Role.VIEWER).get("/checklists").asString();

            // The seeded library is what every installation starts with (V5); its counts are part of that promise.
            assertAll(
                    () -> assertTrue(html.contains("<h1>Remediation checklists</h1>")),
                    () -> assertEquals("5 items · version 1", libraryCard(html, BACKUPS, "Backups and restore drills")),
                    () -> assertEquals("5 items · version 1", libraryCard(html, Checklists.ENV_DATABASE, "Environment and database targeting")),
                    () -> assertEquals("6 items · version 1", libraryCard(html, Checklists.AUTH_TOKENS, "Authentication token lifecycle")),
                    () -> assertEquals("5 items · version 1", libraryCard(html, Checklists.CONFIG_DEPLOY, "Config and deploy change safety")),
                    () -> assertEquals("4 items · version 1", libraryCard(html, Checklists.GENERAL, "General")));
        }

        @Test
        void aChecklistPageShowsItsItemsInOrderWithEvidenceAndReverifyBadges() {
            String html = PortalClient.browserAs(Role.VIEWER).get("/checklists/" + BACKUPS).asString();

            List<String> items = libraryItems(html);
            assertEquals(5, items.size(), html);
            String first = items.get(0);
            String restoreDrill = items.get(1);
            String monitored = items.get(2);
            assertAll(
                    () -> assertTrue(html.contains("<h1>Backups and restore drills</h1>")),
                    () -> assertTrue(html.contains("Data was lost, damaged or at risk"), "the failure pattern it answers"),
                    () -> assertTrue(first.contains("<strong>Automated backups run for every production database</strong>")),
                    () -> assertFalse(first.contains("Needs evidence"), "item 1 needs no evidence"),
                    () -> assertFalse(first.contains("Re-verify every"), "item 1 does not come back"),
                    () -> assertTrue(restoreDrill.contains("<strong>" + RESTORE_DRILL + "</strong>")),
                    () -> assertTrue(restoreDrill.contains("Needs evidence")),
                    () -> assertTrue(restoreDrill.contains("Re-verify every 30 days")),
                    () -> assertTrue(restoreDrill.contains("<a href=\"https://www.postgresql.org/docs/current/backup.html\""),
                            "the guidance link"),
                    () -> assertTrue(monitored.contains("Re-verify every 90 days")),
                    () -> assertFalse(monitored.contains("Needs evidence")));
        }

        @Test
        void anUnknownChecklistIsNotFound() {
            assertEquals(404, PortalClient.browser().get("/checklists/no-such-checklist-" + Incidents.shortId()).statusCode());
        }
    }

    @Nested
    class WhoMayChangeIt {

        @ParameterizedTest
        @EnumSource(value = Role.class, names = {"VIEWER", "EDITOR"})
        void viewersAndEditorsReadTheLibraryButSeeNoWayToChangeIt(Role role) {
            PortalClient browser = PortalClient.browserAs(role);

            String library = browser.get("/checklists").asString();
            String checklist = browser.get("/checklists/" + BACKUPS).asString();

            assertAll(
                    () -> assertTrue(library.contains("href=\"/checklists/" + BACKUPS + "\"")),
                    () -> assertFalse(library.contains("href=\"/checklists/new\""), "no New checklist button"),
                    () -> assertTrue(checklist.contains("<h1>Backups and restore drills</h1>")),
                    () -> assertFalse(checklist.contains("href=\"" + editPath(BACKUPS) + "\""), "no Edit button"));
        }

        @ParameterizedTest
        @EnumSource(value = Role.class, names = {"VIEWER", "EDITOR"})
        void viewersAndEditorsAreRefusedTheEditorPages(Role role) {
            PortalClient browser = PortalClient.browserAs(role);

            assertEquals(403, browser.get("/checklists/new").statusCode());
            assertEquals(403, browser.get(editPath(BACKUPS)).statusCode());
        }

        @ParameterizedTest
        @EnumSource(value = Role.class, names = {"VIEWER", "EDITOR"})
        void viewersAndEditorsCannotSaveAVersionOrCreateAChecklist(Role role) {
            String slug = Checklists.create(Draft.unique());
            PortalClient browser = PortalClient.browserAs(role);
            // Any page of theirs carries a valid CSRF token (the sign-out form), so the refusal is the role's.
            PortalClient.FormPage page = browser.open("/checklists");
            Draft attempt = Draft.unique();

            Response edit = Checklists.submit(page, editPath(slug), attempt.name("Taken over " + Incidents.shortId()));
            Response create = Checklists.submit(page, "/checklists", attempt);

            assertEquals(403, edit.statusCode());
            assertEquals(403, create.statusCode());
            assertEquals(List.of(1), versions(slug), "no second version");
            assertEquals(0, Checklists.countNamed(attempt.name()), "no new checklist");
        }

        @Test
        void adminsSeeTheWaysToChangeIt() {
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);

            assertTrue(admin.get("/checklists").asString().contains("href=\"/checklists/new\""));
            assertTrue(admin.get("/checklists/" + BACKUPS).asString().contains("href=\"" + editPath(BACKUPS) + "\""));
            assertEquals(200, admin.get("/checklists/new").statusCode());
            String editor = admin.get(editPath(BACKUPS)).asString();
            assertEquals(Optional.of("Backups and restore drills"), Html.inputValue(editor, "name"), "the editor starts from the current version");
            assertTrue(editor.contains("Saving creates version 2."));
        }
    }

    @Nested
    class Creating {

        @Test
        void aNewChecklistGetsASlugFromItsNameAndAPageOfItsOwn() {
            String id = Incidents.shortId();
            Draft draft = Draft.unique().name("  Café  Queue:  Backlog & Drains " + id + "  ");

            String slug = Checklists.create(draft);

            // Lower case, accents dropped, every run of other characters one hyphen, none at the ends.
            assertEquals("cafe-queue-backlog-drains-" + id, slug);
            String html = PortalClient.browserAs(Role.VIEWER).get("/checklists/" + slug).asString();
            List<String> items = libraryItems(html);
            assertAll(
                    () -> assertTrue(html.contains("<h1>Café  Queue:  Backlog &amp; Drains " + id + "</h1>"), "the name, trimmed"),
                    () -> assertEquals(3, items.size()),
                    () -> assertTrue(items.get(0).contains(draft.items().get(0).text()), "items in the order typed"),
                    () -> assertTrue(items.get(1).contains("Needs evidence")),
                    () -> assertTrue(items.get(2).contains("Re-verify every 14 days")),
                    () -> assertTrue(html.contains("version 1")),
                    () -> assertEquals(List.of(1), versions(slug)),
                    () -> assertTrue(PortalClient.browser().get("/checklists").asString().contains("href=\"/checklists/" + slug + "\""),
                            "the library lists it"));
        }

        @Test
        void creatingSaysItWasAdded() {
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);
            Response created = Checklists.submit(admin.open("/checklists/new"), "/checklists", Draft.unique());

            // The flash travels in a cookie of the redirect.
            String flash = created.getCookie(PortalClient.FLASH_COOKIE);
            String page = admin.request().cookie(PortalClient.FLASH_COOKIE, flash).get(PortalClient.location(created)).asString();

            assertEquals(Optional.of("Checklist added to the library."), Html.flash(page));
        }

        @Test
        void aSecondChecklistWithTheSameNameIsRefused() {
            Draft first = Draft.unique();
            String slug = Checklists.create(first);

            // Same name in other letters: it would get the same slug, so it is the same checklist.
            Response again = Checklists.submit(PortalClient.browserAs(Role.ADMIN).open("/checklists/new"), "/checklists",
                    first.name(first.name().toUpperCase()).items(Item.of("Something else entirely")));

            assertEquals(400, again.statusCode());
            assertEquals(Optional.of("A checklist with this name exists already; edit it instead."),
                    Html.fieldError(again.asString(), "name"));
            assertEquals(List.of(1), versions(slug), "the existing checklist is untouched");
            assertFalse(PortalClient.browser().get("/checklists/" + slug).asString().contains("Something else entirely"));
        }

        @Test
        void aNameOfAHundredCharactersIsAccepted() {
            // The form and the rule allow 120 characters; a long, honest name must not fail on its slug.
            String name = ("Replica lag makes reads stale after failover " + Incidents.shortId() + " ").repeat(3).substring(0, 100);
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);

            Response created = Checklists.submit(admin.open("/checklists/new"), "/checklists", Draft.unique().name(name));

            assertEquals(303, created.statusCode(), created::asString);
            String page = admin.get(PortalClient.location(created)).asString();
            assertTrue(page.contains("<h1>" + name.strip() + "</h1>"), page);
        }

        @Test
        void aChecklistNamedNewGetsAPageOfItsOwn() {
            // "new" is also the path of the creation form; the checklist must still be reachable.
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);

            Response created = Checklists.submit(admin.open("/checklists/new"), "/checklists", Draft.unique().name("New"));

            assertEquals(303, created.statusCode(), created::asString);
            String page = admin.get(PortalClient.location(created)).asString();
            assertTrue(page.contains("<h1>New</h1>"), "the checklist's own page, not the creation form: " + page);
        }

        @Test
        void namesWithoutLatinLettersGetPagesOfTheirOwn() {
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);

            Response first = Checklists.submit(admin.open("/checklists/new"), "/checklists",
                    Draft.unique().name("Резервные копии"));
            Response second = Checklists.submit(admin.open("/checklists/new"), "/checklists",
                    Draft.unique().name("Восстановление"));

            assertEquals(303, first.statusCode(), first::asString);
            assertNotEquals("/checklists/", PortalClient.location(first), "a page of its own, not the library");
            assertEquals(303, second.statusCode(), second::asString);
            assertTrue(admin.get(PortalClient.location(first)).asString().contains("<h1>Резервные копии</h1>"));
            assertTrue(admin.get(PortalClient.location(second)).asString().contains("<h1>Восстановление</h1>"));
        }

        @Test
        void aRefusedNewChecklistSavesNothingAndKeepsWhatWasTyped() {
            Draft draft = Draft.unique().items(Item.of("Alert on lag").days("0"));

            Response refused = Checklists.submit(PortalClient.browserAs(Role.ADMIN).open("/checklists/new"), "/checklists", draft);

            assertEquals(400, refused.statusCode());
            String html = refused.asString();
            assertTrue(html.contains("Nothing was saved yet."));
            assertTrue(html.contains("Re-verify every 1 to 3650 days, or leave it empty."));
            assertEquals(Optional.of(draft.name()), Html.inputValue(html, "name"), "the name is kept");
            assertTrue(html.contains("value=\"Alert on lag\""), "the item is kept");
            assertEquals(0, Checklists.countNamed(draft.name()), "nothing saved");
        }
    }

    /** Hand-made submissions of the new-checklist form, as a script sends them: each gets its message, never a 500. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"name=", "name=X&failurePattern=y&itemText=Read&itemUrl=javascript:alert(1)",
            "name=X&failurePattern=y&itemText=Rehearse&itemDays=x", "itemDays=x", "itemText=a&itemText=b&itemWhy=only-one",
            "name=X&failurePattern=y&itemEvidence=yes&itemEvidence=yes"})
    void anyInvalidNewChecklistSubmissionIsRefusedWithAMessage(String submission) {
        Map<String, List<String>> fields = new java.util.LinkedHashMap<>();
        for (String pair : submission.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.computeIfAbsent(kv[0], k -> new java.util.ArrayList<>()).add(kv[1]);
        }
        Response refused = PortalClient.browserAs(Role.ADMIN).open("/checklists/new").submit("/checklists", fields);
        assertEquals(400, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("Nothing was saved yet."), refused.asString());
    }

    /** Each way a checklist can be wrong, tried on the edit form of a checklist that already has one version. */
    enum Invalid {
        EMPTY_NAME("name", "Name the checklist in at most 120 characters.") {
            Draft apply(Draft d) {
                return d.name("   ");
            }
        },
        NO_FAILURE_PATTERN("failurePattern", "Say which failure this checklist answers.") {
            Draft apply(Draft d) {
                return d.failurePattern("");
            }
        },
        NO_ITEMS(null, "Add at least one item.") {
            Draft apply(Draft d) {
                return d.items(Item.of(""), Item.of("   ").why("only a reason, no item"));
            }
        },
        JAVASCRIPT_GUIDANCE_LINK(null, "Guidance links start with https:// or http://.") {
            Draft apply(Draft d) {
                return d.items(Item.of("Read the runbook"), Item.of("Click here").url("javascript:alert(document.cookie)"));
            }
        },
        REVERIFY_EVERY_ZERO_DAYS(null, "Re-verify every 1 to 3650 days, or leave it empty.") {
            Draft apply(Draft d) {
                return d.items(Item.of("Rehearse the failover").days("0"));
            }
        },
        REVERIFY_EVERY_FEW_WEEKS(null, "Re-verify every 1 to 3650 days, or leave it empty.") {
            Draft apply(Draft d) {
                return d.items(Item.of("Rehearse the failover").days("a few weeks"));
            }
        };

        final String field;
        final String message;

        Invalid(String field, String message) {
            this.field = field;
            this.message = message;
        }

        abstract Draft apply(Draft draft);
    }

    @Nested
    class Validation {

        @ParameterizedTest
        @EnumSource(Invalid.class)
        void anInvalidEditIsRefusedWithItsMessageAndTheHistoryIsUnchanged(Invalid invalid) {
            Draft original = Draft.unique();
            String slug = Checklists.create(original);

            Response refused = Checklists.edit(PortalClient.browserAs(Role.ADMIN), slug, invalid.apply(original));

            assertEquals(400, refused.statusCode());
            String html = refused.asString();
            assertTrue(html.contains("Nothing was saved yet."), html);
            assertTrue(html.contains(invalid.message), () -> "expected '" + invalid.message + "' in " + html);
            if (invalid.field != null) {
                assertEquals(Optional.of(invalid.message), Html.fieldError(html, invalid.field));
            }
            assertEquals(List.of(1), versions(slug), "no new version");
            String page = PortalClient.browser().get("/checklists/" + slug).asString();
            assertTrue(page.contains(original.items().get(0).text()), "the current version is still the original");
            assertTrue(page.contains("version 1"));
        }
    }

    @Nested
    class Versions {

        @Test
        void anAdminEditIsSavedAsVersionTwoAndTheHistoryListsBoth() {
            Draft original = Draft.unique();
            String slug = Checklists.create(original);
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);

            Response saved = Checklists.edit(admin, slug, original.items(
                    Item.of("Consumers scale on backlog"), Item.of("Backlog age is on the dashboard").days("7")));

            assertEquals(303, saved.statusCode());
            assertEquals("/checklists/" + slug, PortalClient.location(saved));
            assertEquals(List.of(2, 1), versions(slug));
            String html = PortalClient.browser().get("/checklists/" + slug).asString();
            List<String> items = libraryItems(html);
            assertAll(
                    () -> assertTrue(html.contains("version 2")),
                    () -> assertEquals(2, items.size(), "the page shows the current version's items"),
                    () -> assertTrue(items.get(1).contains("Backlog age is on the dashboard")),
                    () -> assertEquals(List.of("Version 2 current", "Version 1"), history(html)));
        }

        @Test
        void savingAVersionSaysIncidentsKeepTheirs() {
            String slug = Checklists.create(Draft.unique());
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);

            Response saved = Checklists.edit(admin, slug, Draft.unique());
            String page = admin.request().cookie(PortalClient.FLASH_COOKIE, saved.getCookie(PortalClient.FLASH_COOKIE))
                    .get(PortalClient.location(saved)).asString();

            assertEquals(Optional.of("Saved as version 2. Incidents keep the version they were attached with."), Html.flash(page));
        }

        @Test
        void aChecklistAttachedBeforeAnEditKeepsItsVersionAndSaysANewerOneExists() {
            Draft original = Draft.unique();
            String slug = Checklists.create(original);
            long before = draftJson().create();
            PortalClient editor = PortalClient.browser();
            Checklists.attached(editor, before, slug);

            Checklists.edit(PortalClient.browserAs(Role.ADMIN), slug, original.items(Item.of("Only item of version two")))
                    .then().statusCode(303);

            String html = editor.get(Checklists.tab(before)).asString();
            assertEquals(original.items().stream().map(Item::text).toList(), Checklists.itemTexts(html, slug),
                    "the incident keeps the items of version 1");
            assertTrue(Checklists.card(html, slug).contains("Attached as version 1; the library now has version 2."),
                    Checklists.card(html, slug));
            // An incident attaching now gets the new version, and no "newer version" note.
            long after = draftJson().create();
            Checklists.attached(editor, after, slug);
            String newer = editor.get(Checklists.tab(after)).asString();
            assertEquals(List.of("Only item of version two"), Checklists.itemTexts(newer, slug));
            assertFalse(Checklists.card(newer, slug).contains("the library now has version"));
        }

        @Test
        void editingAChecklistThatDoesNotExistIsNotFound() {
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);

            assertEquals(404, admin.get(editPath("no-such-checklist-" + Incidents.shortId())).statusCode());
            Response posted = Checklists.submit(admin.open("/checklists"), editPath("no-such-" + Incidents.shortId()), Draft.unique());
            assertEquals(404, posted.statusCode());
        }
    }

    // --- reading the pages ---------------------------------------------------------------------

    /** The "N items · version V" line of a checklist's card in the library, after asserting its linked name. */
    private static String libraryCard(String html, String slug, String name) {
        Matcher m = Pattern.compile("<a href=\"/checklists/" + Pattern.quote(slug) + "\">" + Pattern.quote(name)
                + "</a></h2>.*?<p class=\"muted small\">(.*?)</p>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), () -> "the library lists no " + name);
        return Html.unescape(m.group(1));
    }

    /** The {@code <li>} of each item on a library checklist page, in order. */
    static List<String> libraryItems(String html) {
        int start = html.indexOf("<ol class=\"checklist-items\">");
        assertTrue(start >= 0, "no item list");
        String list = html.substring(start, html.indexOf("</ol>", start));
        List<String> items = new ArrayList<>();
        Matcher m = Pattern.compile("<li>(.*?)</li>", Pattern.DOTALL).matcher(list);
        while (m.find()) {
            items.add(m.group(1));
        }
        return items;
    }

    /** The History card as text lines: "Version 2 current", "Version 1". */
    private static List<String> history(String html) {
        int start = html.indexOf("<h2>History</h2>");
        assertTrue(start >= 0, "no history");
        String card = html.substring(start, html.indexOf("</ul>", start));
        List<String> lines = new ArrayList<>();
        Matcher m = Pattern.compile("<li>Version (\\d+) · .*?(<strong>current</strong>)?</li>", Pattern.DOTALL).matcher(card);
        while (m.find()) {
            lines.add("Version " + m.group(1) + (m.group(2) != null ? " current" : ""));
        }
        return lines;
    }
}
