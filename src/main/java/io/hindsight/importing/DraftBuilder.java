package io.hindsight.importing;

import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.postmortem.PostmortemDraft;
import io.hindsight.postmortem.Section;

import io.hindsight.incident.TimelineDraft;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the drafts an import creates from what was read, with the defaults a file may leave out
 * (SEV3, Resolved, the time of the import as the start), each default named in a warning. A status only the
 * review workflow sets (in review, published) comes in as Resolved, with a warning.
 */
final class DraftBuilder {

    private final ImportNotes notes;
    private final Instant now;

    DraftBuilder(ImportNotes notes, Instant now) {
        this.notes = notes;
        this.now = now;
    }

    IncidentDraft incident(ImportedFrontMatter front, String summary, String customerImpact) {
        return incident(front, summary, customerImpact, null);
    }

    /**
     * What a postmortem written elsewhere states about its times, besides its front matter: the
     * incident's day, the moments of its timeline and its text (labelled lines such as "Start time:",
     * "Resolved at:", "Time to resolve: 2h 5m").
     */
    record Stated(LocalDate date, List<TimelineDraft> timeline, String text) {
    }

    // Matched one line at a time; no two neighbouring parts can take the same characters (no backtracking blow-up).
    private static final String LABEL_START = "(?i)^[ \\t>*_|-]*(";
    private static final String LABEL_END = ")[ \\t*_]*[:：|][ \\t*_]*([^\\n]*)$";
    /** Lines longer than this are prose, not a label and its value. */
    private static final int LABEL_LINE_MAX = 500;
    private static final Pattern DATE_LINE = Pattern.compile(LABEL_START
            + "date|dates|incident date\\(s\\)|incident dates?|date of (?:the )?incident|day|occurred( on)?|when" + LABEL_END);
    private static final Pattern START_LINE = Pattern.compile(LABEL_START
            + "start time|start|started( at)?|start of impact|impact start(ed)?|began( at)?|incident start(ed)?|outage start(ed)?" + LABEL_END);
    private static final Pattern DETECTED_LINE = Pattern.compile(LABEL_START + "detected( at)?|detection time|time detected" + LABEL_END);
    private static final Pattern MITIGATED_LINE = Pattern.compile(LABEL_START + "mitigated( at)?|mitigation time|time mitigated" + LABEL_END);
    private static final Pattern RESOLVED_LINE = Pattern.compile(LABEL_START
            + "resolved( at)?|resolution time|end time|end|ended( at)?|recovered( at)?|restored( at)?|time resolved|incident end(ed)?" + LABEL_END);
    private static final Pattern TO_DETECT = Pattern.compile(LABEL_START + "time to detect(ion)?|ttd|mttd" + LABEL_END);
    private static final Pattern TO_MITIGATE = Pattern.compile(LABEL_START + "time to mitigat(e|ion)|ttm" + LABEL_END);
    private static final Pattern TO_RESOLVE = Pattern.compile(LABEL_START
            + "time to (resolve|resolution|recover|recovery|restore|restoration|fix|repair)|ttr|mttr|duration|outage duration|"
            + "incident duration|total duration|downtime|length" + LABEL_END);

    /** The incident's day: the front matter's date, a "Date:" line, the title's date, or the first date in the text. */
    LocalDate incidentDate(ImportedFrontMatter front, String title, String text) {
        for (String key : List.of("date", "incident_date", "started", "start")) {
            Optional<LocalDate> d = WrittenTimes.dateIn(front.text(key));
            if (d.isPresent()) {
                return d.get();
            }
        }
        for (Pattern label : List.of(DATE_LINE, START_LINE)) {
            for (String value : labelledValues(label, text)) {
                Optional<LocalDate> d = WrittenTimes.dateIn(value);
                if (d.isPresent()) {
                    return d.get();
                }
            }
        }
        return WrittenTimes.dateIn(title).or(() -> WrittenTimes.dateIn(text)).orElse(null);
    }

