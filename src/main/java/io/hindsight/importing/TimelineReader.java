package io.hindsight.importing;

import io.hindsight.incident.TimelineDraft;
import io.hindsight.incident.TimelineKind;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Paragraph;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the moments of a timeline section: tables with a time column and a text column (any header
 * names), bulleted or numbered lines that start with a time, and date headings or lines that give
 * the day of the times below them. Links in a line stay Markdown links in its entry. A time without a date takes the day last stated (or the
 * incident's date); a time earlier than the one before it is on the next day. The zone is the one
 * written on the line, else the one the section or the document states ("All times UTC"), else UTC.
 */
final class TimelineReader {

    private static final Pattern TIME_HEADER = Pattern.compile("(?i).*\\b(time|when|date|timestamp|hour|clock)\\b.*");
    private static final Pattern TEXT_HEADER = Pattern.compile(
            "(?i).*\\b(event|events|what|description|details|activity|action|actions|update|note|notes|summary|happened|entry)\\b.*");
    private static final Pattern LINK_DESTINATION = Pattern.compile("]\\([^)\\s]*(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern KIND_HEADER = Pattern.compile("(?i)\\s*(kind|type|category)\\s*");

    /** What was read: the moments, and the blocks they came from (cut out of the section's text). */
    record Read(List<TimelineDraft> entries, List<MarkdownBlocks.Block> used, boolean zoneStated) {
    }

    private final LocalDate incidentDate;
    private final ZoneId documentZone;
    private LocalDate day;
    private ZoneId zone;
    private LocalTime previous;
    private boolean zoneStated;
    /** Whether every row or item of the last table or list read became a moment (only then is it cut from the text). */
    private boolean complete;

    TimelineReader(LocalDate incidentDate, ZoneId documentZone) {
        this.incidentDate = incidentDate;
        this.documentZone = documentZone;
    }

    Read read(String markdown) {
        List<TimelineDraft> entries = new ArrayList<>();
        List<MarkdownBlocks.Block> used = new ArrayList<>();
        day = incidentDate;
        zone = documentZone;
        zoneStated = documentZone != null;
        Optional<ZoneId> sectionZone = WrittenTimes.zoneIn(markdown);
        if (sectionZone.isPresent()) {
            zone = sectionZone.get();
            zoneStated = true;
        }
        for (MarkdownBlocks.Block block : MarkdownBlocks.of(markdown)) {
            int before = entries.size();
            if (block.node() instanceof Heading || block.node() instanceof Paragraph) {
                String text = MarkdownBlocks.plain(block.node());
                LocalDate stated = WrittenTimes.date(text, year());
                boolean dateLine = stated != null && text.length() <= 40 && WrittenTimes.momentAtStart(text, year()).isEmpty();
                if (dateLine) {
                    day = stated;
                    previous = null;
                    if (block.node() instanceof Heading) {
                        used.add(block);
                    }
                    continue;
                }
                if (block.node() instanceof Paragraph) {
                    // A paragraph of timeline lines, one per line ("14:05 — ...").
                    String source = markdown.substring(block.start(), block.end());
                    List<TimelineDraft> lines = new ArrayList<>();
                    boolean all = true;
                    for (String line : source.split("\n")) {
                        TimelineDraft entry = entry(stripInline(line));
                        if (entry == null) {
                            all = false;
                            break;
                        }
                        lines.add(entry);
                    }
                    if (all && !lines.isEmpty()) {
                        entries.addAll(lines);
                    }
                    complete = all;
                }
            } else if (block.node() instanceof ListBlock list) {
                List<TimelineDraft> lines = new ArrayList<>();
                for (ListItem item : MarkdownBlocks.items(list)) {
                    // Links stay links (entries render Markdown); a line whose time is itself a link is read as text.
                    TimelineDraft entry = entry(MarkdownBlocks.withLinks(item));
                    if (entry == null) {
                        entry = entry(MarkdownBlocks.plain(item));
                    }
                    if (entry != null) {
                        lines.add(entry);
                    }
                }
                complete = lines.size() == MarkdownBlocks.items(list).size();
                if (lines.size() * 2 >= MarkdownBlocks.items(list).size()) {
                    entries.addAll(lines);
                }
            } else if (block.node() instanceof TableBlock table) {
                complete = true;
                entries.addAll(table(table));
            }
            if (entries.size() > before && complete) {
                used.add(block);
            }
        }
        return new Read(entries, used, zoneStated);
    }

    private List<TimelineDraft> table(TableBlock table) {
        List<List<String>> rows = MarkdownBlocks.rows(table);
        List<List<String>> linked = MarkdownBlocks.rowsWithLinks(table);
        List<TimelineDraft> entries = new ArrayList<>();
        if (rows.isEmpty()) {
            return entries;
        }
        List<String> header = rows.get(0);
        int timeColumn = -1;
        int textColumn = -1;
        int kindColumn = -1;
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            if (timeColumn < 0 && TIME_HEADER.matcher(h).matches()) {
                timeColumn = c;
                WrittenTimes.zoneIn(h).ifPresent(z -> {
                    zone = z;
                    zoneStated = true;
                });
            } else if (kindColumn < 0 && KIND_HEADER.matcher(h).matches()) {
                kindColumn = c;
            } else if (textColumn < 0 && TEXT_HEADER.matcher(h).matches()) {
                textColumn = c;
            }
        }
        if (timeColumn < 0) {
            timeColumn = 0;
        }
        if (textColumn < 0) {
            for (int c = 0; c < header.size(); c++) {
                if (c != timeColumn && c != kindColumn) {
                    textColumn = c;
                    break;
                }
            }
        }
        if (textColumn < 0) {
            return entries;
        }
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = linked.get(r);
            if (row.size() <= Math.max(timeColumn, textColumn) || rows.get(r).size() != row.size()) {
                continue;
            }
            String when = rows.get(r).get(timeColumn);
            StringBuilder text = new StringBuilder(row.get(textColumn));
            for (int c = 0; c < row.size(); c++) {
                if (c != timeColumn && c != textColumn && c != kindColumn && !row.get(c).isBlank()) {
                    text.append(" — ").append(row.get(c));
                }
            }
            TimelineDraft entry = entry(when + " | " + text);
            if (entry == null) {
                LocalDate date = WrittenTimes.date(when, year());
                if (date != null && !text.isEmpty()) {
                    // A row with a day and no time ("2019-12-03"): the start of that day.
                    day = date;
                    previous = null;
                    entry = new TimelineDraft(WrittenTimes.at(date, LocalTime.MIDNIGHT, zoneOrUtc()), kindOf(text.toString()), text.toString());
                }
            }
            if (entry == null) {
                complete = false;
            } else {
                if (kindColumn >= 0 && kindColumn < row.size()) {
                    TimelineKind kind = kind(row.get(kindColumn));
                    if (kind != null) {
                        entry = new TimelineDraft(entry.occurredAt(), kind, entry.description());
                    }
                }
                entries.add(entry);
            }
        }
        return entries;
    }

    /** One timeline line, or null when it does not start with a time or no day is known. */
    private TimelineDraft entry(String line) {
        Optional<WrittenTimes.Moment> read = WrittenTimes.momentAtStart(line, year());
        if (read.isEmpty()) {
            return null;
        }
        WrittenTimes.Moment moment = read.get();
        String rest = moment.rest().replaceFirst("^[|:\\-–—\\s]+", "").strip();
        if (rest.isEmpty()) {
            return null;
        }
        LocalDate date = moment.date();
        if (date != null) {
            day = date;
        } else {
            if (day == null) {
                return null;
            }
            if (previous != null && moment.time().isBefore(previous)) {
                day = day.plusDays(1);
            }
        }
        previous = moment.time();
        ZoneId at = moment.zone() != null ? moment.zone() : zoneOrUtc();
        if (moment.zone() != null) {
            zoneStated = true;
        }
        Instant when = WrittenTimes.at(day, moment.time(), at);
        String description = rest.length() > 2_000 ? rest.substring(0, 1_999) + "…" : rest;
        return new TimelineDraft(when, kindOf(rest), description);
    }

    private ZoneId zoneOrUtc() {
        return zone == null ? java.time.ZoneOffset.UTC : zone;
    }

    private Integer year() {
        return day != null ? day.getYear() : incidentDate == null ? null : incidentDate.getYear();
    }

    /** What kind of moment a line records, from its words; an observation when they say nothing. */
    static TimelineKind kindOf(String text) {
        // The words a person reads, not the addresses of the links among them.
        String t = LINK_DESTINATION.matcher(text).replaceAll("]").toLowerCase(Locale.ROOT);
        if (t.matches(".*\\b(alert|alerted|alerts|paged|page|detected|notices?|noticed|reports?|reported|discovered|spotted|warning)\\b.*")) {
            return TimelineKind.DETECTION;
        }
        if (t.matches(".*\\b(announced?|tweet(ed)?|status page|statuspage|emailed|communicat\\w*|posted|informed|notif\\w*)\\b.*")) {
            return TimelineKind.COMMUNICATION;
        }
        if (t.matches(".*\\b(deploy\\w*|roll(ed)? ?back|rollback|restart\\w*|revert\\w*|block\\w*|deleted?|removed?|fix\\w*|scal\\w*|"
                + "merged?|applied|disabled?|enabled?|migrat\\w*|started|initiated|opens?|performed|replac\\w*)\\b.*")) {
            return TimelineKind.ACTION;
        }
        return TimelineKind.OBSERVATION;
    }

    private static TimelineKind kind(String written) {
        for (TimelineKind k : TimelineKind.values()) {
            if (k.label().equalsIgnoreCase(written.strip())) {
                return k;
            }
        }
        return null;
    }

    /** A source line without list markers and the emphasis around its time. */
    private static String stripInline(String line) {
        return line.replaceFirst("^\\s*(?:[-*+]|\\d+[.)])\\s+", "").replace("**", "").replace("__", "").strip();
    }
}
