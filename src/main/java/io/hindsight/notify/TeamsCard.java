package io.hindsight.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message for a Microsoft Teams Workflows webhook ("When a Teams webhook request is received"): a
 * {@code message} with one Adaptive Card attachment, saying what the {@link SlackMessage} says. A
 * heading TextBlock, a FactSet for the labelled values, TextBlocks for sections and lists, and an
 * {@code Action.OpenUrl} back to the portal.
 *
 * <p>TextBlocks and facts render a Markdown subset in Teams (bold, italic, lists, links), so every
 * piece of user text has its Markdown-significant characters backslash-escaped: a title such as
 * {@code [click](https://evil)} shows as typed and never becomes a link. Text is cut between
 * user-perceived characters, before escaping, and the whole payload is kept under Teams' message
 * size limit (about 28 KB) by dropping trailing parts with a note. Built with Jackson, never by
 * joining strings.
 */
public final class TeamsCard {

    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final String SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json";
    /** Teams renders Adaptive Cards up to 1.5; 1.4 is what every Teams client (and Workflows) takes. */
    static final String VERSION = "1.4";
    /** Teams refuses messages above about 28 KB; this leaves room for what the workflow adds. */
    static final int MAX_BYTES = 26 * 1024;
    static final int MAX_HEADING = SlackMessage.MAX_HEADER;
    static final int MAX_TEXT = SlackMessage.MAX_SECTION;
    static final int MAX_FACT = SlackMessage.MAX_FIELD;
    static final int MAX_FACTS = SlackMessage.MAX_FIELDS;
    static final int MAX_BUTTON = SlackMessage.MAX_BUTTON_TEXT;
    static final int MAX_FALLBACK = 1000;
    static final String ELLIPSIS = SlackMessage.ELLIPSIS;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** CommonMark's backslash-escapable characters that mean something to the Teams renderer. */
    private static final Pattern SIGNIFICANT = Pattern.compile("[\\\\`*_~\\[\\]()<>#|!&{}]");
    /** A bullet marker at the start of a line ({@code >}, {@code #} and {@code )} are escaped everywhere). */
    private static final Pattern BULLET_START = Pattern.compile("(?m)^(\\s*)([-+])");
    /** A numbered-list marker at the start of a line. */
    private static final Pattern NUMBER_START = Pattern.compile("(?m)^(\\s*\\d+)\\.");
    private static final Pattern HEADING = Pattern.compile("^\\s*#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern TASK = Pattern.compile("^\\s*[-*+]\\s+\\[([ xX])\\]\\s+(.*)$");
    private static final Pattern BULLET = Pattern.compile("^\\s*[-*+]\\s+(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^\\s*(\\d{1,9})[.)]\\s+(.*)$");
    private static final Pattern INLINE = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]*)\\)|\\*\\*(.+?)\\*\\*|__(.+?)__");
    /** What our own link targets may hold inside Markdown's {@code (…)}. */
    private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s()<>\\[\\]]+");

    private final ObjectNode payload;

    private TeamsCard(ObjectNode payload) {
        this.payload = payload;
    }

    /** The same content as {@code message}, as a Teams card. Never fails; too much is shortened. */
    public static TeamsCard of(SlackMessage message) {
        List<List<ObjectNode>> pieces = new ArrayList<>();
        for (SlackMessage.Part part : message.parts()) {
            List<ObjectNode> piece = render(part);
            if (!piece.isEmpty()) {
                pieces.add(piece);
            }
        }
        ObjectNode action = null;
        SlackMessage.Button button = message.button();
        if (button != null && button.url() != null && SAFE_URL.matcher(button.url()).matches()) {
            action = NODES.objectNode();
            action.put("type", "Action.OpenUrl");
            action.put("title", cut(button.label(), MAX_BUTTON));
            action.put("url", button.url());
        }
        String cutFallback = cut(message.fallback(), MAX_FALLBACK);
        String fallback = cutFallback.isBlank() ? "Hindsight" : cutFallback;
        ObjectNode payload = envelope(pieces, action, fallback, 0);
        // Drop trailing parts until it fits; the heading (first) stays.
        int kept = pieces.size();
        while (size(payload) > MAX_BYTES && kept > 1) {
            kept--;
            payload = envelope(pieces.subList(0, kept), action, fallback, pieces.size() - kept);
        }
        return new TeamsCard(payload);
    }

    /** The JSON body to POST to the webhook. */
    public String toJson() {
        return write(payload);
    }

    private static ObjectNode envelope(List<List<ObjectNode>> pieces, ObjectNode action, String fallback, int dropped) {
        ObjectNode card = NODES.objectNode();
        card.put("$schema", SCHEMA);
        card.put("type", "AdaptiveCard");
        card.put("version", VERSION);
        card.put("fallbackText", fallback);
        ArrayNode body = card.putArray("body");
        pieces.forEach(piece -> piece.forEach(body::add));
        if (dropped > 0) {
            body.add(text("…and " + dropped + " more in Hindsight.").put("isSubtle", true));
        }
        if (body.isEmpty()) {
            body.add(text(escape(fallback)));
        }
        if (action != null) {
            card.putArray("actions").add(action);
        }
        card.putObject("msteams").put("width", "Full");

        ObjectNode attachment = NODES.objectNode();
        attachment.put("contentType", CONTENT_TYPE);
        attachment.putNull("contentUrl");
        attachment.set("content", card);
        ObjectNode message = NODES.objectNode();
        message.put("type", "message");
        message.putArray("attachments").add(attachment);
        return message;
    }

    private static List<ObjectNode> render(SlackMessage.Part part) {
        List<ObjectNode> elements = new ArrayList<>();
        if (part instanceof SlackMessage.Header header) {
            String title = cut(header.title(), MAX_HEADING);
            if (!title.isBlank()) {
                elements.add(text(escape(title)).put("size", "Large").put("weight", "Bolder"));
            }
        } else if (part instanceof SlackMessage.Fields fields) {
            ArrayNode facts = NODES.arrayNode();
            for (Map.Entry<String, String> field : fields.labelled()) {
                if (facts.size() == MAX_FACTS) {
                    break;
                }
                String value = field.getValue() == null || field.getValue().isBlank() ? "—" : escape(cut(field.getValue(), MAX_FACT));
                facts.addObject().put("title", escape(field.getKey())).put("value", value);
            }
            if (!facts.isEmpty()) {
                ObjectNode set = NODES.objectNode();
                set.put("type", "FactSet");
                set.set("facts", facts);
                elements.add(set);
            }
        } else if (part instanceof SlackMessage.Section section) {
            titled(elements, section.title(), section.body() == null ? "" : escape(cut(section.body().strip(), MAX_TEXT)));
        } else if (part instanceof SlackMessage.Markdown markdown) {
            titled(elements, markdown.title(), toCardMarkdown(cut(markdown.markdown() == null ? "" : markdown.markdown().strip(), MAX_TEXT)));
        } else if (part instanceof SlackMessage.Items items) {
            list(elements, items);
        }
        return elements;
    }

    private static void titled(List<ObjectNode> elements, String title, String safeBody) {
        boolean hasTitle = title != null && !title.isBlank();
        if (safeBody.isBlank() && !hasTitle) {
            return;
        }
        if (hasTitle) {
            elements.add(text(escape(title)).put("weight", "Bolder").put("spacing", "Medium"));
        }
        elements.add(text(safeBody.isBlank() ? "—" : safeBody).put("spacing", hasTitle ? "Small" : "Medium"));
    }

    /** At most {@code cap} entries and {@link #MAX_TEXT} characters of them, then "…and N more". */
    private static void list(List<ObjectNode> elements, SlackMessage.Items items) {
        List<SlackMessage.Entry> entries = items.entries();
        if (entries.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        int length = 0;
        for (SlackMessage.Entry entry : entries) {
            String line = "• " + entryText(entry);
            if (lines.size() == Math.max(items.cap(), 1) || (!lines.isEmpty() && length + line.length() > MAX_TEXT)) {
                break;
            }
            lines.add(line);
            length += line.length();
        }
        if (lines.size() < entries.size()) {
            lines.add(ELLIPSIS + "and " + (entries.size() - lines.size()) + " more");
        }
        titled(elements, items.title(), String.join("\n\n", lines));
    }

    private static String entryText(SlackMessage.Entry entry) {
        String label = escape(cut(entry.label(), MAX_HEADING * 2));
        String linked = entry.url() == null || label.isBlank() || !SAFE_URL.matcher(entry.url()).matches()
                ? label : "[" + label + "](" + entry.url() + ")";
        return entry.detail() == null || entry.detail().isBlank() ? linked : linked + " — " + escape(cut(entry.detail(), MAX_HEADING * 2));
    }

    /**
     * Every character that the Teams Markdown subset (CommonMark underneath) could read as markup is
     * backslash-escaped, line-start list markers too. Braces are escaped as well, so text such as
     * {@code {{DATE(…)}}} is shown as typed rather than run as a card function. Null is the empty string.
     */
    static String escape(String userText) {
        if (userText == null) {
            return "";
        }
        String text = userText.replace("\r\n", "\n").replace('\r', '\n');
        text = SIGNIFICANT.matcher(text).replaceAll(m -> Matcher.quoteReplacement("\\" + m.group()));
        text = BULLET_START.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\\" + m.group(2)));
        return NUMBER_START.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\\."));
    }

    /**
     * User Markdown for a TextBlock: headings and {@code **strong**} bold, list items bullets, task
     * items boxes, links "label (url)"; everything the author typed is escaped, only our own
     * {@code **} is markup. One line per paragraph.
     */
    static String toCardMarkdown(String markdown) {
        List<String> lines = new ArrayList<>();
        for (String line : markdown.replace("\r\n", "\n").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m;
            if ((m = HEADING.matcher(line)).matches()) {
                lines.add("**" + inline(m.group(1)) + "**");
            } else if ((m = TASK.matcher(line)).matches()) {
                lines.add((m.group(1).isBlank() ? "☐ " : "☑ ") + inline(m.group(2)));
            } else if ((m = BULLET.matcher(line)).matches()) {
                lines.add("• " + inline(m.group(1)));
            } else if ((m = NUMBERED.matcher(line)).matches()) {
                lines.add(m.group(1) + "\\. " + inline(m.group(2)));
            } else {
                lines.add(inline(line.strip()));
            }
        }
        return String.join("\n\n", lines);
    }

    private static String inline(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = INLINE.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(escape(text.substring(last, m.start())));
            if (m.group(2) != null) {
                String label = m.group(1).strip();
                out.append(label.isEmpty() ? escape(m.group(2)) : escape(label) + " \\(" + escape(m.group(2)) + "\\)");
            } else {
                String strong = m.group(3) != null ? m.group(3) : m.group(4);
                out.append(strong.isBlank() ? escape(m.group()) : "**" + escape(strong.strip()) + "**");
            }
            last = m.end();
        }
        out.append(escape(text.substring(last)));
        return out.toString();
    }

    /** Raw user text cut to {@code max} characters with "…", only between user-perceived characters. */
    static String cut(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int end = SlackMessage.graphemeBoundary(text, max - ELLIPSIS.length());
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    private static ObjectNode text(String safeText) {
        ObjectNode block = NODES.objectNode();
        block.put("type", "TextBlock");
        block.put("text", safeText);
        block.put("wrap", true);
        return block;
    }

    private static int size(ObjectNode payload) {
        return write(payload).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of strings always serialises; this cannot happen.
            throw new IllegalStateException(e);
        }
    }
}