    private String labelled(Pattern label, String text) {
        List<String> values = labelledValues(label, text);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The non-empty values of the lines the label starts, without a table row's closing {@code |}. */
    private static List<String> labelledValues(Pattern label, String text) {
        List<String> values = new java.util.ArrayList<>();
        for (String line : text.split("\\R")) {
            if (line.length() > LABEL_LINE_MAX) {
                continue;
            }
            Matcher m = label.matcher(line);
            if (m.find()) {
                String value = m.group(m.groupCount()).strip();
                if (value.endsWith("|")) {
                    value = value.substring(0, value.length() - 1).strip();
                }
                if (!value.isEmpty()) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    /** A labelled moment ("Start time: 2015-10-21 14:05 UTC"), dated by the incident's day when it gives only a time. */
    private Instant labelledMoment(Pattern label, Stated stated) {
        String value = labelled(label, stated.text());
        if (value == null) {
            return null;
        }
        Optional<WrittenTimes.Moment> moment = WrittenTimes.momentAtStart(value, stated.date() == null ? null : stated.date().getYear());
        if (moment.isEmpty()) {
            return null;
        }
        LocalDate day = moment.get().date() != null ? moment.get().date() : stated.date();
        if (day == null) {
            return null;
        }
        ZoneId zone = moment.get().zone() != null ? moment.get().zone() : WrittenTimes.zoneIn(stated.text()).orElse(ZoneOffset.UTC);
        return WrittenTimes.at(day, moment.get().time(), zone);
    }

    private Duration labelledDuration(Pattern label, String text) {
        String value = labelled(label, text);
        Duration d = value == null ? null : WrittenTimes.duration(value);
        if (d != null && (d.compareTo(WrittenTimes.LONGEST) > 0 || d.compareTo(WrittenTimes.LONGEST.negated()) < 0)) {
            notes.warn("The duration \"" + value + "\" is longer than " + WrittenTimes.LONGEST.toDays() + " days; it is not read.");
            return null;
        }
        return d;
    }

    private static final class Times {
        Instant started;
        Instant detected;
        Instant mitigated;
        Instant resolved;

        Times(Instant started, Instant detected, Instant mitigated, Instant resolved) {
            this.started = started;
            this.detected = detected;
            this.mitigated = mitigated;
            this.resolved = resolved;
        }
    }

    /**
     * Fills the times the front matter left out from what the text states: labelled lines first,
     * then the timeline (its first moment is the start, its last the resolution), then stated
     * durations. When a stated time to resolve matches two moments of the timeline exactly, those
     * two are the start and the resolution. A date alone starts the impact at midnight of that day.
     */
    private void read(Stated stated, Times t) {
        List<TimelineDraft> timeline = stated.timeline();
        Duration toResolve = labelledDuration(TO_RESOLVE, stated.text());
        Duration toDetect = labelledDuration(TO_DETECT, stated.text());
        Duration toMitigate = labelledDuration(TO_MITIGATE, stated.text());
        if (t.started == null) {
            t.started = labelledMoment(START_LINE, stated);
        }
        if (t.resolved == null) {
            t.resolved = labelledMoment(RESOLVED_LINE, stated);
        }
        if (t.detected == null) {
            t.detected = labelledMoment(DETECTED_LINE, stated);
        }
        if (t.mitigated == null) {
            t.mitigated = labelledMoment(MITIGATED_LINE, stated);
        }
        if (t.started == null && toResolve != null && !toResolve.isZero()) {
            for (int a = timeline.size() - 1; a >= 0 && t.started == null; a--) {
                for (int b = timeline.size() - 1; b > a; b--) {
                    if (Duration.between(timeline.get(a).occurredAt(), timeline.get(b).occurredAt()).equals(toResolve)) {
                        t.started = timeline.get(a).occurredAt();
                        if (t.resolved == null) {
                            t.resolved = timeline.get(b).occurredAt();
                        }
                        break;
                    }
                }
            }
        }
        if (t.started == null && !timeline.isEmpty()) {
            t.started = timeline.get(0).occurredAt();
        }
        if (t.started == null && stated.date() != null) {
            t.started = stated.date().atStartOfDay(ZoneOffset.UTC).toInstant();
            notes.warn("Only the day of the incident is stated (" + stated.date() + "); the start of impact is set to midnight UTC that day.");
        }
        if (t.started == null) {
            return;
        }
        if (t.resolved == null && toResolve != null) {
            t.resolved = t.started.plus(toResolve);
        }
        if (t.resolved == null && timeline.size() > 1 && timeline.get(timeline.size() - 1).occurredAt().isAfter(t.started)) {
            t.resolved = timeline.get(timeline.size() - 1).occurredAt();
        }
        if (t.detected == null && toDetect != null) {
            t.detected = t.started.plus(toDetect);
        }
        if (t.mitigated == null && toMitigate != null) {
            t.mitigated = t.started.plus(toMitigate);
        }
        if (t.detected != null && t.detected.isBefore(t.started)) {
            t.detected = null;
        }
        if (t.mitigated != null && (t.mitigated.isBefore(t.started) || t.detected != null && t.mitigated.isBefore(t.detected))) {
            t.mitigated = null;
        }
        if (t.resolved != null && t.resolved.isBefore(t.started)) {
            t.resolved = null;
        }
        if (t.mitigated != null && t.resolved != null && t.resolved.isBefore(t.mitigated)) {
            t.mitigated = null;
        }
    }

    IncidentDraft incident(ImportedFrontMatter front, String summary, String customerImpact, Stated stated) {
        String title = front.text("title");
        if (title == null || title.isBlank()) {
            notes.error("The file has no title: start it with a line \"# Title\" (or title: in the front matter).");
        }
        Severity severity = enumValue(Severity.class, front.value("severity"), "severity");
        if (severity == null) {
            severity = Severity.SEV3;
            notes.warn("No severity given; SEV3 is used.");
        }
        IncidentStatus status = enumValue(IncidentStatus.class, front.value("status"), "status");
        if (status == null) {
            status = IncidentStatus.RESOLVED;
            notes.warn("No status given; Resolved is used.");
        } else if (status.isSetByReview()) {
            // Only the review workflow reaches these, and reviews are not imported.
            status = IncidentStatus.RESOLVED;
            notes.warn("Imported as Resolved: review and publication are not imported.");
        }
        Instant started = instant("started", front.value("started"));
        Instant detected = instant("detected", front.value("detected"));
        Instant mitigated = instant("mitigated", front.value("mitigated"));
        Instant resolved = instant("resolved", front.value("resolved"));
        if (stated != null) {
            Times times = new Times(started, detected, mitigated, resolved);
            read(stated, times);
            started = times.started;
            detected = times.detected;
            mitigated = times.mitigated;
            resolved = times.resolved;
        }
        if (started == null) {
            started = now;
            notes.warn("No start of impact given; the time of the import (" + now + ") is used.");
        } else if (stated != null) {
            notes.structured.add("Impact started " + started + (resolved == null ? "" : "; resolved " + resolved) + ".");
        }
        if (stated != null && resolved == null && status.isResolved()) {
            notes.warn("No resolution time is stated; the time of the import is recorded as the resolution. Correct it after the import.");
        }
        return new IncidentDraft(title, summary, severity, status, started, detected, mitigated, resolved, customerImpact,
                front.strings("services"), front.strings("tags"));
    }

    static PostmortemDraft postmortem(Map<Section, String> t) {
        return new PostmortemDraft(t.get(Section.SUMMARY), t.get(Section.IMPACT), t.get(Section.TIMELINE), t.get(Section.LAUGH),
                t.get(Section.LEARN), t.get(Section.FIX), t.get(Section.SHARE));
    }

    /** An ISO-8601 UTC time, or null when none is given; one that cannot be read is an error naming {@code field}. */
    Instant instant(String field, Object value) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s.strip());
        } catch (RuntimeException e) {
            notes.error("The " + field + " time \"" + s + "\" is not an ISO-8601 UTC time such as 2026-03-14T09:30:00Z.");
            return null;
        }
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, Object value, String field) {
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, s.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            notes.warn("The " + field + " \"" + s + "\" is not one Hindsight knows; the default is used.");
            return null;
        }
    }
}
