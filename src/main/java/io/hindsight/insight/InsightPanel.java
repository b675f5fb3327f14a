package io.hindsight.insight;

import io.hindsight.insight.Chart.Series;
import io.hindsight.insight.InsightData.ActionMonth;
import io.hindsight.insight.InsightData.ChecklistRow;
import io.hindsight.insight.InsightData.Ranked;
import io.hindsight.insight.InsightData.RecurrenceMonth;
import io.hindsight.insight.InsightData.Report;
import io.hindsight.insight.InsightData.ResponseMonth;
import io.hindsight.insight.InsightData.SeverityMonth;
import io.hindsight.similar.Recurrence;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * One section of the insights page: its charts, the dataset's table beside them and the CSV to download. The charts
 * draw the same rows the table lists.
 */
public record InsightPanel(InsightDataset dataset, String explanation, List<Chart> charts, InsightDataset.Table table,
                           String emptyMessage, List<Recurrence> recurrences) {

    InsightPanel(InsightDataset dataset, String explanation, List<Chart> charts, InsightDataset.Table table, String emptyMessage) {
        this(dataset, explanation, charts, table, emptyMessage, List.of());
    }

    // Colours with at least 3:1 contrast on white, the severities as everywhere else in the portal.
    private static final List<Series> SEVERITIES = List.of(new Series("SEV1", "#b3261e"), new Series("SEV2", "#c2570c"),
            new Series("SEV3", "#8a6d00"), new Series("SEV4", "#5d6878"));
    private static final String BLUE = "#1f5fae";
    private static final String GREEN = "#1d7a46";
    private static final String RED = "#b3261e";
    private static final String ORANGE = "#c2570c";
    private static final String GREY = "#5d6878";
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    public boolean hasRows() {
        return dataset == InsightDataset.RECURRENCES ? !recurrences.isEmpty() : !table.rows().isEmpty();
    }

    /** Every panel of the page, in reading order. */
    public static List<InsightPanel> all(Report report) {
        List<String> months = report.severities().stream().map(m -> label(m.month())).toList();
        String range = report.filter().describe() + ".";
        List<InsightPanel> panels = new ArrayList<>();

        Double[][] severity = new Double[months.size()][];
        for (int i = 0; i < months.size(); i++) {
            SeverityMonth m = report.severities().get(i);
            severity[i] = new Double[] {(double) m.sev1(), (double) m.sev2(), (double) m.sev3(), (double) m.sev4()};
        }
        panels.add(panel(InsightDataset.INCIDENTS_BY_SEVERITY, report,
                "Each bar is a month, by when incidents started (UTC); its segments are the severities.",
                null, new Chart("chart-severity", "Incidents per month by severity",
                        "Stacked bars: incidents started per month, split by severity. " + range,
                        false, months, SEVERITIES, severity, true, "Month started", "Incidents", InsightPanel::whole)));

        List<Chart> durations = new ArrayList<>();
        durations.add(duration("chart-detect", "Time to detect", range, months, report.responses(),
                ResponseMonth::detectMedian, ResponseMonth::detectP90));
        durations.add(duration("chart-mitigate", "Time to mitigate", range, months, report.responses(),
                ResponseMonth::mitigateMedian, ResponseMonth::mitigateP90));
        durations.add(duration("chart-resolve", "Time to resolve", range, months, report.responses(),
                ResponseMonth::resolveMedian, ResponseMonth::resolveP90));
        panels.add(new InsightPanel(InsightDataset.RESPONSE_TIMES,
                "From an incident's start to when it was detected, mitigated and resolved: the median and the 90th percentile of "
                        + "the incidents started that month that reached that point. A gap means none did.",
                durations, InsightDataset.RESPONSE_TIMES.table(report), null));

        Double[][] actions = new Double[months.size()][];
        for (int i = 0; i < months.size(); i++) {
            ActionMonth m = report.actions().get(i);
            actions[i] = new Double[] {(double) m.opened(), (double) m.done(), (double) m.overdue()};
        }
        panels.add(panel(InsightDataset.ACTION_ITEMS, report,
                "Per month: action items opened, action items done, and action items due that month that are still open today "
                        + "(overdue). Items of incidents of any date with the chosen severity and service.",
                null, new Chart("chart-actions", "Action items opened, done and overdue",
                        "Grouped bars per month: action items opened, done, and due that month but still open. " + range,
                        false, months, List.of(new Series("Opened", BLUE), new Series("Done", GREEN), new Series("Overdue", RED)),
                        actions, false, "Month", "Action items", InsightPanel::whole)));

        List<String> checklistNames = report.checklists().stream().map(ChecklistRow::name).toList();
        Double[][] completion = new Double[checklistNames.size()][];
        Double[][] reverify = new Double[checklistNames.size()][];
        for (int i = 0; i < checklistNames.size(); i++) {
            ChecklistRow c = report.checklists().get(i);
            completion[i] = new Double[] {(double) c.done(), (double) c.notApplicable(), (double) c.open()};
            reverify[i] = new Double[] {(double) c.reverifyOverdue(), (double) c.reverifyDueSoon()};
        }
        panels.add(new InsightPanel(InsightDataset.CHECKLISTS,
                "Items of the checklists attached to these incidents, by state; and ticked items whose re-verification is overdue "
                        + "or due within 30 days, on incidents of any date with the chosen severity and service.",
                checklistNames.isEmpty() ? List.of() : List.of(
                        new Chart("chart-checklists", "Checklist completion",
                                "Stacked bars per checklist: items done, not applicable and open. " + range,
                                true, checklistNames, List.of(new Series("Done", GREEN), new Series("Not applicable", GREY),
                                        new Series("Open", ORANGE)), completion, true, "Checklist", "Items", InsightPanel::whole),
                        new Chart("chart-reverify", "Re-verifications due by checklist",
                                "Stacked bars per checklist: ticked items whose re-verification is overdue, and due within 30 days.",
                                true, checklistNames, List.of(new Series("Overdue", RED), new Series("Due within 30 days", ORANGE)),
                                reverify, true, "Checklist", "Items to verify again", InsightPanel::whole)),
                InsightDataset.CHECKLISTS.table(report), "No checklists were attached to these incidents."));

        panels.add(ranked(InsightDataset.CONTRIBUTING_FACTORS, report, report.factors(), "chart-factors",
                "The contributing factors ticked most often in the published postmortems of these incidents.", "Contributing factor",
                "No published postmortem of these incidents names a contributing factor yet.", range));
        panels.add(ranked(InsightDataset.TAGS, report, report.tags(), "chart-tags",
                "The tags on most of these incidents.", "Tag", "None of these incidents is tagged.", range));
        panels.add(ranked(InsightDataset.SERVICES, report, report.services(), "chart-services",
                "The services most of these incidents affected.", "Service", "None of these incidents names a service.", range));
        panels.add(recurrences(report, months, range));
        return panels;
    }

    /**
     * Fixes that did not hold: a column per month of how many fixes done that month were followed by a similar
     * incident, its numbers beside it, and each recurrence listed with links to both incidents and the fix.
     */
    private static InsightPanel recurrences(Report report, List<String> months, String range) {
        List<RecurrenceMonth> byMonth = report.recurrenceMonths();
        Double[][] values = new Double[byMonth.size()][];
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < byMonth.size(); i++) {
            values[i] = new Double[] {(double) byMonth.get(i).recurrences()};
            rows.add(List.of(byMonth.get(i).month().toString(), Long.toString(byMonth.get(i).recurrences())));
        }
        List<Chart> charts = report.recurrences().isEmpty() ? List.of() : List.of(new Chart("chart-recurrences",
                "Recurrences after fixes per month",
                "Columns per month: fixes done that month (action items completed, checklist items ticked) that were followed by "
                        + "a similar incident. " + range,
                false, months, List.of(new Series("Recurrences", RED)), values, false, "Month the fix was done", "Recurrences",
                InsightPanel::whole));
        return new InsightPanel(InsightDataset.RECURRENCES,
                "Action items completed and checklist items ticked in this range, on incidents of the chosen service and severity, "
                        + "that were followed by a similar incident (sharing a service, alike in title, words and tags): a fix "
                        + "that did not hold is a lesson too. The " + InsightService.MAX_FIXES + " most recent fixes of the range "
                        + "are examined.",
                charts, new InsightDataset.Table(List.of("Month the fix was done", "Recurrences"), rows),
                "No fix done in this range was followed by a similar incident: so far, the fixes held.", report.recurrences());
    }

    private static InsightPanel panel(InsightDataset dataset, Report report, String explanation, String empty, Chart chart) {
        return new InsightPanel(dataset, explanation, List.of(chart), dataset.table(report), empty);
    }

    private static InsightPanel ranked(InsightDataset dataset, Report report, List<Ranked> ranked, String id, String explanation,
                                       String what, String empty, String range) {
        List<String> labels = ranked.stream().map(Ranked::label).toList();
        Double[][] values = new Double[labels.size()][];
        for (int i = 0; i < labels.size(); i++) {
            values[i] = new Double[] {(double) ranked.get(i).incidents()};
        }
        List<Chart> charts = labels.isEmpty() ? List.of() : List.of(new Chart(id, dataset.title(),
                "Horizontal bars: the " + labels.size() + " most frequent, by number of incidents. " + range,
                true, labels, List.of(new Series("Incidents", BLUE)), values, false, what, "Incidents", InsightPanel::whole));
        return new InsightPanel(dataset, explanation, charts, dataset.table(report), empty);
    }

    /** Median and p90 side by side per month, in minutes, hours or days, whichever suits the longest. */
    private static Chart duration(String id, String title, String range, List<String> months, List<ResponseMonth> rows,
                                  Function<ResponseMonth, Double> median, Function<ResponseMonth, Double> p90) {
        double longest = 0;
        for (ResponseMonth m : rows) {
            longest = Math.max(longest, Math.max(orZero(median.apply(m)), orZero(p90.apply(m))));
        }
        Unit unit = longest < 3 * 3600 ? Unit.MINUTES : longest < 72 * 3600 ? Unit.HOURS : Unit.DAYS;
        Double[][] values = new Double[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            values[i] = new Double[] {unit.of(median.apply(rows.get(i))), unit.of(p90.apply(rows.get(i)))};
        }
        return new Chart(id, title + " (median and p90)",
                "Grouped bars per month: median and 90th percentile of the " + title.toLowerCase(Locale.ROOT) + ", in "
                        + unit.words + " from the incident's start. " + range,
                false, months, List.of(new Series("Median", BLUE), new Series("90th percentile", ORANGE)), values, false,
                "Month started", unit.axis, unit.format);
    }

    private enum Unit {
        MINUTES(60, "minutes", "Minutes", v -> trim(v) + " min"),
        HOURS(3600, "hours", "Hours", v -> trim(v) + " h"),
        DAYS(86400, "days", "Days", v -> trim(v) + " d");

        final double seconds;
        final String words;
        final String axis;
        final DoubleFunction<String> format;

        Unit(double seconds, String words, String axis, DoubleFunction<String> format) {
            this.seconds = seconds;
            this.words = words;
            this.axis = axis;
            this.format = format;
        }

        Double of(Double value) {
            return value == null ? null : value / seconds;
        }
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static String whole(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String trim(double value) {
        return value >= 10 || value == Math.rint(value) ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String label(YearMonth month) {
        return month.format(MONTH);
    }
}
