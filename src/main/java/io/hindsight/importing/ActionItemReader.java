package io.hindsight.importing;

import io.hindsight.actionitem.ActionItem;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the action items of a follow-up section: tables whose columns name the action, its owner,
 * due date, priority, ticket and status (any of the usual header words), and bulleted, numbered or
 * task lists (a ticked task is done). What a file does not say is left to the defaults: P2, Prevent,
 * Open, no owner.
 */
final class ActionItemReader {

    private static final Pattern ACTION = Pattern.compile("(?i).*\\b(action|actions|item|items|task|tasks|what|description|title|todo|"
            + "remediation|follow.?ups?|improvement|change|recommendation)\\b.*");
    private static final Pattern OWNER = Pattern.compile("(?i).*\\b(owners?|assignees?|assigned( to)?|who|responsible|team|dri)\\b.*");
    private static final Pattern DUE = Pattern.compile("(?i).*\\b(due|deadline|eta|target|when|date|by)\\b.*");
    private static final Pattern PRIORITY = Pattern.compile("(?i).*\\b(priority|prio|importance|severity|p)\\b.*");
    private static final Pattern TICKET = Pattern.compile("(?i).*\\b(ticket|link|issue|bug|jira|tracker|pr|tracking|reference|ref|url)\\b.*");
    private static final Pattern STATUS = Pattern.compile("(?i).*\\b(status|state|done|progress)\\b.*");
    private static final Pattern KIND = Pattern.compile("(?i).*\\b(type|kind|category)\\b.*");
    private static final Pattern TICKET_PREFIX = Pattern.compile("^\\s*\\[?(#\\d+|[A-Z][A-Z0-9]+-\\d+)]?\\s*[:\\-–—]?\\s*");
    private static final Pattern OWNER_SUFFIX = Pattern.compile("[(\\[]\\s*(?:owner|assignee|assigned to|@)[\\s:]*@?([^)\\]\\s:@][^)\\]]*)[)\\]]\\s*$",
            Pattern.CASE_INSENSITIVE);
    static final int TITLE_MAX = 200;

    /** What was read: the items, and the blocks they came from (cut out of the section's text). */
    record Read(List<MarkdownImport.ImportedActionItem> items, List<MarkdownBlocks.Block> used, int shortened) {
    }

    private final Integer year;
    private int shortened;

    ActionItemReader(Integer year) {
        this.year = year;
    }

    Read read(String markdown) {
        List<MarkdownImport.ImportedActionItem> items = new ArrayList<>();
        List<MarkdownBlocks.Block> used = new ArrayList<>();
        for (MarkdownBlocks.Block block : MarkdownBlocks.of(markdown)) {
            int before = items.size();
            if (block.node() instanceof TableBlock table) {
                items.addAll(table(table));
            } else if (block.node() instanceof ListBlock list) {
                for (ListItem li : MarkdownBlocks.items(list)) {
                    Boolean task = MarkdownBlocks.task(li);
                    String text = MarkdownBlocks.plain(li);
                    String link = MarkdownBlocks.firstLink(li);
                    String tracker = null;
                    if (link != null) {
                        String linkText = MarkdownBlocks.linkText(li, link);
                        // "[#2226]: Add logging" or "JIRA-12 — Add logging": the link is the item's ticket.
                        if (linkText != null && TICKET_PREFIX.matcher(linkText).lookingAt() && text.startsWith(linkText)) {
                            tracker = link;
                        }
                    }
                    String owner = null;
                    Matcher named = OWNER_SUFFIX.matcher(text);
                    if (named.find()) {
                        owner = named.group(1).strip();
                        text = text.substring(0, named.start()).stripTrailing();
                    }
                    if (tracker != null) {
                        text = TICKET_PREFIX.matcher(text).replaceFirst("");
                    }
                    if (text.isBlank()) {
                        continue;
                    }
                    boolean done = Boolean.TRUE.equals(task);
                    items.add(item(text, done, owner, null, null, null, done ? ActionItem.Status.DONE : ActionItem.Status.OPEN, tracker));
                }
            }
            if (items.size() > before) {
                used.add(block);
            }
        }
        return new Read(items, used, shortened);
    }

