package io.hindsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Block Kit limits and escaping (SECURITY F25): a message is shortened, never refused, and user text never becomes markup. */
class SlackMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void userTextIsEscapedEverywhere() throws Exception {
        String evil = "<script>alert(1)</script> & <!channel> <https://evil.example|click>";
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Owner " + evil, evil);
        JsonNode json = JSON.readTree(SlackMessage.builder(evil).header(evil).fields(fields).section(evil, evil).markdown(evil, evil)
                .list(evil, List.of(new SlackMessage.Entry(evil, "https://hindsight.example/x", evil)), 5)
                .button(evil, "https://hindsight.example/x").build().toJson());

        List<String> texts = new ArrayList<>();
        collectText(json, texts);
        assertEquals(7, texts.size(), "fallback, header, field, section, markdown, list, button: " + texts);
        for (String text : texts) {
            assertFalse(text.contains("<script>"), text);
            assertFalse(text.contains("<!channel>"), text);
            assertFalse(text.contains("<https://evil"), text);
            assertFalse(text.matches("(?s).*&(?!amp;|lt;|gt;).*"), "every & is an entity: " + text);
        }
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt; &lt;https://evil.example|click&gt;",
                json.path("blocks").get(0).path("text").path("text").asText());
    }

    @Test
    void massMentionsAreDefusedForChatsThatRenderTheFallbackText() {
        String text = SlackMessage.escape("Paging @channel and @here, not @channeler");
        assertFalse(text.contains("@channel "), text);
        assertFalse(text.contains("@here"), text);
        assertTrue(text.contains("@channeler"), text);
    }

    @Test
    void headerIsCutTo150CharactersWithAnEllipsis() throws Exception {
        JsonNode header = blocks(SlackMessage.builder("x").header("A".repeat(400)).build()).get(0);

        String text = header.path("text").path("text").asText();
        assertEquals(150, text.length());
        assertTrue(text.endsWith("…"));
    }

    @Test
    void cuttingNeverSplitsAnEntityOrASurrogatePair() {
        String entities = SlackMessage.fit(SlackMessage.escape("a".repeat(146) + "&&&&"), 150);
        assertTrue(entities.length() <= 150);
        assertTrue(entities.endsWith("&amp;…") || entities.endsWith("a…"), entities);
        assertFalse(entities.matches("(?s).*&(?!amp;).*…"), entities);

        String emoji = SlackMessage.fit("b".repeat(148) + "😀😀😀", 150);
        assertTrue(emoji.length() <= 150);
        assertFalse(Character.isHighSurrogate(emoji.charAt(emoji.length() - 2)), "no half emoji before the ellipsis");
    }

    @Test
    void cuttingKeepsFamilyEmojiFlagsAndAccentsWhole() {
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66"; // man, woman, girl, boy joined
        for (int max = 10; max < 60; max++) {
            String cut = SlackMessage.fit(family.repeat(10), max);
            String kept = cut.substring(0, cut.length() - 1);
            assertTrue(cut.length() <= max, cut);
            assertEquals(0, kept.replace(family, "").length(), "only whole families at " + max + ": " + kept);
        }
        String flags = "\uD83C\uDDE9\uD83C\uDDEA".repeat(30); // German flags: two regional indicators each
        String cutFlags = SlackMessage.fit(flags, 21);
        assertEquals(0, cutFlags.substring(0, cutFlags.length() - 1).replace("\uD83C\uDDE9\uD83C\uDDEA", "").length(), cutFlags);
        String accents = "e\u0301".repeat(40); // e + combining acute accent
        String cutAccents = SlackMessage.fit(accents, 20);
        assertEquals(0, cutAccents.substring(0, cutAccents.length() - 1).replace("e\u0301", "").length(), cutAccents);
    }

    @Test
    void sectionsAreCutTo3000AndFieldsTo2000Characters() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < 14; i++) {
            fields.put("Field " + i, "v".repeat(2500));
        }
        JsonNode blocks = blocks(SlackMessage.builder("x").section("Summary", "s".repeat(5000)).fields(fields).build());

        String section = blocks.get(0).path("text").path("text").asText();
        assertEquals(3000, section.length());
        assertTrue(section.endsWith("…"));
        JsonNode fieldNodes = blocks.get(1).path("fields");
        assertEquals(10, fieldNodes.size(), "Slack allows ten fields");
        fieldNodes.forEach(f -> assertTrue(f.path("text").asText().length() <= 2000));
    }

    @Test
    void atMostFiftyBlocksWithTheButtonKeptLast() throws Exception {
        SlackMessage.Builder builder = SlackMessage.builder("many");
        for (int i = 0; i < 80; i++) {
            builder.section(null, "Paragraph " + i);
        }
        SlackMessage message = builder.button("Open", "https://hindsight.example/").build();
        JsonNode blocks = blocks(message);

        assertEquals(50, blocks.size());
        assertEquals("actions", blocks.get(49).path("type").asText());
        assertEquals("…and 32 more in Hindsight.", blocks.get(48).path("text").path("text").asText());
        assertEquals("Paragraph 47", blocks.get(47).path("text").path("text").asText());
    }

    @Test
    void listsStopAtTheirCapAndSayHowManyMore() throws Exception {
        List<SlackMessage.Entry> entries = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            entries.add(new SlackMessage.Entry("Item " + i, "https://hindsight.example/items/" + i, "due 2026-01-0" + (i % 9 + 1)));
        }
        String text = blocks(SlackMessage.builder("x").list("Overdue", entries, 10).build()).get(0).path("text").path("text").asText();

        assertEquals(10, text.lines().filter(l -> l.startsWith("• ")).count());
        assertTrue(text.startsWith("*Overdue*\n• <https://hindsight.example/items/1|Item 1> — due"), text);
        assertTrue(text.endsWith("…and 15 more"), text);
    }

    @Test
    void longListsAlsoStopAt3000Characters() throws Exception {
        List<SlackMessage.Entry> entries = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            entries.add(SlackMessage.Entry.of("Lesson " + i + " " + "w".repeat(400)));
        }
        String text = blocks(SlackMessage.builder("x").list("Lessons", entries, 40).build()).get(0).path("text").path("text").asText();

        assertTrue(text.length() <= 3000, "length " + text.length());
        long shown = text.lines().filter(l -> l.startsWith("• ")).count();
        assertTrue(shown >= 5 && shown < 40, "shown " + shown);
        assertTrue(text.endsWith("…and " + (40 - shown) + " more"), text.substring(text.length() - 40));
    }

    @Test
    void nothingMakesBuildingFail() throws Exception {
        Map<String, String> fields = new HashMap<>();
        fields.put("Owner", null);
        SlackMessage message = SlackMessage.builder(null).header(null).header("").fields(fields).section(null, null)
                .markdown(null, null).list(null, null, 0).list("Empty", List.of(), 3).button(null, null).build();

        JsonNode json = JSON.readTree(message.toJson());
        assertEquals("Hindsight", json.path("text").asText(), "Slack needs some text");
        assertEquals(1, json.path("blocks").size(), "only the field block, with a dash for the missing value");
        assertEquals("*Owner*\n—", json.path("blocks").get(0).path("fields").get(0).path("text").asText());
    }

    @Test
    void markdownBecomesMrkdwn() {
        String mrkdwn = SlackMessage.toMrkdwn("""
                ### What we learned
                - **Alerts** on lock waits
                - [x] Done <b>now</b>
                See [the runbook](https://wiki.example/runbook).""");

        assertAll(
                () -> assertTrue(mrkdwn.startsWith("*What we learned*\n"), mrkdwn),
                () -> assertTrue(mrkdwn.contains("• *Alerts* on lock waits"), mrkdwn),
                () -> assertTrue(mrkdwn.contains("☑ Done &lt;b&gt;now&lt;/b&gt;"), mrkdwn),
                () -> assertTrue(mrkdwn.contains("See the runbook (https://wiki.example/runbook)."), mrkdwn));
    }

    @Test
    void fallbackTextIsEscapedAndBounded() {
        SlackMessage message = SlackMessage.builder("<b>" + "t".repeat(5000)).build();
        assertTrue(message.text().startsWith("&lt;b&gt;"));
        assertEquals(3000, message.text().length());
    }

    private static JsonNode blocks(SlackMessage message) throws Exception {
        return JSON.readTree(message.toJson()).path("blocks");
    }

    /** Every "text" value a person could see. */
    private static void collectText(JsonNode node, List<String> texts) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("text") && e.getValue().isTextual()) {
                    texts.add(e.getValue().asText());
                } else {
                    collectText(e.getValue(), texts);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectText(n, texts));
        }
    }
}
