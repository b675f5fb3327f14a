package io.hindsight.export;

import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report read back the way a reader's tools read it: the front matter with a real YAML reader
 * (SnakeYAML, on the classpath through SmallRye OpenAPI) and the rest with a CommonMark parser with
 * GitHub tables, so escaping is judged by what those tools make of it, not by string matching.
 */
record ParsedReport(Map<String, Object> frontMatter, Node body) {

    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    static ParsedReport of(String markdown) {
        assertTrue(markdown.startsWith("---\n"), "a report starts with its front matter");
        int end = markdown.indexOf("\n---\n", 3);
        assertTrue(end > 0, "the front matter ends");
        Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(markdown.substring(4, end));
        return new ParsedReport(yaml, PARSER.parse(markdown.substring(end + 5)));
    }

    /** Every top-level heading as {@code "## Text"}, in order: the report's structure. */
    List<String> outline() {
        List<String> outline = new ArrayList<>();
        for (Node node = body.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading) {
                outline.add("#".repeat(heading.getLevel()) + " " + text(heading));
            }
        }
        return outline;
    }

    /** The first top-level heading of {@code level}. */
    Heading heading(int level) {
        for (Node node = body.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() == level) {
                return heading;
            }
        }
        throw new AssertionError("no heading of level " + level);
    }

    /** The blocks between the top-level heading {@code title} and the next heading of its level or higher. */
    List<Node> under(String title) {
        List<Node> blocks = new ArrayList<>();
        int level = 0;
        for (Node node = body.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading) {
                if (level > 0 && heading.getLevel() <= level) {
                    break;
                }
                if (level == 0 && text(heading).equals(title)) {
                    level = heading.getLevel();
                    continue;
                }
            }
            if (level > 0) {
                blocks.add(node);
            }
        }
        assertTrue(level > 0, () -> "no heading " + title + " in " + outline());
        return blocks;
    }

    /** The cells of the first table's body rows, as text. */
    List<List<String>> tableRows() {
        List<List<String>> rows = new ArrayList<>();
        body.accept(new AbstractVisitor() {
            @Override
            public void visit(org.commonmark.node.CustomBlock block) {
                if (block instanceof TableBlock && rows.isEmpty()) {
                    collectRows(block, rows);
                }
            }
        });
        return rows;
    }

    private static void collectRows(Node node, List<List<String>> rows) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (child instanceof TableRow row) {
                List<String> cells = new ArrayList<>();
                for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                    if (cell instanceof TableCell tableCell && !tableCell.isHeader()) {
                        cells.add(text(tableCell));
                    }
                }
                if (!cells.isEmpty()) {
                    rows.add(cells);
                }
            } else {
                collectRows(child, rows);
            }
        }
    }

    /** The fenced code blocks anywhere in {@code nodes}. */
    static List<FencedCodeBlock> fences(List<Node> nodes) {
        List<FencedCodeBlock> fences = new ArrayList<>();
        for (Node node : nodes) {
            node.accept(new AbstractVisitor() {
                @Override
                public void visit(FencedCodeBlock fence) {
                    fences.add(fence);
                }
            });
        }
        return fences;
    }

    /**
     * What a reader sees of {@code node}'s inline content, with code spans and raw HTML marked as
     * {@code [code ...]} and {@code [html ...]} so that they cannot pass for text that merely looks alike.
     */
    static String text(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append("[code ").append(code.getLiteral()).append(']');
            }

            @Override
            public void visit(HtmlInline html) {
                text.append("[html ").append(html.getLiteral()).append(']');
            }

            @Override
            public void visit(SoftLineBreak br) {
                text.append(' ');
            }

            @Override
            public void visit(HardLineBreak br) {
                text.append('\n');
            }
        });
        return text.toString();
    }

    /** Whether {@code node} holds only plain text: no code, emphasis, links, HTML or other inline structure. */
    static boolean plainText(Node node) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            if (!(child instanceof Text)) {
                return false;
            }
        }
        return true;
    }
}
