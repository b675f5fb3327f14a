package io.hindsight.insight;

import io.hindsight.similar.Recurrence;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/** The datasets of the insights page, each a list of plain rows that the charts, tables, CSV and API all read. */
public final class InsightData {

    private InsightData() {
    }

    /** Incidents started in a month, by severity. */
    public record SeverityMonth(YearMonth month, long sev1, long sev2, long sev3, long sev4) {
        public long total() {
            return sev1 + sev2 + sev3 + sev4;
        }
    }

    /**
     * How long the incidents started in a month took, in seconds from their start: to be detected, mitigated and
     * resolved (median and 90th percentile over the incidents that reached that point; null when none did).
     */
    public record ResponseMonth(YearMonth month, long incidents, Double detectMedian, Double detectP90,
                                Double mitigateMedian, Double mitigateP90, Double resolveMedian, Double resolveP90) {
    }

    /** Action items opened in a month, done in it, and still open although they were due in it. */
    public record ActionMonth(YearMonth month, long opened, long done, long overdue) {
    }

    /** One library checklist over the incidents it was attached to: how far its items got, and what needs checking again. */
    public record ChecklistRow(String slug, String name, long attached, long items, long done, long notApplicable,
                               long open, long reverifyOverdue, long reverifyDueSoon) {
        /** Items done or not applicable, as a whole percentage of all items. */
        public long completionPercent() {
            return items == 0 ? 0 : Math.round(100.0 * (done + notApplicable) / items);
        }
    }

    /** A contributing factor, tag or service and how many incidents it was on. */
    public record Ranked(String label, long incidents) {
    }

    /** How many of the fixes done in a month were followed by a similar incident. */
    public record RecurrenceMonth(YearMonth month, long recurrences) {
    }

    /** Every dataset for one filter. */
    public record Report(InsightFilter filter, long incidents, List<SeverityMonth> severities, List<ResponseMonth> responses,
                         List<ActionMonth> actions, List<ChecklistRow> checklists, List<Ranked> factors, List<Ranked> tags,
                         List<Ranked> services, List<Recurrence> recurrences) {

        /** The recurrences by the month their fix was done, one row per month of the range. */
        public List<RecurrenceMonth> recurrenceMonths() {
            return filter.months().stream().map(month -> new RecurrenceMonth(month, recurrences.stream()
                    .filter(r -> YearMonth.from(r.doneAt().atOffset(ZoneOffset.UTC)).equals(month)).count())).toList();
        }
    }
}
