package io.hindsight.importing;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A postmortem saved as a web page — a Confluence page export or a Google Docs "Download → Web page"
 * — turned into Markdown with the jsoup HTML5 parser, so that it goes through the same import as a
 * Markdown file: headings, paragraphs, lists (task lists too), tables, links, bold, italic and code
 * are kept; scripts, styles, Confluence's breadcrumbs, page metadata and footer are left out. Google
 * Docs styles text through classes in its style sheet ({@code .c3{font-weight:700}}), so those
 * classes are read too, and its redirect links ({@code google.com/url?q=...}) lead where they point.
 */
final class HtmlPostmortem {

    private static final Pattern CSS_RULE = Pattern.compile("\\.([\\w-]+)\\s*\\{([^{}]*)}");
    private static final Pattern GOOGLE_LIST_LEVEL = Pattern.compile("lst-kix_\\w+-(\\d{1,2})");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2",
            "h3", "h4", "h5", "h6", "ul", "ol", "table", "pre", "blockquote", "hr", "dl", "figure", "body", "center");

    private final Set<String> boldClasses = new HashSet<>();
    private final Set<String> italicClasses = new HashSet<>();

    private HtmlPostmortem() {
    }

    /** Whether a file is a web page: named .html or .htm, or starting as one. */
    static boolean isHtml(String fileName, String text) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        String start = text.stripLeading().toLowerCase(Locale.ROOT);
        return (name.endsWith(".html") || name.endsWith(".htm")) && start.startsWith("<")
                || start.startsWith("<!doctype html") || start.startsWith("<html");
    }

    /** The page as Markdown: a {@code #} title, then its content. */
    static String markdown(String html) {
        return new HtmlPostmortem().convert(Jsoup.parse(html));
    }

    private String convert(Document doc) {
        for (Element style : doc.select("style")) {
            Matcher m = CSS_RULE.matcher(style.data());
            while (m.find()) {
                String rule = m.group(2).replace(" ", "").toLowerCase(Locale.ROOT);
                if (rule.matches(".*font-weight:(700|800|900|bold).*")) {
                    boldClasses.add(m.group(1));
                }
                if (rule.contains("font-style:italic")) {
                    italicClasses.add(m.group(1));
                }
            }
        }
        doc.select("script, style, noscript, template, iframe, object, svg, nav, #breadcrumb-section, #footer, .page-metadata, "
                + "#likes-and-labels-container, #comments-section, .pageSection.group, #navigation").remove();
        String title = null;
        Element confluenceTitle = doc.selectFirst("#title-text, #title-heading");
        if (confluenceTitle != null) {
            title = confluenceTitle.text();
        } else if (doc.selectFirst("h1, p.title") == null && !doc.title().isBlank()) {
            title = doc.title();
        }
        Element root = doc.selectFirst("#main-content, .wiki-content");
        if (root == null) {
            root = doc.body();
        }
        StringBuilder out = new StringBuilder();
        if (title != null && !title.isBlank()) {
            // Confluence prefixes the space's name: "Operations : Checkout outage".
            out.append("# ").append(escape(title.replaceFirst("^[^:]{1,80} : ", "").strip())).append("\n\n");
        }
        flattenBelow(root, NESTING_MAX);
        blocks(root, out, 0);
        return out.toString().replaceAll("\\n{3,}", "\n\n").strip() + "\n";
    }

    /** Deeper than this, an element's content is read as plain text (the conversion below recurses). */
    private static final int NESTING_MAX = 100;

    /** Replaces the content of every element {@code levels} below the root by its text, walking without recursion. */
    private static void flattenBelow(Element root, int levels) {
        List<Element> deepest = new ArrayList<>();
        java.util.ArrayDeque<Element> elements = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
        elements.push(root);
        depths.push(0);
        while (!elements.isEmpty()) {
            Element e = elements.pop();
            int depth = depths.pop();
            if (depth >= levels) {
                deepest.add(e);
                continue;
            }
            for (Element child : e.children()) {
                elements.push(child);
                depths.push(depth + 1);
            }
        }
        for (Element e : deepest) {
            String text = e.text();
            e.empty();
            e.appendText(text);
        }
    }

    private void blocks(Element parent, StringBuilder out, int depth) {
        StringBuilder inline = new StringBuilder();
        for (Node child : parent.childNodes()) {
            if (child instanceof Element e && isBlock(e)) {
                paragraph(inline, out);
                block(e, out, depth);
            } else {
                inline(child, inline, false);
            }
        }
        paragraph(inline, out);
    }

    private static boolean isBlock(Element e) {
        return BLOCKS.contains(e.normalName()) || e.normalName().equals("span") && e.children().stream().anyMatch(HtmlPostmortem::isBlock);
    }

    private static void paragraph(StringBuilder inline, StringBuilder out) {
        String text = inline.toString().replaceAll("(?<![ \\t])[ \\t]+\n", "  \n").strip();
        inline.setLength(0);
        if (!text.isEmpty()) {
            out.append("\n\n").append(text).append("\n\n");
        }
    }

    private void block(Element e, StringBuilder out, int depth) {
        String tag = e.normalName();
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                String text = inlineOf(e, true);
                if (!text.isBlank()) {
                    out.append("\n\n").append("#".repeat(tag.charAt(1) - '0')).append(' ').append(text.replace("**", "")).append("\n\n");
                }
            }
            case "p" -> {
                String text = inlineOf(e, false);
                if (!text.isBlank()) {
                    out.append("\n\n").append(e.hasClass("title") ? "# " + text.replace("**", "") : text).append("\n\n");
                }
            }
            case "ul", "ol" -> list(e, out, depth);
            case "table" -> table(e, out);
            case "pre" -> out.append("\n\n```\n").append(e.wholeText().replace("```", "ʼʼʼ").stripTrailing()).append("\n```\n\n");
            case "blockquote" -> {
                StringBuilder inner = new StringBuilder();
                blocks(e, inner, depth);
                String quoted = inner.toString().replaceAll("\\n{3,}", "\n\n").strip();
                if (!quoted.isEmpty()) {
                    out.append("\n\n").append(quoted.lines().map(l -> "> " + l).reduce((a, b) -> a + "\n" + b).orElse("")).append("\n\n");
                }
            }
            case "hr" -> out.append("\n\n");
            default -> blocks(e, out, depth);
        }
    }

    private void list(Element list, StringBuilder out, int depth) {
        boolean ordered = list.normalName().equals("ol");
        Matcher google = GOOGLE_LIST_LEVEL.matcher(list.className());
        int level = Math.min(google.find() ? Integer.parseInt(google.group(1)) : depth, 8);
        String indent = "    ".repeat(level);
        boolean tasks = list.hasClass("inline-task-list");
        int number = 1;
        out.append(depth == 0 ? "\n\n" : "\n");
        for (Element item : list.children()) {
            if (!item.normalName().equals("li")) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            List<Element> nested = new ArrayList<>();
            Boolean checked = tasks ? (Boolean) item.hasClass("checked") : null;
            for (Node child : item.childNodes()) {
                if (child instanceof Element e && (e.normalName().equals("ul") || e.normalName().equals("ol"))) {
                    nested.add(e);
                } else if (child instanceof Element e && e.normalName().equals("input") && e.attr("type").equalsIgnoreCase("checkbox")) {
                    checked = e.hasAttr("checked");
                } else {
                    inline(child, text, true);
                    if (child instanceof Element e && isBlock(e)) {
                        text.append(' ');
                    }
                }
            }
            String line = text.toString().replaceAll("\\s+", " ").strip();
            if (line.startsWith("☐") || line.startsWith("☑") || line.startsWith("☒")) {
                checked = !line.startsWith("☐");
                line = line.substring(1).strip();
            }
            out.append(indent).append(ordered ? number++ + ". " : "- ");
            if (checked != null) {
                out.append(checked ? "[x] " : "[ ] ");
            }
            out.append(line).append('\n');
            for (Element n : nested) {
                list(n, out, depth + 1);
            }
        }
        out.append(depth == 0 ? "\n\n" : "");
    }

    private void table(Element table, StringBuilder out) {
        List<List<String>> rows = new ArrayList<>();
        for (Element row : table.select("tr")) {
            if (row.closest("table") != table) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (Element cell : row.children()) {
                if (cell.normalName().equals("td") || cell.normalName().equals("th")) {
                    cells.add(inlineOf(cell, true));
                }
            }
            if (!cells.isEmpty()) {
                rows.add(cells);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(1);
        out.append("\n\n");
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = new ArrayList<>(rows.get(r));
            while (cells.size() < columns) {
                cells.add("");
            }
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
            if (r == 0) {
                out.append("|").append(" --- |".repeat(columns)).append('\n');
            }
        }
        out.append("\n");
    }

    private String inlineOf(Element e, boolean oneLine) {
        StringBuilder text = new StringBuilder();
        for (Node child : e.childNodes()) {
            inline(child, text, oneLine);
            if (child instanceof Element c && isBlock(c)) {
                text.append(oneLine ? " " : "  \n");
            }
        }
        String result = text.toString();
        return (oneLine ? result.replaceAll("\\s+", " ") : result.replaceAll("[ \\t]+", " ").replaceAll(" ?\\n ?", "  \n")).strip();
    }

    private void inline(Node node, StringBuilder out, boolean oneLine) {
        if (node instanceof TextNode text) {
            out.append(escape(text.getWholeText().replace('\u00A0', ' ').replaceAll("\\s+", " ")));
            return;
        }
        if (!(node instanceof Element e)) {
            return;
        }
        String tag = e.normalName();
        switch (tag) {
            case "br" -> out.append(oneLine ? " " : "\n");
            case "img", "input", "button", "select" -> {
            }
            case "code", "tt", "kbd", "samp" -> {
                String code = e.text().replace("`", "ʼ");
                if (!code.isBlank()) {
                    out.append('`').append(code).append('`');
                }
            }
            case "a" -> {
                StringBuilder inner = new StringBuilder();
                children(e, inner, oneLine);
                String href = destination(e.attr("href"));
                String label = inner.toString().strip();
                if (href != null && !label.isEmpty()) {
                    out.append('[').append(label).append("](").append(href).append(')');
                } else {
                    out.append(inner);
                }
            }
            default -> {
                StringBuilder inner = new StringBuilder();
                children(e, inner, oneLine);
                boolean bold = tag.equals("strong") || tag.equals("b") || e.classNames().stream().anyMatch(boldClasses::contains)
                        || e.attr("style").replace(" ", "").matches("(?i).*font-weight:(700|800|900|bold).*");
                boolean italic = tag.equals("em") || tag.equals("i") || e.classNames().stream().anyMatch(italicClasses::contains)
                        || e.attr("style").replace(" ", "").toLowerCase(Locale.ROOT).contains("font-style:italic");
                String content = inner.toString();
                if ((bold || italic) && !content.isBlank() && !isBlock(e)) {
                    String marker = bold && italic ? "***" : bold ? "**" : "*";
                    String lead = content.startsWith(" ") ? " " : "";
                    String trail = content.endsWith(" ") ? " " : "";
                    out.append(lead).append(marker).append(content.strip()).append(marker).append(trail);
                } else {
                    out.append(content);
                }
            }
        }
    }

    private void children(Element e, StringBuilder out, boolean oneLine) {
        for (Node child : e.childNodes()) {
            inline(child, out, oneLine);
        }
    }

    /** Where a link leads: http(s) and mailto only; Google's redirect links unwrapped. */
    private static String destination(String href) {
        if (href == null || href.isBlank()) {
            return null;
        }
        String h = href.strip();
        Matcher google = Pattern.compile("^https?://(?:www\\.)?google\\.com/url\\?(?:.*&)?q=([^&]+)").matcher(h);
        if (google.find()) {
            try {
                h = URLDecoder.decode(google.group(1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null; // a broken redirect link: its text stays, without the link
            }
        }
        if (!h.matches("(?i)(https?://|mailto:)[^\\s()<>]+")) {
            return null;
        }
        return h;
    }

    /** Text as Markdown shows it literally: the characters that would start markup are escaped. */
    private static String escape(String text) {
        return text.replaceAll("([\\\\`*_\\[\\]<>|])", "\\\\$1");
    }
}
