package io.hindsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Adaptive Card a Teams destination gets: the same content as the Slack message, valid for the
 * Teams stand-in, user text shown as typed (never as links or formatting), cut between
 * user-perceived characters, and the whole message under Teams' size limit.
 */
class TeamsCardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "[click](https://evil.example) <script>alert(1)</script> **bold** _it_ "
            + "`code` # not a heading {{DATE(2017-02-14T06:08:39Z)}} &amp; @channel 🔥👨‍👩‍👧";

    @Test
    void aMessageBecomesACardWithHeadingFactsTextAndALinkBack() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Severity", "SEV1 · Critical");
        fields.put("Status", "Investigating");
        fields.put("Duration", null);
        SlackMessage message = SlackMessage.builder("SEV1 incident declared: Payments failing — https://hindsight.example/incidents/7")
                .header("SEV1 incident declared: Payments failing")
                .fields(fields)
                .section("Summary", "Card payments time out.")
                .button("Open incident", "https://hindsight.example/incidents/7")
                .build();

        String json = TeamsCard.of(message).toJson();
        JsonNode card = JSON.readTree(json).path("attachments").get(0).path("content");

        assertEquals(List.of(), TeamsStandIn.problems(json.getBytes(StandardCharsets.UTF_8), "application/json"));
        JsonNode body = card.path("body");
        assertAll(
                () -> assertEquals("TextBlock", body.get(0).path("type").asText()),
                () -> assertEquals("SEV1 incident declared: Payments failing", body.get(0).path("text").asText()),
                () -> assertEquals("Bolder", body.get(0).path("weight").asText()),
                () -> assertEquals("FactSet", body.get(1).path("type").asText()),
                () -> assertEquals("Severity", body.get(1).path("facts").get(0).path("title").asText()),
                () -> assertEquals("SEV1 · Critical", body.get(1).path("facts").get(0).path("value").asText()),
                () -> assertEquals("—", body.get(1).path("facts").get(2).path("value").asText(), "an unknown value is a dash"),
                () -> assertEquals("Summary", body.get(2).path("text").asText()),
                () -> assertEquals("Card payments time out.", body.get(3).path("text").asText()),
                () -> assertEquals("Action.OpenUrl", card.path("actions").get(0).path("type").asText()),
                () -> assertEquals("https://hindsight.example/incidents/7", card.path("actions").get(0).path("url").asText()),
                () -> assertEquals("Open incident", card.path("actions").get(0).path("title").asText()),
                () -> assertTrue(card.path("fallbackText").asText().startsWith("SEV1 incident declared")));
    }

    @Test
    void userTextCannotInjectLinksOrFormattingAndReadsBackAsTyped() throws Exception {
        SlackMessage message = SlackMessage.builder(HOSTILE)
                .header(HOSTILE)
                .fields(Map.of("Services", HOSTILE))
                .section(HOSTILE, HOSTILE)
                .markdown("Summary", "- item " + HOSTILE + "\n1. first\n> quoted")
                .list("Items", List.of(new SlackMessage.Entry(HOSTILE, "https://hindsight.example/a", HOSTILE)), 10)
                .button(HOSTILE, "https://hindsight.example/")
                .build();

        String json = TeamsCard.of(message).toJson();
        JsonNode card = JSON.readTree(json).path("attachments").get(0).path("content");
        assertEquals(List.of(), TeamsStandIn.problems(json.getBytes(StandardCharsets.UTF_8), "application/json"));

        List<String> markdown = new ArrayList<>();
        card.path("body").forEach(e -> {
            markdown.add(e.path("text").asText());
            e.path("facts").forEach(f -> {
                markdown.add(f.path("title").asText());
                markdown.add(f.path("value").asText());
            });
        });
        String header = markdown.get(0);
        assertEquals(HOSTILE, unescape(header), "shown exactly as typed once Markdown is read");
        for (String text : markdown) {
            assertFalse(text.contains("[click]("), "no link from user text: " + text);
            assertFalse(text.contains("<script>"), "no raw tag: " + text);
            assertFalse(text.contains("{{DATE("), "no card function: " + text);
        }
        assertTrue(header.contains("🔥👨‍👩‍👧"), "emoji pass through untouched");
        assertFalse(header.contains("**bold**"), "no bold from plain user text: " + header);
        String list = markdown.get(markdown.indexOf("Items") + 1);
        assertTrue(list.startsWith("• [\\[click\\]\\(https://evil.example\\)"), "our own link, with the label escaped: " + list);
        assertTrue(list.contains("](https://hindsight.example/a)"), list);
        String summary = markdown.get(markdown.indexOf("Summary") + 1);
        assertTrue(summary.startsWith("• item click \\(https://evil.example\\)"), "an author's link is shown as text: " + summary);
        assertTrue(summary.contains("1\\. first"), "a numbered line stays text: " + summary);
        assertTrue(summary.contains("\\> quoted"), summary);
    }

    @Test
    void longTextIsCutBetweenUserPerceivedCharacters() throws Exception {
        String family = "👨‍👩‍👧‍👦";
        String title = "Outage ".repeat(10) + family.repeat(40);
        String summary = "x" + family.repeat(1000);
        SlackMessage message = SlackMessage.builder(title).header(title).section("Summary", summary).build();

        JsonNode body = JSON.readTree(TeamsCard.of(message).toJson()).path("attachments").get(0).path("content").path("body");
        String header = unescape(body.get(0).path("text").asText());
        String section = unescape(body.get(2).path("text").asText());

        assertTrue(header.length() <= TeamsCard.MAX_HEADING && header.endsWith("…"), header);
        assertTrue(section.length() <= TeamsCard.MAX_TEXT && section.endsWith("…"), "section of " + section.length());
        for (String cut : List.of(header, section)) {
            String kept = cut.substring(0, cut.length() - 1);
            assertTrue(kept.endsWith(family), "ends with a whole family, not a piece of one: " + kept.substring(kept.length() - 12));
            assertEquals(0, kept.replace(family, "").replace("Outage ", "").replace("Outage", "").replace("x", "").length(),
                    "nothing but whole characters");
        }
    }

    @Test
    void aHugeMessageIsShortenedUnderTheTeamsLimitWithANote() throws Exception {
        SlackMessage.Builder builder = SlackMessage.builder("Daily digest").header("Daily digest");
        for (int i = 0; i < 30; i++) {
            // Every character needs escaping, so the card is twice as long as the text.
            builder.section("Part " + i, "<[*_]>".repeat(500));
        }
        String json = TeamsCard.of(builder.button("Open action items", "https://hindsight.example/action-items").build()).toJson();
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertTrue(bytes.length <= TeamsCard.MAX_BYTES, bytes.length + " bytes");
        assertEquals(List.of(), TeamsStandIn.problems(bytes, "application/json"));
        JsonNode card = JSON.readTree(json).path("attachments").get(0).path("content");
        JsonNode body = card.path("body");
        assertEquals("Daily digest", body.get(0).path("text").asText(), "the heading stays");
        assertTrue(body.get(body.size() - 1).path("text").asText().matches("…and \\d+ more in Hindsight\\."), body.get(body.size() - 1).toString());
        assertEquals("https://hindsight.example/action-items", card.path("actions").get(0).path("url").asText(), "the link back stays");
    }

    @Test
    void theStandInRefusesWhatTeamsWouldRefuse() {
        assertFalse(TeamsStandIn.problems("{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8), "application/json").isEmpty());
        String noBody = "{\"type\":\"message\",\"attachments\":[{\"contentType\":\"application/vnd.microsoft.card.adaptive\","
                + "\"content\":{\"$schema\":\"http://adaptivecards.io/schemas/adaptive-card.json\",\"type\":\"AdaptiveCard\",\"version\":\"1.4\",\"body\":[]}}]}";
        assertEquals(List.of("content.body is empty"), TeamsStandIn.problems(noBody.getBytes(StandardCharsets.UTF_8), "application/json"));
        String badAction = noBody.replace("\"body\":[]", "\"body\":[{\"type\":\"Marquee\"}],\"actions\":[{\"type\":\"Action.OpenUrl\",\"url\":\"/relative\"}]");
        List<String> problems = TeamsStandIn.problems(badAction.getBytes(StandardCharsets.UTF_8), "application/json");
        assertTrue(problems.contains("unknown element Marquee"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("Action.OpenUrl url is not absolute")), problems.toString());
    }

    /** What a CommonMark reader shows for escaped text: each backslash-escaped character as itself. */
    static String unescape(String markdown) {
        return markdown.replaceAll("\\\\(\\p{Punct})", "$1");
    }
}
