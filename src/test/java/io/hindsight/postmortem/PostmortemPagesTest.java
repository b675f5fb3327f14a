package io.hindsight.postmortem;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.incident.Incidents.draftJson;
import static io.hindsight.incident.Incidents.uniqueTag;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writing a postmortem in the browser: choose a template, fill in the sections, read it back. */
@QuarkusTest
class PostmortemPagesTest {

    @Nested
    class ChoosingATemplate {

        @Test
        void chooserListsTheFourTemplatesAndSuggestsWrongDatabaseForADatabaseIncident() {
            long id = draftJson().tags(uniqueTag(), "database").create();

            Response page = PortalClient.browser().get(pagePath(id));

            assertEquals(200, page.statusCode());
            String html = page.asString();
            assertTrue(html.contains("<h1>Start the postmortem</h1>"));
            assertEquals(List.of("general", "wrong-database", "data-loss-backups", "auth-session-token"), templateChoices(html));
            assertEquals(Optional.of("wrong-database"), checkedTemplate(html));
            assertEquals(1, occurrences(html, "Suggested for this incident"));
        }

        @Test
        void anIncidentWithoutTellingWordsGetsTheGeneralTemplateSuggested() {
            long id = draftJson().create();

            assertEquals(Optional.of("general"), checkedTemplate(PortalClient.browser().get(pagePath(id)).asString()));
        }

        @Test
        void wordsInTitleAndServicesSuggestTheirTemplates() {
            long backups = draftJson().title("Nightly backup job silently failed " + Incidents.shortId()).create();
            long auth = draftJson().services("login-gateway").create();

            assertEquals(Optional.of("data-loss-backups"), checkedTemplate(PortalClient.browser().get(pagePath(backups)).asString()));
            assertEquals(Optional.of("auth-session-token"), checkedTemplate(PortalClient.browser().get(pagePath(auth)).asString()));
        }

        @Test
        void startingPrefillsEverySectionWithTheTemplateStarter() {
            long id = draftJson().tags(uniqueTag(), "database").create();
            PortalClient browser = PortalClient.browser();

            Response started = browser.open(pagePath(id)).submit(pagePath(id), Map.of("template", "wrong-database"));

            assertEquals(303, started.statusCode());
            assertEquals(editPath(id), PortalClient.location(started));
            String editor = browser.follow(started).asString();
            assertAll(
                    () -> assertTrue(editor.contains("Template: Wrong database / environment misconfiguration.")),
                    () -> assertTrue(Html.textarea(editor, "learn").orElseThrow().startsWith("### Contributing factors\n"),
                            "Learn starts with the contributing factors"),
                    () -> assertTrue(Html.textarea(editor, "learn").orElseThrow()
                            .contains("- [ ] Look-alike database names on the same server")),
                    () -> assertTrue(Html.textarea(editor, "fix").orElseThrow().contains("### Detect")),
                    () -> assertTrue(Html.textarea(editor, "summary").orElseThrow()
                            .startsWith("- Which database was the app actually connected to")),
                    () -> assertTrue(editor.contains("How would anyone have known which database the app was using?"),
                            "the template's prompt is shown beside the section"));
            Postmortems.read(id).then().statusCode(200).body("template", equalTo("wrong-database"));
        }

        @Test
        void startingWithAnUnknownTemplateAsksAgainAndStartsNothing() {
            long id = draftJson().create();

            Response rejected = PortalClient.browser().open(pagePath(id)).submit(pagePath(id), Map.of("template", "no-such-one"));

            assertEquals(400, rejected.statusCode());
            assertTrue(rejected.asString().contains("Choose one of the templates."));
            assertEquals(4, templateChoices(rejected.asString()).size());
            assertEquals(404, Postmortems.read(id).statusCode());
        }

        @Test
        void startingTwiceKeepsTheFirstPostmortem() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            browser.open(pagePath(id)).submit(pagePath(id), Map.of("template", "general")).then().statusCode(303);

            Response again = browser.open(editPath(id)).submit(pagePath(id), Map.of("template", "auth-session-token"));

            assertEquals(303, again.statusCode());
            Postmortems.read(id).then().body("template", equalTo("general"));
        }

