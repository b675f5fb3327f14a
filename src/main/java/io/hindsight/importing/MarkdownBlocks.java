package io.hindsight.importing;

import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.Code;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.markdown.MarkdownRenderer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The blocks of a section's Markdown as a CommonMark parser (GFM tables and task lists) sees them:
 * where each sits in the text, so that blocks read into structure can be cut out, and the plain
 * text of a node, which is what dates and timeline lines are read from. Bare web addresses are
 * links too (as the pages render them), so that an issue named only by its address is found.
 */
final class MarkdownBlocks {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create(), TaskListItemsExtension.create(), AutolinkExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

    private static final MarkdownRenderer LINKS = MarkdownRenderer.builder().build();

    /** An http(s) link: where it leads and the text it shows. */
    record FoundLink(String url, String text) {
    }

    /** One top-level block and where it sits in the text ({@code end} exclusive). */
    record Block(Node node, int start, int end) {
    }

    private MarkdownBlocks() {
    }

    static List<Block> of(String markdown) {
        List<Block> blocks = new ArrayList<>();
        for (Node node = PARSER.parse(markdown).getFirstChild(); node != null; node = node.getNext()) {
            List<SourceSpan> spans = node.getSourceSpans();
            if (spans.isEmpty()) {
                continue;
            }
            SourceSpan first = spans.get(0);
            SourceSpan last = spans.get(spans.size() - 1);
            blocks.add(new Block(node, first.getInputIndex() - first.getColumnIndex(), last.getInputIndex() + last.getLength()));
        }
        return blocks;
    }

    /** The text a person reads in {@code node}: inline markup dropped, code kept, line breaks as spaces. */
    static String plain(Node node) {
        StringBuilder out = new StringBuilder();
        collect(node, out, false);
        return out.toString().replaceAll("[ \\t]+", " ").strip();
    }

    /**
     * The plain text of {@code node} with its links kept as Markdown links (text and address), for
     * text that is shown rendered, such as a timeline entry. An address written bare stays bare.
     */
    static String withLinks(Node node) {
        StringBuilder out = new StringBuilder();
        collect(node, out, true);
        return out.toString().replaceAll("[ \\t]+", " ").strip();
    }

    private static void collect(Node node, StringBuilder out, boolean links) {
        if (links && node instanceof Link link && link.getDestination() != null && !link.getDestination().isBlank()) {
            String text = plain(link);
            String url = link.getDestination();
            if (text.equals(url) || ("http://" + text).equals(url) || ("mailto:" + text).equals(url)) {
                // Written bare or as <address>: the pages link it as it is.
                out.append(text);
            } else {
                out.append(LINKS.render(link).strip());
            }
            return;
        }
        if (node instanceof Text text) {
            out.append(text.getLiteral());
        } else if (node instanceof Code code) {
            out.append(code.getLiteral());
        } else if (node instanceof SoftLineBreak || node instanceof HardLineBreak) {
            out.append(' ');
        } else if (node instanceof TaskListItemMarker) {
            return;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            collect(child, out, links);
            if (child instanceof org.commonmark.node.Paragraph && child.getNext() != null) {
                out.append(' ');
            }
        }
    }

    /** The rows of a table, header first, each as its cells' plain text. */
    static List<List<String>> rows(TableBlock table) {
        return cells(table, MarkdownBlocks::plain);
    }

    /** The rows of a table, header first, each as its cells' text with their links kept ({@link #withLinks}). */
    static List<List<String>> rowsWithLinks(TableBlock table) {
        return cells(table, MarkdownBlocks::withLinks);
    }

    /** The rows of a table, header first, each as its cells' http(s) links ({@link #links}), row for row as {@link #rows}. */
    static List<List<List<FoundLink>>> rowLinks(TableBlock table) {
        return cells(table, MarkdownBlocks::links);
    }

    /** Reads every cell of a table, row by row, header first (an empty header row when the table has none). */
    private static <T> List<List<T>> cells(TableBlock table, Function<Node, T> read) {
        List<List<T>> rows = new ArrayList<>();
        for (Node section = table.getFirstChild(); section != null; section = section.getNext()) {
            for (Node row = section.getFirstChild(); row != null; row = row.getNext()) {
                if (row instanceof TableRow) {
                    List<T> cells = new ArrayList<>();
                    for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                        if (cell instanceof TableCell) {
                            cells.add(read.apply(cell));
                        }
                    }
                    rows.add(cells);
                }
            }
            if (section instanceof TableHead && rows.isEmpty()) {
                rows.add(List.of());
            }
        }
        return rows;
    }

    /** The items of a list, with their nested lists left out of the text. */
    static List<ListItem> items(ListBlock list) {
        List<ListItem> items = new ArrayList<>();
        for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
            if (item instanceof ListItem li) {
                items.add(li);
            }
        }
        return items;
    }

    /** Whether a list item is a GFM task, and ticked: null when it is not a task. */
    static Boolean task(ListItem item) {
        Node first = item.getFirstChild();
        Node marker = first == null ? null : first instanceof TaskListItemMarker ? first : first.getFirstChild();
        return marker instanceof TaskListItemMarker m ? m.isChecked() : null;
    }

    /** Every http(s) link in {@code node}, in reading order. */
    static List<FoundLink> links(Node node) {
        List<FoundLink> found = new ArrayList<>();
        gather(node, found);
        return found;
    }

    private static void gather(Node node, List<FoundLink> found) {
        if (node instanceof Link link && link.getDestination() != null && link.getDestination().matches("(?i)https?://\\S+")) {
            found.add(new FoundLink(link.getDestination(), plain(link)));
            return;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
            gather(child, found);
        }
    }
}
