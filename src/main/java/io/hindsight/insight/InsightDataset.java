package io.hindsight.insight;

import io.hindsight.insight.InsightData.ActionMonth;
import io.hindsight.insight.InsightData.ChecklistRow;
import io.hindsight.insight.InsightData.Ranked;
import io.hindsight.insight.InsightData.Report;
import io.hindsight.insight.InsightData.ResponseMonth;
import io.hindsight.insight.InsightData.SeverityMonth;
import io.hindsight.similar.Recurrence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each dataset of the insights page as a table: the same headers and cells for the table beside its chart and for its
 * CSV download ({@code /insights/<file>.csv}), so the two can never disagree. Durations are minutes from the
 * incident's start, with one decimal; an empty cell means no incident reached that point in the month.
 */
public enum InsightDataset {
    INCIDENTS_BY_SEVERITY("incidents-by-severity", "Incidents per month by severity", report -> {
        List<List<String>> rows = new ArrayList<>();
        for (SeverityMonth m : report.severities()) {
            rows.add(List.of(m.month().toString(), n(m.sev1()), n(m.sev2()), n(m.sev3()), n(m.sev4()), n(m.total())));
        }
        return new Table(List.of("Month", "SEV1", "SEV2", "SEV3", "SEV4", "Total"), rows);
    }),
    RESPONSE_TIMES("response-times", "Time to detect, mitigate and resolve", report -> {
        List<List<String>> rows = new ArrayList<>();
        for (ResponseMonth m : report.responses()) {
            rows.add(List.of(m.month().toString(), n(m.incidents()), minutes(m.detectMedian()), minutes(m.detectP90()),
                    minutes(m.mitigateMedian()), minutes(m.mitigateP90()), minutes(m.resolveMedian()), minutes(m.resolveP90())));
        }
        return new Table(List.of("Month", "Incidents", "Detect median (min)", "Detect p90 (min)", "Mitigate median (min)",
                "Mitigate p90 (min)", "Resolve median (min)", "Resolve p90 (min)"), rows);
    }),
    ACTION_ITEMS("action-items", "Action items opened, done and overdue", report -> {
        List<List<String>> rows = new ArrayList<>();
        for (ActionMonth m : report.actions()) {
            rows.add(List.of(m.month().toString(), n(m.opened()), n(m.done()), n(m.overdue())));
        }
        return new Table(List.of("Month", "Opened", "Done", "Overdue (due this month, still open)"), rows);
    }),
    CHECKLISTS("checklists", "Checklist completion and re-verifications due", report -> {
        List<List<String>> rows = new ArrayList<>();
        for (ChecklistRow c : report.checklists()) {
            rows.add(List.of(c.name(), n(c.attached()), n(c.items()), n(c.done()), n(c.notApplicable()), n(c.open()),
                    n(c.completionPercent()), n(c.reverifyOverdue()), n(c.reverifyDueSoon())));
        }
        return new Table(List.of("Checklist", "Attached to incidents", "Items", "Done", "Not applicable", "Open", "Complete (%)",
                "Re-verification overdue", "Re-verification due within 30 days"), rows);
    }),
    CONTRIBUTING_FACTORS("contributing-factors", "Top contributing factors", report -> ranked("Contributing factor", report.factors())),
    TAGS("tags", "Top tags", report -> ranked("Tag", report.tags())),
    SERVICES("services", "Top services", report -> ranked("Service", report.services())),
    RECURRENCES("recurrences", "Recurrences after fixes", report -> {
        List<List<String>> rows = new ArrayList<>();
        for (Recurrence r : report.recurrences()) {
            rows.add(List.of(day(r.doneAt()), r.fix().kind().label(), r.fix().title(), n(r.fixedIncidentId()),
                    r.fixedIncidentTitle(), n(r.recurredIncidentId()), r.recurredIncidentTitle(), day(r.recurredAt()),
                    n(r.daysAfter())));
        }
        return new Table(List.of("Fix done on", "Kind", "Fix", "Fixed incident", "Fixed incident title", "Recurred as incident",
                "Recurred incident title", "Recurred on", "Days after the fix"), rows);
    });

    /** Headers and rows of text cells. */
    public record Table(List<String> headers, List<List<String>> rows) {
    }

    private final String file;
    private final String title;
    private final Function<Report, Table> table;

    InsightDataset(String file, String title, Function<Report, Table> table) {
        this.file = file;
        this.title = title;
        this.table = table;
    }

    /** The name of its CSV file without {@code .csv}, e.g. {@code incidents-by-severity}. */
    public String file() {
        return file;
    }

    /** The dataset whose CSV file is named {@code file} (without {@code .csv}). */
    public static Optional<InsightDataset> byFile(String file) {
        for (InsightDataset dataset : values()) {
            if (dataset.file.equals(file)) {
                return Optional.of(dataset);
            }
        }
        return Optional.empty();
    }

    public String title() {
        return title;
    }

    public Table table(Report report) {
        return table.apply(report);
    }

    private static Table ranked(String what, List<Ranked> ranked) {
        List<List<String>> rows = new ArrayList<>();
        for (Ranked r : ranked) {
            rows.add(List.of(r.label(), n(r.incidents())));
        }
        return new Table(List.of(what, "Incidents"), rows);
    }

    private static String day(java.time.Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    private static String n(long value) {
        return Long.toString(value);
    }

    /** Seconds as minutes with one decimal; empty for no value. */
    static String minutes(Double seconds) {
        return seconds == null ? "" : String.format(Locale.ROOT, "%.1f", seconds / 60.0);
    }
}
