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