        @Test
        void theEditorOfAPostmortemNotYetStartedSendsToTheChooser() {
            long id = draftJson().create();

            Response response = PortalClient.browser().get(editPath(id));

            assertEquals(303, response.statusCode());
            assertEquals(pagePath(id), PortalClient.location(response));
        }
    }

    @Nested
    class Writing {

        @Test
        void savingRedirectsToTheRenderedPostmortem() {
            long id = draftJson().create();
            addRollbackMoment(id);
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");
            Map<String, String> sections = new LinkedHashMap<>(Postmortems.writtenSections());
            sections.put("learn", "### What went well\n\n- The rollback took *two* minutes\n- The on-call knew the runbook\n");
            sections.put("fix", "| Action | Owner |\n|---|---|\n| Add a lock-wait alert | Platform |\n");

            Response saved = editor.submit(editPath(id), withVersion(editor, sections));

            assertEquals(303, saved.statusCode());
            assertEquals(pagePath(id), PortalClient.location(saved));
            String html = browser.follow(saved).asString();
            assertAll(
                    () -> assertTrue(html.contains("<h3>What went well</h3>"), "Markdown headings"),
                    () -> assertTrue(html.contains("<li>The rollback took <em>two</em> minutes</li>"), "Markdown lists"),
                    () -> assertTrue(html.contains("<th>Action</th>"), "Markdown tables"),
                    () -> assertTrue(html.contains("<td>Add a lock-wait alert</td>")),
                    () -> assertTrue(html.contains("<strong>40 minutes</strong>"), "the summary"),
                    () -> assertTrue(html.contains("<td>Rolled back the deploy.</td>"), "the incident's timeline is part of it"));
        }

        @Test
        void savingSaysSo() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");

            Response saved = editor.submit(editPath(id), withVersion(editor, Postmortems.writtenSections()));

            assertEquals(Optional.of("Postmortem saved. This is how it reads."), Html.flash(browser.follow(saved).asString()));
        }

        @Test
        void scriptsAndJavascriptLinksAreNeutralised() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");
            Map<String, String> sections = new LinkedHashMap<>(Postmortems.writtenSections());
            sections.put("summary", "<script>alert(1)</script>");
            sections.put("impact", "Before <img src=x onerror=alert(1)> after");
            sections.put("laugh", "[click](javascript:alert(1)) and [runbook](https://example.com/runbook)");
            sections.put("share", "<a href=\"javascript:alert(2)\">raw link</a> <svg onload=alert(3)>");

            Response saved = editor.submit(editPath(id), withVersion(editor, sections));
            String html = browser.follow(saved).asString();

            assertAll(
                    () -> assertFalse(html.contains("<script>"), "no script element from the author"),
                    () -> assertFalse(Pattern.compile("<img[^>]*onerror", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                            "no live onerror attribute"),
                    () -> assertFalse(Pattern.compile("<svg", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no svg element"),
                    () -> assertFalse(html.toLowerCase().contains("href=\"javascript:"), "no javascript: link"),
                    () -> assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the text is still readable"),
                    () -> assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;")),
                    () -> assertTrue(Pattern.compile("<a [^>]*href=\"https://example.com/runbook\"[^>]*>runbook</a>")
                            .matcher(html).find(), "safe links stay links"),
                    () -> assertEquals(linkCount(html, "https://example.com/runbook"),
                            linkCount(html, "https://example.com/runbook", "rel=\"noopener noreferrer nofollow\""),
                            "author links do not hand over the page"));
        }

        @Test
        void theEditorShowsTheStoredTextEscaped() {
            long id = draftJson().create();
            Map<String, Object> body = Postmortems.writtenSectionsJson("general");
            body.put("summary", "</textarea><script>alert(1)</script>");
            Postmortems.put(id, body).then().statusCode(200);

            FormPage editor = PortalClient.browser().open(editPath(id));

            assertFalse(editor.html().contains("<script>alert(1)"));
            assertEquals(Optional.of("</textarea><script>alert(1)</script>"), Html.textarea(editor.html(), "summary"));
        }

        @Test
        void aSectionOverFiftyThousandCharactersComesBackAndNothingIsSaved() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");
            String before = Postmortems.read(id).asString();
            Map<String, String> sections = new LinkedHashMap<>(Postmortems.writtenSections());
            sections.put("fix", "f".repeat(50_001));

            Response rejected = editor.submit(editPath(id), withVersion(editor, sections));

            assertEquals(400, rejected.statusCode());
            String html = rejected.asString();
            assertTrue(Html.fieldError(html, "fix").orElse("").startsWith("Keep a section under 50,000 characters"));
            assertEquals(Optional.of(sections.get("summary")), Html.textarea(html, "summary"), "typed text is kept");
            assertEquals(before, Postmortems.read(id).asString());
        }

        @Test
        void savingOverSomeoneElsesNewerVersionIsAConflictThatKeepsBothTexts() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");
            Map<String, Object> theirs = Postmortems.writtenSectionsJson(null);
            theirs.put("share", "Their share text.");
            Postmortems.put(id, theirs).then().statusCode(200);
            Map<String, String> mine = new LinkedHashMap<>(Postmortems.writtenSections());
            mine.put("share", "My share text.");

            Response conflict = editor.submit(editPath(id), withVersion(editor, mine));

            assertEquals(409, conflict.statusCode());
            assertTrue(conflict.asString().contains("Someone else saved this postmortem while you were writing."));
            assertEquals(Optional.of("My share text."), Html.textarea(conflict.asString(), "share"), "my text is not lost");
            Postmortems.read(id).then().body("share", equalTo("Their share text."));
        }

        @Test
        void browserLineEndingsAreStoredAsUnixLineEndings() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");
            Map<String, String> sections = new LinkedHashMap<>(Postmortems.writtenSections());
            sections.put("impact", "- one\r\n- two\r\n");

            editor.submit(editPath(id), withVersion(editor, sections)).then().statusCode(303);

            Postmortems.read(id).then().body("impact", equalTo("- one\n- two"));
        }

        @Test
        void theFindingsOfTheBlamelessCheckAreShownUnderTheirSectionRightAfterSaving() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");
            Map<String, String> sections = new LinkedHashMap<>(Postmortems.writtenSections());
            sections.put("learn", "The certificate expired because Bob forgot to renew it.");

            Response saved = editor.submit(editPath(id), withVersion(editor, sections));

            assertEquals(303, saved.statusCode());
            assertEquals(pagePath(id), PortalClient.location(saved));
            String html = browser.follow(saved).asString();
            String learn = sectionHtml(html, "learn");
            assertAll(
                    () -> assertTrue(learn.contains("“The certificate expired because Bob <mark>forgot to</mark> renew it.”"),
                            "the phrase is highlighted in its sentence, under the Learn section: " + learn),
                    () -> assertTrue(learn.contains("puts the cause in one person"), "why"),
                    () -> assertTrue(learn.contains("Try instead: What made this step easy to miss?"), "a rewording"),
                    () -> assertFalse(sectionHtml(html, "summary").contains("class=\"finding\""), "clean sections have none"),
                    () -> assertTrue(html.contains("The blameless check found one phrase to look at"), "a note at the top"),
                    () -> assertEquals(1, occurrences(html, "class=\"finding\"")));
        }

        @Test
        void aCleanPostmortemShowsNoFindings() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");

            String html = browser.follow(editor.submit(editPath(id), withVersion(editor, Postmortems.writtenSections()))).asString();

            assertFalse(html.contains("class=\"finding\""));
            assertFalse(html.contains("The blameless check found"));
        }

        @Test
        void viewersReadThePostmortemWithoutTheWritersFindings() {
            long id = draftJson().create();
            Map<String, Object> body = Postmortems.writtenSectionsJson("general");
            body.put("learn", "Bob forgot to renew the certificate.");
            Postmortems.put(id, body).then().statusCode(200);

            String html = PortalClient.browserAs(io.hindsight.account.Role.VIEWER).get(pagePath(id)).asString();

            assertTrue(html.contains("Bob forgot to renew the certificate."));
            assertFalse(html.contains("class=\"finding\""));
        }

        @Test
        void theEditorOffersToCheckTheWordingWithoutSaving() {
            long id = draftJson().create();
            FormPage editor = started(PortalClient.browser(), id, "general");

            assertTrue(editor.html().contains("formaction=\"/incidents/" + id + "/postmortem/check\">Check wording</button>"),
                    "a second submit button of the same form, so it works without JavaScript");
        }

        @Test
        void checkingTheWordingShowsTheFindingsUnderEachSectionWithTheTextAsTypedAndSavesNothing() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage editor = started(browser, id, "general");
            String before = Postmortems.read(id).asString();
            Map<String, String> sections = new LinkedHashMap<>(Postmortems.writtenSections());
            sections.put("summary", "Checkout was slow & it’s <b>odd</b>.\r\nThe on-call engineer should have rolled back sooner.");
            sections.put("fix", "- Everyone must be more careful with deploys");

            Response checked = editor.submit(checkPath(id), withVersion(editor, sections));

            assertEquals(200, checked.statusCode());
            String html = checked.asString();
            assertAll(
                    () -> assertEquals(Optional.of("Checkout was slow & it’s <b>odd</b>.\r\nThe on-call engineer should have rolled back sooner."),
                            Html.textarea(html, "summary"), "the text exactly as typed"),
                    () -> assertEquals(Optional.of(sections.get("share")), Html.textarea(html, "share")),
                    () -> assertEquals(Html.inputValue(editor.html(), "version"), Html.inputValue(html, "version"),
                            "the version the writer started from, so a later save still detects a conflict"),
                    () -> assertTrue(rowHtml(html, "summary").contains("<mark>should have rolled</mark>"), rowHtml(html, "summary")),
                    () -> assertTrue(rowHtml(html, "fix").contains("<mark>be more careful</mark>"), rowHtml(html, "fix")),
                    () -> assertFalse(rowHtml(html, "impact").contains("class=\"finding\"")),
                    () -> assertTrue(html.contains("2 phrases to look at, shown under their sections."), "what the check found"),
                    () -> assertTrue(html.contains("Nothing was saved yet"), "and that nothing was saved"));
            assertEquals(before, Postmortems.read(id).asString(), "the database is unchanged");
        }

        @Test
        void checkingCleanWordingSaysSo() {
            long id = draftJson().create();
            FormPage editor = started(PortalClient.browser(), id, "general");

            Response checked = editor.submit(checkPath(id), withVersion(editor, Postmortems.writtenSections()));

            assertEquals(200, checked.statusCode());
            assertTrue(checked.asString().contains("The wording reads blameless: nothing to reword."));
        }

        @Test
        void checkingNeedsTheFormsToken() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            started(browser, id, "general");

            int status = browser.postForm(checkPath(id), Postmortems.writtenSections()).statusCode();

            assertTrue(status >= 400 && status < 500, "refused without the CSRF token: " + status);
        }

        @Test
        void viewersCannotCheckTheWording() {
            long id = draftJson().create();
            Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
            PortalClient viewer = PortalClient.browserAs(io.hindsight.account.Role.VIEWER);
            FormPage page = viewer.open(pagePath(id));

            assertEquals(403, page.submit(checkPath(id), Postmortems.writtenSections()).statusCode());
        }

        /** The rendered section with {@code id} on the postmortem page. */
        private String sectionHtml(String html, String key) {
            int start = html.indexOf("<section class=\"pm-section\" id=\"" + key + "\">");
            assertTrue(start >= 0, "section " + key);
            return html.substring(start, html.indexOf("</section>", start));
        }

        /** The editor row of one section: its textarea, its findings and its prompt. */
        private String rowHtml(String html, String field) {
            int start = html.indexOf("id=\"" + field + "-row\"");
            assertTrue(start >= 0, "row " + field);
            int next = html.indexOf("class=\"pm-editor-row\"", start);
            return html.substring(start, next < 0 ? html.indexOf("form-actions", start) : next);
        }

        /** Starts the postmortem from {@code template} and opens its editor. */
        private FormPage started(PortalClient browser, long id, String template) {
            browser.open(pagePath(id)).submit(pagePath(id), Map.of("template", template)).then().statusCode(303);
            return browser.open(editPath(id));
        }

        private Map<String, String> withVersion(FormPage editor, Map<String, String> sections) {
            Map<String, String> fields = new LinkedHashMap<>(sections);
            fields.put("version", Html.inputValue(editor.html(), "version").orElseThrow());
            return fields;
        }

        private void addRollbackMoment(long id) {
            PortalClient.api()
                    .body(Map.of("occurred_at", Instant.now().minusSeconds(600).toString(), "kind", "ACTION",
                            "description", "Rolled back the deploy."))
                    .post(Incidents.API + "/" + id + "/timeline")
                    .then().statusCode(201);
        }
    }

    private static String pagePath(long id) {
        return "/incidents/" + id + "/postmortem";
    }

    private static String editPath(long id) {
        return pagePath(id) + "/edit";
    }

    private static String checkPath(long id) {
        return pagePath(id) + "/check";
    }

    private static List<String> templateChoices(String html) {
        Matcher m = Pattern.compile("<input type=\"radio\" name=\"template\" value=\"([^\"]+)\"").matcher(html);
        List<String> slugs = new ArrayList<>();
        while (m.find()) {
            slugs.add(m.group(1));
        }
        return slugs;
    }

    private static Optional<String> checkedTemplate(String html) {
        Matcher m = Pattern.compile("<input type=\"radio\" name=\"template\" value=\"([^\"]+)\" checked>").matcher(html);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static int occurrences(String html, String text) {
        return html.split(Pattern.quote(text), -1).length - 1;
    }

    private static long linkCount(String html, String href, String... alsoContains) {
        Matcher m = Pattern.compile("<a [^>]*>").matcher(html);
        long count = 0;
        while (m.find()) {
            String tag = m.group();
            if (tag.contains("href=\"" + href + "\"") && java.util.Arrays.stream(alsoContains).allMatch(tag::contains)) {
                count++;
            }
        }
        return count;
    }
}