    private List<MarkdownImport.ImportedActionItem> table(TableBlock table) {
        List<List<String>> rows = MarkdownBlocks.rows(table);
        List<List<String>> links = MarkdownBlocks.rowLinks(table);
        List<MarkdownImport.ImportedActionItem> items = new ArrayList<>();
        if (rows.size() < 2) {
            return items;
        }
        List<String> header = rows.get(0);
        int action = -1, owner = -1, due = -1, priority = -1, ticket = -1, status = -1, kind = -1;
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            if (owner < 0 && OWNER.matcher(h).matches()) {
                owner = c;
            } else if (status < 0 && STATUS.matcher(h).matches()) {
                status = c;
            } else if (priority < 0 && PRIORITY.matcher(h).matches()) {
                priority = c;
            } else if (kind < 0 && KIND.matcher(h).matches()) {
                kind = c;
            } else if (ticket < 0 && TICKET.matcher(h).matches()) {
                ticket = c;
            } else if (action < 0 && ACTION.matcher(h).matches()) {
                action = c;
            } else if (due < 0 && DUE.matcher(h).matches()) {
                due = c;
            }
        }
        if (action < 0) {
            action = 0;
        }
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() <= action || row.get(action).isBlank()) {
                continue;
            }
            String trackerUrl = null;
            if (ticket >= 0 && ticket < row.size()) {
                String link = r < links.size() && ticket < links.get(r).size() ? links.get(r).get(ticket) : null;
                trackerUrl = link != null ? link : row.get(ticket).strip().matches("(?i)https?://\\S+") ? row.get(ticket).strip() : null;
            }
            ActionItem.Status state = status >= 0 && status < row.size() ? status(row.get(status)) : ActionItem.Status.OPEN;
            items.add(item(row.get(action), state == ActionItem.Status.DONE, cell(row, owner), due(cell(row, due)),
                    priority(cell(row, priority)), kind(cell(row, kind)), state, trackerUrl));
        }
        return items;
    }

    private MarkdownImport.ImportedActionItem item(String text, boolean done, String owner, LocalDate due, ActionItem.Priority priority,
                                                   ActionItem.Kind kind, ActionItem.Status status, String trackerUrl) {
        String title = text.strip();
        if (title.length() > TITLE_MAX) {
            title = title.substring(0, TITLE_MAX - 1).strip() + "…";
            shortened++;
        }
        String who = owner == null ? null : owner.strip().replaceFirst("^@", "");
        return new MarkdownImport.ImportedActionItem(title, done, who == null || who.isEmpty() || who.equals("-") ? null : who, due,
                priority == null ? ActionItem.Priority.P2 : priority, kind == null ? ActionItem.Kind.PREVENT : kind, status, "", trackerUrl);
    }

    private static String cell(List<String> row, int column) {
        return column >= 0 && column < row.size() ? row.get(column) : null;
    }

    private LocalDate due(String written) {
        return written == null ? null : WrittenTimes.date(written, year);
    }

    static ActionItem.Status status(String written) {
        String s = written == null ? "" : written.strip().toLowerCase(Locale.ROOT);
        if (s.matches(".*(not (yet )?started|to ?do|open|planned|backlog|pending).*")) {
            return ActionItem.Status.OPEN;
        }
        if (s.matches(".*(won'?t|wont|not do|cancel|dropped|rejected|declined|n/a).*")) {
            return ActionItem.Status.WONT_DO;
        }
        if (s.matches(".*(done|closed|complete|fixed|resolved|merged|shipped|finished|✅|✔|\\[x]).*") || s.equals("yes") || s.equals("x")) {
            return ActionItem.Status.DONE;
        }
        if (s.matches(".*(progress|started|wip|doing|ongoing|review).*")) {
            return ActionItem.Status.IN_PROGRESS;
        }
        return ActionItem.Status.OPEN;
    }

    static ActionItem.Priority priority(String written) {
        if (written == null) {
            return null;
        }
        String p = written.strip().toLowerCase(Locale.ROOT);
        if (p.matches("p?[01]\\b.*|.*(critical|urgent|highest|high).*")) {
            return ActionItem.Priority.P1;
        }
        if (p.matches("p?2\\b.*|.*(medium|normal).*")) {
            return ActionItem.Priority.P2;
        }
        if (p.matches("p?[34]\\b.*|.*(low|lowest|minor).*")) {
            return ActionItem.Priority.P3;
        }
        return null;
    }

    static ActionItem.Kind kind(String written) {
        if (written == null) {
            return null;
        }
        String k = written.strip().toLowerCase(Locale.ROOT);
        if (k.startsWith("detect") || k.startsWith("monitor") || k.startsWith("alert")) {
            return ActionItem.Kind.DETECT;
        }
        if (k.startsWith("mitigat") || k.startsWith("repair") || k.startsWith("recover") || k.startsWith("respon")) {
            return ActionItem.Kind.MITIGATE;
        }
        if (k.startsWith("prevent")) {
            return ActionItem.Kind.PREVENT;
        }
        return null;
    }
}
