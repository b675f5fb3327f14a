package io.hindsight.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Slack message as Block Kit JSON: a {@code text} fallback (what notifications, Mattermost and
 * Rocket.Chat show) plus {@code blocks}. Every string handed to the builder is user text: it is
 * escaped ({@code &}, {@code <}, {@code >}), mass mentions are defused, and it is cut with "…" to
 * Slack's limits. Building never fails; an over-long message is shortened, not refused.
 *
 * <p>The message also keeps what the builder was told, as {@link Part}s with the user text as given,
 * so that {@link TeamsCard} can say the same thing to Microsoft Teams in its own format.
 */
public final class SlackMessage {

    static final int MAX_BLOCKS = 50;
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;
    static final int MAX_FIELD = 2000;
    static final int MAX_FIELDS = 10;
    static final int MAX_BUTTON_TEXT = 75;
    static final int MAX_FALLBACK = 3000;
    static final String ELLIPSIS = "…";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Would notify a whole channel in Mattermost or Rocket.Chat, where {@code text} is rendered as Markdown. */
    private static final Pattern MASS_MENTION = Pattern.compile("@(channel|here|all|everyone)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern STRONG = Pattern.compile("\\*\\*(.+?)\\*\\*|__(.+?)__");
    private static final Pattern TASK = Pattern.compile("(?m)^(\\s*)[-*+]\\s+\\[([ xX])\\]\\s+");
    private static final Pattern BULLET = Pattern.compile("(?m)^(\\s*)[-*+]\\s+");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]*)\\)");

    private final String text;
    private final List<ObjectNode> blocks;
    private final String fallback;
    private final List<Part> parts;
    private final Button button;

    private SlackMessage(String text, List<ObjectNode> blocks, String fallback, List<Part> parts, Button button) {
        this.text = text;
        this.blocks = blocks;
        this.fallback = fallback;
        this.parts = parts;
        this.button = button;
    }

    /** One thing the builder was told, with the user text unescaped and uncut (other formats escape and cut it their way). */
    public sealed interface Part permits Header, Fields, Section, Markdown, Items {
    }

    public record Header(String title) implements Part {
    }

    /** Label/value pairs in order; a value may be null (shown as a dash). */
    public record Fields(List<Map.Entry<String, String>> labelled) implements Part {
    }

    /** Plain user text under an optional title. */
    public record Section(String title, String body) implements Part {
    }

    /** User Markdown under an optional title. */
    public record Markdown(String title, String markdown) implements Part {
    }

    /** A list of entries under an optional title, at most {@code cap} of them shown. */
    public record Items(String title, List<Entry> entries, int cap) implements Part {
    }

    /** The link back to the portal; {@code url} is ours. */
    public record Button(String label, String url) {
    }

    /** The notification text as given (unescaped, uncut). */
    String fallback() {
        return fallback;
    }

    List<Part> parts() {
        return parts;
    }

    /** The link back to the portal, or null. */
    Button button() {
        return button;
    }

    /** Starts a message whose notification text is {@code fallback} (user text, escaped here). */
    public static Builder builder(String fallback) {
        return new Builder(fallback);
    }

    /** The fallback text, escaped and within limits. */
    public String text() {
        return text;
    }

    /** The JSON body to POST to the webhook. */
    public String toJson() {
        ObjectNode root = NODES.objectNode();
        root.put("text", text);
        ArrayNode array = root.putArray("blocks");
        blocks.forEach(array::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // A tree of strings always serialises; this cannot happen.
            throw new IllegalStateException(e);
        }
    }

    /** One line of a list: a label, optionally linked to {@code url} (ours, not user text), and a detail. */
    public record Entry(String label, String url, String detail) {
        public static Entry of(String label) {
            return new Entry(label, null, null);
        }
    }

    public static final class Builder {

        private final String fallback;
        private final List<ObjectNode> blocks = new ArrayList<>();
        private final List<Part> parts = new ArrayList<>();
        private ObjectNode actions;
        private Button button;

        private Builder(String fallback) {
            this.fallback = fallback;
        }

        /** Large bold plain text at the top; cut to 150 characters. */
        public Builder header(String title) {
            parts.add(new Header(title));
            String text = fit(escape(title), MAX_HEADER);
            if (!text.isBlank()) {
                ObjectNode block = block("header");
                block.set("text", plain(text));
                blocks.add(block);
            }
            return this;
        }

        /** Label/value pairs shown two per row, e.g. severity, status, duration; at most ten. */
        public Builder fields(Map<String, String> labelled) {
            parts.add(new Fields(labelled.entrySet().stream()
                    .map(e -> (Map.Entry<String, String>) new java.util.AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()))
                    .toList()));
            ArrayNode fields = NODES.arrayNode();
            for (Map.Entry<String, String> field : labelled.entrySet()) {
                if (fields.size() == MAX_FIELDS) {
                    break;
                }
                String value = field.getValue() == null || field.getValue().isBlank() ? "—" : escape(field.getValue());
                fields.add(mrkdwn(fit("*" + escape(field.getKey()) + "*\n" + value, MAX_FIELD)));
            }
            if (!fields.isEmpty()) {
                ObjectNode block = block("section");
                block.set("fields", fields);
                blocks.add(block);
            }
            return this;
        }

        /** A paragraph of plain user text under an optional bold title; cut to 3000 characters. */
        public Builder section(String title, String body) {
            parts.add(new Section(title, body));
            return mrkdwnSection(title, escape(body));
        }

        /**
         * User Markdown (a postmortem section) in Slack's mrkdwn: headings and {@code **strong**}
         * become bold, list items bullets, links "label (url)". Escaped first; cut to 3000 characters.
         */
        public Builder markdown(String title, String markdown) {
            parts.add(new Markdown(title, markdown));
            return mrkdwnSection(title, toMrkdwn(markdown));
        }

        /**
         * A bulleted list under a bold title: at most {@code cap} entries and 3000 characters, then
         * "…and N more". Nothing is added for an empty list.
         */
        public Builder list(String title, List<Entry> entries, int cap) {
            if (entries == null || entries.isEmpty()) {
                return this;
            }
            parts.add(new Items(title, List.copyOf(entries), cap));
            String heading = title == null || title.isBlank() ? "" : "*" + escape(title) + "*\n";
            StringBuilder body = new StringBuilder(heading);
            int shown = 0;
            for (Entry entry : entries) {
                String line = "• " + entryText(entry) + "\n";
                int rest = entries.size() - shown - 1;
                String more = rest > 0 ? moreLine(rest) : "";
                if (shown == Math.max(cap, 1) || body.length() + line.length() + more.length() > MAX_SECTION) {
                    break;
                }
                body.append(line);
                shown++;
            }
            if (shown == 0) {
                // Even the first entry is too long: show it cut.
                body.append(fit("• " + entryText(entries.get(0)), MAX_SECTION - heading.length() - 40)).append('\n');
                shown = 1;
            }
            if (shown < entries.size()) {
                body.append(moreLine(entries.size() - shown));
            }
            ObjectNode block = block("section");
            block.set("text", mrkdwn(fit(body.toString().stripTrailing(), MAX_SECTION)));
            blocks.add(block);
            return this;
        }

        /** A link button back to the portal, always the last block. {@code url} is ours, not user text. */
        public Builder button(String label, String url) {
            if (url == null || url.isBlank() || url.length() > MAX_SECTION) {
                return this;
            }
            this.button = new Button(label, url);
            ObjectNode button = NODES.objectNode();
            button.put("type", "button");
            button.set("text", plain(fit(escape(label), MAX_BUTTON_TEXT)));
            button.put("url", url);
            button.put("action_id", "open-in-hindsight");
            actions = block("actions");
            actions.putArray("elements").add(button);
            return this;
        }

        public SlackMessage build() {
            int room = MAX_BLOCKS - (actions == null ? 0 : 1);
            List<ObjectNode> kept = new ArrayList<>(blocks);
            if (kept.size() > room) {
                int dropped = kept.size() - room + 1;
                kept = new ArrayList<>(kept.subList(0, room - 1));
                ObjectNode note = block("section");
                note.set("text", mrkdwn("…and " + dropped + " more in Hindsight."));
                kept.add(note);
            }
            if (actions != null) {
                kept.add(actions);
            }
            String text = fit(escape(fallback), MAX_FALLBACK);
            return new SlackMessage(text.isBlank() ? "Hindsight" : text, List.copyOf(kept), fallback == null ? "" : fallback,
                    List.copyOf(parts), button);
        }

        private Builder mrkdwnSection(String title, String safeBody) {
            String heading = title == null || title.isBlank() ? "" : "*" + escape(title) + "*\n";
            String body = safeBody == null ? "" : safeBody.strip();
            if (body.isEmpty() && heading.isEmpty()) {
                return this;
            }
            ObjectNode block = block("section");
            block.set("text", mrkdwn(fit(heading + (body.isEmpty() ? "—" : body), MAX_SECTION)));
            blocks.add(block);
            return this;
        }

        private static String entryText(Entry entry) {
            String label = escape(entry.label());
            String linked = entry.url() == null || entry.url().isBlank() || label.isBlank()
                    ? label : "<" + entry.url() + "|" + label.replace("|", "¦") + ">";
            return entry.detail() == null || entry.detail().isBlank() ? linked : linked + " — " + escape(entry.detail());
        }

        private static String moreLine(int rest) {
            return ELLIPSIS + "and " + rest + " more\n";
        }
    }

    /**
     * Slack's three control characters as entities, and {@code @channel}-style mass mentions broken
     * with a word joiner. Null is the empty string.
     */
    public static String escape(String userText) {
        if (userText == null) {
            return "";
        }
        String escaped = userText.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return MASS_MENTION.matcher(escaped).replaceAll("@\u2060$1");
    }

    /**
     * Cuts already-escaped text to {@code max} characters, ending in "…": never inside an entity
     * such as {@code &amp;}, and only between user-perceived characters (never inside a family emoji,
     * a flag or a letter with its accents).
     */
    static String fit(String escaped, int max) {
        if (escaped == null) {
            return "";
        }
        if (escaped.length() <= max) {
            return escaped;
        }
        int end = max - ELLIPSIS.length();
        int amp = escaped.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp >= end - 5 && escaped.indexOf(';', amp) >= end) {
            end = amp;
        }
        return escaped.substring(0, graphemeBoundary(escaped, Math.max(end, 0))).stripTrailing() + ELLIPSIS;
    }

    /** One user-perceived character (an extended grapheme cluster: a family emoji, a flag, a letter with accents). */
    private static final Pattern GRAPHEME = Pattern.compile("\\X");

    /** The last boundary between user-perceived characters at or before {@code end}, as the JDK's regex engine sees them. */
    static int graphemeBoundary(String text, int end) {
        Matcher grapheme = GRAPHEME.matcher(text);
        int boundary = 0;
        while (grapheme.find() && grapheme.end() <= end) {
            boundary = grapheme.end();
        }
        return boundary;
    }

    /** Light Markdown → mrkdwn, after escaping, so nothing the author typed becomes a Slack control sequence. */
    static String toMrkdwn(String markdown) {
        String text = escape(markdown).replace("\r\n", "\n");
        text = HEADING.matcher(text).replaceAll(m -> Matcher.quoteReplacement("*" + m.group(1) + "*"));
        text = STRONG.matcher(text).replaceAll(m -> Matcher.quoteReplacement("*" + (m.group(1) != null ? m.group(1) : m.group(2)) + "*"));
        text = TASK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + (m.group(2).isBlank() ? "☐ " : "☑ ")));
        text = BULLET.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "• "));
        text = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1).isBlank() ? m.group(2) : m.group(1) + " (" + m.group(2) + ")"));
        return text.replaceAll("\n{3,}", "\n\n").strip();
    }

    private static ObjectNode block(String type) {
        ObjectNode block = NODES.objectNode();
        block.put("type", type);
        return block;
    }

    private static ObjectNode plain(String text) {
        ObjectNode node = NODES.objectNode();
        node.put("type", "plain_text");
        node.put("text", text);
        node.put("emoji", true);
        return node;
    }

    private static ObjectNode mrkdwn(String text) {
        ObjectNode node = NODES.objectNode();
        node.put("type", "mrkdwn");
        node.put("text", text);
        return node;
    }
}
