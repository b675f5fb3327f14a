package io.hindsight.importing;

import io.hindsight.actionitem.ActionItem;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.Emphasis;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.StrongEmphasis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the action items of a follow-up section: tables whose columns name the action, its owner,
 * due date, priority, ticket and status (any of the usual header words), and bulleted, numbered or
 * task lists (a ticked task is done). Items listed under a heading or label that names their state
 * ("Immediate actions (completed)", "Done:", "Still open") take it; an issue or pull request linked
 * beside an item (or beside its group's heading) is its tracker link, and the title keeps only the
 * words. What a file does not say is left to the defaults: P2, Prevent, Open, no owner.
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
    private static final int LABEL_MAX = 120;
    private static final int URL_MAX = 500;
    /** Addresses of an issue, pull or merge request, or ticket in the trackers teams use, self-hosted ones too. */
    private static final Pattern ISSUE_URL = Pattern.compile("(?i)^https?://[^/\\s]+(?:/[^\\s?#]*)?/(?:-/)?(?:issues?|pulls?|merge_requests|"
            + "pull-requests|tickets?|bugs?|browse|_workitems/edit|work_?items?|tasks?)/(?:[a-z][a-z0-9_]*-)?\\d+(?:[/?#]\\S*)?$"
            + "|(?i)^https?://\\S+[?&](?:selectedIssue|issue|id)=(?:[a-z][a-z0-9_]*-)?\\d+(?:&\\S*)?$");
    /** Link text that only points at a ticket: a number, a key, an address or the word for one. */
    private static final Pattern REFERENCE_TEXT = Pattern.compile("(?i)#\\d+|[A-Z][A-Z0-9_]+-\\d+|!\\d+|[\\w.-]+/[\\w.-]+[#!]\\d+|"
            + "(?:https?://|www\\.)\\S+|(?:the |this |a )?(?:tracking |github |gitlab |jira |linear )?"
            + "(?:issue|ticket|pr|pull request|merge request|mr|bug|jira|card|epic)(?:\\s*#?\\d+)?|follow along( here)?|tracked here");
    /** Words that introduce a pointer to a ticket ("see", "tracked in"), longest first. */
    private static final List<String> POINTER_WORDS = List.of("follow along here", "tracked in", "tracked by", "follow along", "tracking",
            "tracked", "ticket", "issue", "refs", "see", "ref", "pr");
    private static final String SEPARATORS = ",;:–—-";
    private static final Pattern DONE_PREFIX = Pattern.compile("^\\s*(?:✅|✔️?|☑️?|\\[(?:done|completed?)]|\\((?:done|completed?)\\)|"
            + "(?:done|completed?|already done)(?:\\s*:|\\s+[–—-]))\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DONE_SUFFIX = Pattern.compile("\\s*(?:[(\\[](?:done|completed?|finished|shipped|already done)[)\\]]|"
            + "\\s[–—-]\\s*(?:done|completed?)|✅|✔️?)[.\\s]*$", Pattern.CASE_INSENSITIVE);

    /** What was read: the items, and the blocks they came from (cut out of the section's text). */
    record Read(List<MarkdownImport.ImportedActionItem> items, List<MarkdownBlocks.Block> used, int shortened) {
    }

    private final Integer year;
    private int shortened;

    ActionItemReader(Integer year) {
        this.year = year;
    }

    Read read(String markdown) {
        return read(markdown, "");
    }

    /** @param sectionHeading the heading of the section read, which may name the state of all its items ("Completed actions") */
    Read read(String markdown, String sectionHeading) {
        List<MarkdownImport.ImportedActionItem> items = new ArrayList<>();
        List<MarkdownBlocks.Block> used = new ArrayList<>();
        Label[] labels = new Label[8];
        labels[0] = new Label(groupStatus(sectionHeading), null);
        for (MarkdownBlocks.Block block : MarkdownBlocks.of(markdown)) {
            int before = items.size();
            if (block.node() instanceof Heading heading) {
                // A heading starts a group: the labels of its level and below no longer apply.
                java.util.Arrays.fill(labels, Math.min(heading.getLevel(), 7), labels.length, null);
                labels[Math.min(heading.getLevel(), 7)] = Label.of(heading);
                continue;
            }
            if (block.node() instanceof Paragraph paragraph) {
                if (Label.isLabel(paragraph)) {
                    labels[7] = Label.of(paragraph);
                }
                continue;
            }
            ActionItem.Status groupStatus = null;
            MarkdownBlocks.FoundLink groupTracker = null;
            for (Label label : labels) {
                if (label != null && label.status() != null) {
                    groupStatus = label.status();
                }
                if (label != null && label.tracker() != null) {
                    groupTracker = label.tracker();
                }
            }
            if (block.node() instanceof TableBlock table) {
                items.addAll(table(table, groupStatus, groupTracker));
            } else if (block.node() instanceof ListBlock list) {
                for (ListItem li : MarkdownBlocks.items(list)) {
                    MarkdownImport.ImportedActionItem item = listItem(li, groupStatus, groupTracker);
                    if (item != null) {
                        items.add(item);
                    }
                }
            }
            if (items.size() > before) {
                used.add(block);
            }
        }
        return new Read(items, used, shortened);
    }

    /**
     * What a heading or a label line ("Done:", "**Still open**") says about the items listed under it:
     * their status when it names one, and the issue it links to (a tracking issue for the group).
     */
    private record Label(ActionItem.Status status, MarkdownBlocks.FoundLink tracker) {

        static Label of(Node node) {
            return new Label(groupStatus(MarkdownBlocks.plain(node)), issueLink(MarkdownBlocks.links(node)));
        }

        /** A short paragraph that introduces what follows: ending with a colon, or wholly bold or italic. */
        static boolean isLabel(Paragraph paragraph) {
            String text = MarkdownBlocks.plain(paragraph);
            if (text.isEmpty() || text.length() > LABEL_MAX) {
                return false;
            }
            Node only = paragraph.getFirstChild();
            boolean emphasised = only != null && only.getNext() == null && (only instanceof StrongEmphasis || only instanceof Emphasis);
            return emphasised || text.endsWith(":");
        }
    }

    /** One item of a list, or null when it says nothing. */
    private MarkdownImport.ImportedActionItem listItem(ListItem li, ActionItem.Status groupStatus, MarkdownBlocks.FoundLink groupTracker) {
        Boolean task = MarkdownBlocks.task(li);
        String text = MarkdownBlocks.plain(li);
        List<MarkdownBlocks.FoundLink> links = MarkdownBlocks.links(li);
        MarkdownBlocks.FoundLink own = issueLink(links);
        String owner = null;
        Matcher named = OWNER_SUFFIX.matcher(text);
        if (named.find()) {
            owner = named.group(1).strip();
            text = text.substring(0, named.start()).stripTrailing();
        }
        ActionItem.Status marked = null;
        Matcher doneMark = DONE_PREFIX.matcher(text);
        if (doneMark.lookingAt()) {
            marked = ActionItem.Status.DONE;
            text = text.substring(doneMark.end());
        }
        // Only the end of the text is searched for "(done)": items can be long.
        int tailFrom = Math.max(0, text.length() - 40);
        doneMark = DONE_SUFFIX.matcher(text).region(tailFrom, text.length());
        if (doneMark.find()) {
            marked = ActionItem.Status.DONE;
            text = text.substring(0, doneMark.start());
        }
        if (own != null) {
            text = withoutReference(text, own);
        }
        if (text.isBlank()) {
            return null;
        }
        // A tick box says it all; then what the item itself says; then the heading or label it is listed under.
        ActionItem.Status status = task != null ? (task ? ActionItem.Status.DONE : ActionItem.Status.OPEN)
                : marked != null ? marked : groupStatus != null ? groupStatus : ActionItem.Status.OPEN;
        MarkdownBlocks.FoundLink tracker = own != null ? own : groupTracker;
        return item(text, status == ActionItem.Status.DONE, owner, null, null, null, status, tracker == null ? null : tracker.url());
    }

    /**
     * The link that names the item's issue or pull request: the first whose address is one (GitHub,
     * GitLab, Bitbucket, Gitea, Jira, Linear, Bugzilla, Azure DevOps and the like) or whose text is a
     * ticket reference ("#2226", "OPS-12", "issue", "PR").
     */
    static MarkdownBlocks.FoundLink issueLink(List<MarkdownBlocks.FoundLink> links) {
        for (MarkdownBlocks.FoundLink link : links) {
            if (link.url().length() <= URL_MAX && (ISSUE_URL.matcher(link.url()).find() || REFERENCE_TEXT.matcher(link.text()).matches())) {
                return link;
            }
        }
        return null;
    }

    /**
     * The item's text without the reference to its issue where that reference is only a pointer — a
     * ticket number, an address, "issue", "see PR" — at its start or end, or an address anywhere; a link
     * whose text is part of the sentence stays as words.
     */
    static String withoutReference(String text, MarkdownBlocks.FoundLink link) {
        String shown = link.text();
        if (TICKET_PREFIX.matcher(shown).lookingAt() && text.startsWith(shown)) {
            return TICKET_PREFIX.matcher(text).replaceFirst("").strip();
        }
        if (shown.isEmpty() || !REFERENCE_TEXT.matcher(shown).matches()) {
            return text;
        }
        // Read by hand from each end rather than by a pattern searched through the whole text: items can be long.
        int end = text.length();
        while (end > 0 && (Character.isWhitespace(text.charAt(end - 1)) || text.charAt(end - 1) == '.')) {
            end--;
        }
        boolean closed = end > 0 && (text.charAt(end - 1) == ')' || text.charAt(end - 1) == ']');
        int at = closed ? skipSpaceBack(text, end - 1) : end;
        if (at >= shown.length() && text.regionMatches(true, at - shown.length(), shown, 0, shown.length())) {
            int from = pointerBack(text, skipSpaceBack(text, at - shown.length()));
            if (closed) {
                from = from > 0 && (text.charAt(from - 1) == '(' || text.charAt(from - 1) == '[') ? from - 1 : -1;
            }
            while (from > 0 && (Character.isWhitespace(text.charAt(from - 1)) || SEPARATORS.indexOf(text.charAt(from - 1)) >= 0)) {
                from--;
            }
            if (from > 0) {
                return text.substring(0, from).strip();
            }
        }
        int from = 0;
        while (from < text.length() && (text.charAt(from) == '(' || text.charAt(from) == '[' || Character.isWhitespace(text.charAt(from)))) {
            from++;
        }
        if (text.regionMatches(true, from, shown, 0, shown.length())) {
            int rest = from + shown.length();
            while (rest < text.length() && (text.charAt(rest) == ')' || text.charAt(rest) == ']' || Character.isWhitespace(text.charAt(rest))
                    || SEPARATORS.indexOf(text.charAt(rest)) >= 0)) {
                rest++;
            }
            if (rest < text.length()) {
                return text.substring(rest).strip();
            }
        }
        if (shown.matches("(?i)(https?://|www\\.)\\S+")) {
            return text.replace("(" + shown + ")", "").replace(shown, "").replaceAll("\\s{2,}", " ").strip();
        }
        return text;
    }

    private static int skipSpaceBack(String text, int at) {
        while (at > 0 && Character.isWhitespace(text.charAt(at - 1))) {
            at--;
        }
        return at;
    }

    /** Where a pointer word ("see", "tracked in", "PR:") ending at {@code at} starts, or {@code at} when there is none. */
    private static int pointerBack(String text, int at) {
        int end = at > 0 && text.charAt(at - 1) == ':' ? skipSpaceBack(text, at - 1) : at;
        for (String word : POINTER_WORDS) {
            int start = end - word.length();
            if (start >= 0 && text.regionMatches(true, start, word, 0, word.length())
                    && (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))) {
                return skipSpaceBack(text, start);
            }
        }
        return at;
    }

    /** The status a group's heading or label names ("Immediate actions (completed)", "Still open:"), or null. */
    static ActionItem.Status groupStatus(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        if (l.matches(".*\\b(not (yet )?(done|started|completed?|finished)|to ?do|todos?|open|pending|planned|backlog|remaining|"
                + "outstanding|upcoming|proposed|incomplete|unfinished|not started)\\b.*")) {
            return ActionItem.Status.OPEN;
        }
        if (l.matches(".*\\b(in progress|in-progress|ongoing|underway|under way|wip|in flight|started)\\b.*")) {
            return ActionItem.Status.IN_PROGRESS;
        }
        if (l.matches(".*\\b(won'?t do|wont do|not doing|will not do|dropped|cancell?ed|rejected|declined)\\b.*")) {
            return ActionItem.Status.WONT_DO;
        }
        if (l.matches(".*\\b(done|completed?|finished|shipped|implemented|fixed|resolved|closed|already in place)\\b.*|.*[✅✔☑].*")) {
            return ActionItem.Status.DONE;
        }
        return null;
    }

    private List<MarkdownImport.ImportedActionItem> table(TableBlock table, ActionItem.Status groupStatus,
                                                          MarkdownBlocks.FoundLink groupTracker) {
        List<List<String>> rows = MarkdownBlocks.rows(table);
        List<List<List<MarkdownBlocks.FoundLink>>> links = MarkdownBlocks.rowLinks(table);
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
                List<MarkdownBlocks.FoundLink> inTicket = ticket < links.get(r).size() ? links.get(r).get(ticket) : List.of();
                trackerUrl = !inTicket.isEmpty() ? inTicket.get(0).url()
                        : row.get(ticket).strip().matches("(?i)https?://\\S+") ? row.get(ticket).strip() : null;
            }
            String title = row.get(action);
            if (trackerUrl == null) {
                // No ticket column: an issue linked in the row's other cells, else the one its group links to.
                MarkdownBlocks.FoundLink found = issueLink(links.get(r).stream().flatMap(List::stream).toList());
                if (found != null) {
                    trackerUrl = found.url();
                    title = withoutReference(title, found);
                } else if (groupTracker != null) {
                    trackerUrl = groupTracker.url();
                }
            }
            ActionItem.Status state = status >= 0 && status < row.size() ? status(row.get(status))
                    : groupStatus != null ? groupStatus : ActionItem.Status.OPEN;
            if (title.isBlank()) {
                continue;
            }
            items.add(item(title, state == ActionItem.Status.DONE, cell(row, owner), due(cell(row, due)),
                    priority(cell(row, priority)), kind(cell(row, kind)), state, trackerUrl));
        }
        return items;
    }

    private MarkdownImport.ImportedActionItem item(String text, boolean done, String owner, LocalDate due, ActionItem.Priority priority,
                                                   ActionItem.Kind kind, ActionItem.Status status, String trackerUrl) {
        String title = text.strip();
        if (title.length() > TITLE_MAX) {
            // Cut between words when a word ends near the limit, so that the title still reads.
            int cut = title.lastIndexOf(' ', TITLE_MAX - 1);
            title = title.substring(0, cut > TITLE_MAX - 40 ? cut : TITLE_MAX - 1).strip() + "…";
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
