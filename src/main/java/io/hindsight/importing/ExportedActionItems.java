package io.hindsight.importing;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.export.InlineText;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The action items of a report, read back from its task list: one line per item, the title, then
 * the facts the report writes after " — " (owner, due date, priority, kind, status and reason, tracker).
 */
final class ExportedActionItems {

    private static final Pattern TASK = Pattern.compile("- \\[([ xX])] (.*)");
    private static final Pattern TRACKER = Pattern.compile(" · tracker: (\\S+)$");

    private final ImportNotes notes;

    ExportedActionItems(ImportNotes notes) {
        this.notes = notes;
    }

    List<MarkdownImport.ImportedActionItem> read(String block) {
        List<MarkdownImport.ImportedActionItem> items = new ArrayList<>();
        if (block.startsWith("**No action items:** ")) {
            notes.warn("The reason for having no action items (\"" + InlineText.unescape(block.substring(21)) + "\") is not imported; "
                    + "give it again before publishing.");
        }
        if (!block.startsWith("- [")) {
            return items;
        }
        for (String line : block.split("\n")) {
            Matcher task = TASK.matcher(line);
            if (!task.matches()) {
                continue;
            }
            boolean done = !task.group(1).equals(" ");
            String rest = task.group(2);
            int split = rest.indexOf(" — owner: ");
            String title = InlineText.unescape(split < 0 ? rest : rest.substring(0, split));
            String owner = null;
            LocalDate due = null;
            ActionItem.Priority priority = null;
            ActionItem.Kind kind = null;
            ActionItem.Status status = done ? ActionItem.Status.DONE : ActionItem.Status.OPEN;
            String reason = "";
            String tracker = null;
            if (split >= 0) {
                String written = rest.substring(split + 3);
                Matcher link = TRACKER.matcher(written);
                if (link.find()) {
                    String url = link.group(1);
                    tracker = url.startsWith("<") && url.endsWith(">") ? url.substring(1, url.length() - 1) : InlineText.unescape(url);
                    written = written.substring(0, link.start());
                }
                List<String> facts = new ArrayList<>(List.of(written.split(" · ", -1)));
                String name = InlineText.unescape(facts.remove(0).substring(7));
                owner = name.equals("unassigned") ? null : name;
                for (int f = 0; f < facts.size(); f++) {
                    String fact = facts.get(f);
                    if (fact.equals("no due date")) {
                        continue;
                    }
                    if (fact.startsWith("due ")) {
                        try {
                            due = LocalDate.parse(fact.substring(4));
                        } catch (RuntimeException e) {
                            notes.warn("Action item \"" + title + "\": the due date \"" + fact.substring(4) + "\" is not a date; left out.");
                        }
                        continue;
                    }
                    if (fact.matches("P[123]")) {
                        priority = ActionItem.Priority.valueOf(fact);
                        continue;
                    }
                    boolean known = false;
                    for (ActionItem.Kind k : ActionItem.Kind.values()) {
                        if (k.label().equals(fact)) {
                            kind = k;
                            known = true;
                        }
                    }
                    for (ActionItem.Status s : ActionItem.Status.values()) {
                        if (fact.equals(s.label())) {
                            status = s;
                            known = true;
                        } else if (fact.startsWith(s.label() + ": ")) {
                            // The reason is the rest of the line: it may hold " · " itself.
                            status = s;
                            reason = InlineText.unescape(String.join(" · ", facts.subList(f, facts.size())).substring(s.label().length() + 2));
                            f = facts.size();
                            known = true;
                        }
                    }
                    if (!known) {
                        notes.warn("Action item \"" + title + "\": \"" + fact + "\" was not understood and is left out.");
                    }
                }
            }
            if (priority == null) {
                priority = ActionItem.Priority.P2;
                notes.warn("Action item \"" + title + "\" has no priority; P2 is used.");
            }
            if (kind == null) {
                kind = ActionItem.Kind.PREVENT;
                notes.warn("Action item \"" + title + "\" does not say whether it helps detect, mitigate or prevent; Prevent is used.");
            }
            items.add(new MarkdownImport.ImportedActionItem(title, done, owner, due, priority, kind, status, reason, tracker));
        }
        return items;
    }
}
