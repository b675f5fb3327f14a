package io.hindsight.insight;

import io.hindsight.insight.InsightData.ActionMonth;
import io.hindsight.insight.InsightData.ChecklistRow;
import io.hindsight.insight.InsightData.Ranked;
import io.hindsight.insight.InsightData.Report;
import io.hindsight.insight.InsightData.ResponseMonth;
import io.hindsight.insight.InsightData.SeverityMonth;
import io.hindsight.similar.Recurrence;
import io.hindsight.similar.Recurrences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers behind the insights page: SQL aggregates over the incidents a filter selects (never trashed ones), grouped
 * by calendar month in UTC. Every dataset reads rollups kept by the database (V24, V31, V32: whole months, or days for
 * action items) plus the days at the range's edges from the source tables, so a request reads a bounded number of rows
 * whatever the history: severities and response-time percentiles (kept exact per month: the page shows them per month),
 * top lists, action items, checklist completion; re-verifications due read the rollup by due month for the months before
 * this one and this month and the next 30 days live. The Java side only fills in months without any row, so every
 * chart has one bar per month.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class InsightService {

    /** How many factors, tags and services the top lists show. */
    static final int TOP = 10;

    /**
     * How many of the fixes done in the range (the most recent first) the recurrence panel examines: each costs up to
     * a hundred later incidents to score, so the panel stays fast over years of history.
     */
    static final int MAX_FIXES = 200;

    /** How far ahead a re-verification counts as due soon. */
    static final Duration DUE_SOON = Duration.ofDays(30);

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Recurrences recurrences;

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Every dataset for the filter, read in one transaction so that they agree with each other. */
    @Transactional
    public Report report(InsightFilter filter) {
        List<SeverityMonth> severities = new ArrayList<>();
        List<ResponseMonth> responses = new ArrayList<>();
        long incidents = incidentMonths(filter, severities, responses);
        List<Ranked> factors = new ArrayList<>();
        List<Ranked> tags = new ArrayList<>();
        List<Ranked> services = new ArrayList<>();
        topLists(filter, factors, tags, services);
        return new Report(filter, incidents, severities, responses, actionMonths(filter), checklists(filter),
                factors, tags, services, recurrences(filter));
    }

    /**
     * What one dataset's CSV file needs, in one transaction: only that dataset's statements run (the incident count
     * and monthly charts share one); the other lists of the report are empty.
     */
    @Transactional
    public Report report(InsightFilter filter, InsightDataset dataset) {
        List<SeverityMonth> severities = new ArrayList<>();
        List<ResponseMonth> responses = new ArrayList<>();
        long incidents = 0;
        if (dataset == InsightDataset.INCIDENTS_BY_SEVERITY || dataset == InsightDataset.RESPONSE_TIMES) {
            incidents = incidentMonths(filter, severities, responses);
        }
        List<Ranked> factors = new ArrayList<>();
        List<Ranked> tags = new ArrayList<>();
        List<Ranked> services = new ArrayList<>();
        if (dataset == InsightDataset.CONTRIBUTING_FACTORS || dataset == InsightDataset.TAGS || dataset == InsightDataset.SERVICES) {
            topLists(filter, factors, tags, services);
        }
        return new Report(filter, incidents, severities, responses,
                dataset == InsightDataset.ACTION_ITEMS ? actionMonths(filter) : List.of(),
                dataset == InsightDataset.CHECKLISTS ? checklists(filter) : List.of(),
                factors, tags, services,
                dataset == InsightDataset.RECURRENCES ? recurrences(filter) : List.of());
    }

    /** Whether any incident at all (outside the Trash) exists, for the first-run empty state. */
    public boolean anyIncident() {
        return !em.createNativeQuery("SELECT 1 FROM incident WHERE deleted_at IS NULL LIMIT 1").getResultList().isEmpty();
    }

    // --- incidents per month: severities and response times in one pass --------------------------------------------

    /**
     * Per month of the range: incidents by severity and the median and 90th percentile of their times to detect,
     * mitigate and resolve. Whole past months come from the rollup {@code insight_incident_month} (V32), which keeps each
     * month's exact {@code percentile_cont} values per severity and for all severities (''); the days at the edges from
     * the incidents themselves through the function that fills it. A month is never split between the two, so its
     * percentiles are those of all its incidents.
     */
    long incidentMonths(InsightFilter filter, List<SeverityMonth> severities, List<ResponseMonth> responses) {
        Spans spans = spans(filter);
        Query query = em.createNativeQuery("""
                SELECT to_char(month, 'YYYY-MM'), severity, incidents, detect, mitigate, resolve FROM (
                    SELECT month, severity, incidents, detect, mitigate, resolve FROM insight_incident_month
                    WHERE service = :service AND month >= :fullStart AND month < :fullEnd""" + severityOf(filter) + """
                """ + spans.edges("SELECT month, severity, incidents, detect, mitigate, resolve FROM insight_incident_rows(%s, %s, :service, "
                + severityArgument(filter) + ")") + """
                ) AS months""");
        spans.bind(query, filter);
        // Counts from the rows of each severity; percentiles from the row of the chosen severity, or of all ('').
        String wanted = filter.severity() == null ? "" : filter.severity().name();
        Map<YearMonth, long[]> counts = new HashMap<>();
        Map<YearMonth, Object[]> times = new HashMap<>();
        for (Object[] row : rows(query)) {
            YearMonth month = YearMonth.parse((String) row[0]);
            String severity = (String) row[1];
            if (!severity.isEmpty()) {
                counts.computeIfAbsent(month, m -> new long[4])[Integer.parseInt(severity.substring(3)) - 1] += count(row[2]);
            }
            if (severity.equals(wanted)) {
                times.put(month, row);
            }
        }
        long total = 0;
        for (YearMonth month : filter.months()) {
            long[] c = counts.get(month);
            if (c == null) {
                severities.add(new SeverityMonth(month, 0, 0, 0, 0));
                responses.add(new ResponseMonth(month, 0, null, null, null, null, null, null));
                continue;
            }
            SeverityMonth severity = new SeverityMonth(month, c[0], c[1], c[2], c[3]);
            total += severity.total();
            severities.add(severity);
            Object[] row = times.get(month);
            Double[] detect = row == null ? new Double[2] : percentiles(row[3]);
            Double[] mitigate = row == null ? new Double[2] : percentiles(row[4]);
            Double[] resolve = row == null ? new Double[2] : percentiles(row[5]);
            responses.add(new ResponseMonth(month, severity.total(), detect[0], detect[1], mitigate[0], mitigate[1], resolve[0], resolve[1]));
        }
        return total;
    }

    // --- action items ----------------------------------------------------------------------------------------------

    /**
     * Per month of the range: action items opened in it, done in it, and those due in it that are still open or in
     * progress today (overdue). Items of incidents of the filter's severity and service, whenever the incident was; all
     * read from the daily rollup {@code insight_action_day} (V24).
     */
    List<ActionMonth> actionMonths(InsightFilter filter) {
        Query query = em.createNativeQuery("""
                SELECT to_char(date_trunc('month', day), 'YYYY-MM'), sum(opened), sum(done), sum(open_due) FILTER (WHERE day < :today)
                FROM insight_action_day
                WHERE service = :service AND day >= :fromDay AND day <= :toDay""" + severityOf(filter) + """
                GROUP BY date_trunc('month', day)""");
        query.setParameter("service", filter.service() == null ? "" : filter.service());
        if (filter.severity() != null) {
            query.setParameter("severity", filter.severity().name());
        }
        query.setParameter("today", today());
        query.setParameter("fromDay", filter.from());
        query.setParameter("toDay", filter.to());
        Map<YearMonth, Object[]> byMonth = byMonth(query);
        List<ActionMonth> months = new ArrayList<>();
        for (YearMonth month : filter.months()) {
            Object[] row = byMonth.get(month);
            months.add(row == null ? new ActionMonth(month, 0, 0, 0) : new ActionMonth(month, count(row[1]), count(row[2]), count(row[3])));
        }
        return months;
    }

    // --- checklists ------------------------------------------------------------------------------------------------

    /**
     * Per library checklist: on the filter's incidents, how many items are done, not applicable or open; and, for
     * every incident of the filter's severity and service whenever it happened, how many ticked items are due for
     * re-verification now or within {@link #DUE_SOON}: a check that needs repeating is due whatever the incident's age.
     */
    List<ChecklistRow> checklists(InsightFilter filter) {
        Instant now = clock.instant();
        Spans spans = spans(filter);
        Query completion = em.createNativeQuery("""
                SELECT slug, sum(attached), sum(items), sum(done), sum(not_applicable), sum(open) FROM (
                    SELECT slug, attached, items, done, not_applicable, open FROM insight_checklist_month
                    WHERE service = :service AND month >= :fullStart AND month < :fullEnd""" + severityOf(filter) + """
                """ + spans.edges("SELECT slug, attached, items, done, not_applicable, open FROM insight_checklist_rows(%s, %s, :service, "
                + severityArgument(filter) + ")") + """
                ) AS months
                GROUP BY slug""");
        spans.bind(completion, filter);
        // Overdue: the months before this one from the rollup insight_reverify_month (V32), this month's items live;
        // due soon: live. The live part reads the due dates from the start of this month to 30 days ahead, and looks up
        // each one's checklist and incident by key (OFFSET 0 keeps the planner from hashing every checklist instead).
        LocalDate thisMonth = YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC)).atDay(1);
        Query reverify = em.createNativeQuery("""
                SELECT slug, sum(overdue), sum(soon) FROM (
                    SELECT slug, items AS overdue, 0 AS soon FROM insight_reverify_month
                    WHERE service = :service AND month < :thisMonth""" + severityOf(filter) + """
                    UNION ALL
                    SELECT k.slug, count(*) FILTER (WHERE ci.reverify_due_at <= :now), count(*) FILTER (WHERE ci.reverify_due_at > :now)
                    FROM incident_checklist_item ci
                         CROSS JOIN LATERAL (SELECT c.slug FROM incident_checklist c JOIN incident i ON i.id = c.incident_id
                                             WHERE c.id = ci.checklist_id AND""" + incidentWhere(filter) + """
                                             OFFSET 0) AS k
                    WHERE ci.state = 'DONE' AND ci.reverify_due_at >= :thisMonthStart AND ci.reverify_due_at <= :soon
                    GROUP BY k.slug
                ) AS due
                GROUP BY slug""");
        reverify.setParameter("service", filter.service() == null ? "" : filter.service());
        if (filter.severity() != null) {
            reverify.setParameter("severity", filter.severity().name());
        }
        reverify.setParameter("thisMonth", thisMonth);
        reverify.setParameter("thisMonthStart", instant(thisMonth));
        reverify.setParameter("now", now);
        reverify.setParameter("soon", now.plus(DUE_SOON));
        Map<String, long[]> bySlug = new HashMap<>();
        for (Object[] row : rows(completion)) {
            long[] counts = bySlug.computeIfAbsent((String) row[0], s -> new long[7]);
            for (int k = 0; k < 5; k++) {
                counts[k] = count(row[k + 1]);
            }
        }
        for (Object[] row : rows(reverify)) {
            long[] counts = bySlug.computeIfAbsent((String) row[0], s -> new long[7]);
            counts[5] = count(row[1]);
            counts[6] = count(row[2]);
        }
        if (bySlug.isEmpty()) {
            return List.of();
        }
        Map<String, String> names = new HashMap<>();
        for (Object[] row : rows(em.createNativeQuery("SELECT slug, name FROM checklist_template WHERE current AND slug IN (:slugs)")
                .setParameter("slugs", bySlug.keySet()))) {
            names.put((String) row[0], (String) row[1]);
        }
        List<ChecklistRow> result = new ArrayList<>();
        bySlug.forEach((slug, c) -> result.add(new ChecklistRow(slug, names.getOrDefault(slug, slug), c[0], c[1], c[2], c[3], c[4], c[5], c[6])));
        result.sort(java.util.Comparator.comparing(ChecklistRow::name, String.CASE_INSENSITIVE_ORDER).thenComparing(ChecklistRow::slug));
        return result;
    }

    // --- recurrences after fixes ----------------------------------------------------------------------------------

    /**
     * Fixes done in the range (action items completed, checklist items ticked) on incidents of the filter's service
     * that were followed by a similar incident; with a severity, only fixes of incidents of that severity.
     */
    List<Recurrence> recurrences(InsightFilter filter) {
        List<Recurrence> found = recurrences.recurrencesAfterFixes(filter.start(), filter.end(), filter.service(), MAX_FIXES);
        if (filter.severity() == null || found.isEmpty()) {
            return found;
        }
        @SuppressWarnings("unchecked")
        List<Number> ofSeverity = em.createNativeQuery("SELECT id FROM incident WHERE id = ANY (CAST(:ids AS bigint[])) AND severity = :severity")
                .setParameter("ids", found.stream().map(r -> Long.toString(r.fixedIncidentId())).distinct()
                        .collect(java.util.stream.Collectors.joining(",", "{", "}")))
                .setParameter("severity", filter.severity().name())
                .getResultList();
        java.util.Set<Long> ids = new java.util.HashSet<>();
        ofSeverity.forEach(id -> ids.add(id.longValue()));
        return found.stream().filter(r -> ids.contains(r.fixedIncidentId())).toList();
    }

    // --- top lists -------------------------------------------------------------------------------------------------

    /**
     * The contributing factors ticked most often in the published postmortems of the filter's incidents, and the tags
     * and services on most of them: one read of the incidents for all three lists.
     */
    void topLists(InsightFilter filter, List<Ranked> factors, List<Ranked> tags, List<Ranked> services) {
        Spans spans = spans(filter);
        Query query = em.createNativeQuery("""
                SELECT r.kind, CASE WHEN r.kind = 'factor' THEN coalesce(lf.label, r.label) ELSE r.label END, r.n FROM (
                    SELECT kind, label, n, row_number() OVER (PARTITION BY kind ORDER BY n DESC, label) AS rank FROM (
                        SELECT kind, label, sum(incidents) AS n FROM (
                            SELECT kind, label, incidents FROM insight_label_month
                            WHERE service = :service AND month >= :fullStart AND month < :fullEnd""" + severityOf(filter) + """
                        """ + spans.edges("SELECT kind, label, incidents FROM insight_label_rows(%s, %s, :service, "
                + severityArgument(filter) + ")") + """
                        ) AS months
                        GROUP BY kind, label) AS counted) AS r
                     LEFT JOIN lesson_factor lf ON r.kind = 'factor' AND lf.factor_key = r.label
                WHERE r.rank <= :top""");
        spans.bind(query, filter);
        query.setParameter("top", TOP);
        for (Object[] row : rows(query)) {
            Ranked ranked = new Ranked((String) row[1], count(row[2]));
            switch ((String) row[0]) {
                case "factor" -> factors.add(ranked);
                case "tag" -> tags.add(ranked);
                default -> services.add(ranked);
            }
        }
        java.util.Comparator<Ranked> order = java.util.Comparator.comparingLong(Ranked::incidents).reversed().thenComparing(Ranked::label);
        factors.sort(order);
        tags.sort(order);
        services.sort(order);
    }

    // --- the rollups: whole months from V24's tables, the days at the edges from the source tables -----------------

    /**
     * The filter's range split in three: the whole months before the current one, read from the rollups
     * ({@code fullStart} to {@code fullEnd}, first days of months), and the days before and after them, computed from the
     * source tables by the same functions that fill the rollups. A range inside one month, or one that only reaches
     * into the current month, is all edge.
     */
    record Spans(LocalDate fullStart, LocalDate fullEnd, Instant firstStart, Instant firstEnd, Instant lastStart, Instant lastEnd) {

        /** The source-table reads of the edges that hold any day, each after UNION ALL; {@code select} has two %s. */
        String edges(String select) {
            StringBuilder sql = new StringBuilder();
            if (firstStart.isBefore(firstEnd)) {
                sql.append(" UNION ALL ").append(select.formatted(":firstStart", ":firstEnd"));
            }
            if (lastStart.isBefore(lastEnd)) {
                sql.append(" UNION ALL ").append(select.formatted(":lastStart", ":lastEnd"));
            }
            return sql.append('\n').toString();
        }

        void bind(Query query, InsightFilter filter) {
            query.setParameter("service", filter.service() == null ? "" : filter.service());
            query.setParameter("fullStart", fullStart);
            query.setParameter("fullEnd", fullEnd);
            if (firstStart.isBefore(firstEnd)) {
                query.setParameter("firstStart", firstStart);
                query.setParameter("firstEnd", firstEnd);
            }
            if (lastStart.isBefore(lastEnd)) {
                query.setParameter("lastStart", lastStart);
                query.setParameter("lastEnd", lastEnd);
            }
            if (filter.severity() != null) {
                query.setParameter("severity", filter.severity().name());
            }
        }
    }

    Spans spans(InsightFilter filter) {
        LocalDate from = filter.from();
        LocalDate end = filter.to().plusDays(1);
        LocalDate fullStart = from.getDayOfMonth() == 1 ? from : YearMonth.from(from).plusMonths(1).atDay(1);
        LocalDate endMonth = YearMonth.from(end).atDay(1);
        LocalDate thisMonth = YearMonth.from(today()).atDay(1);
        LocalDate fullEnd = endMonth.isBefore(thisMonth) ? endMonth : thisMonth;
        if (!fullEnd.isAfter(fullStart)) {
            fullStart = from;
            fullEnd = from;
        }
        return new Spans(fullStart, fullEnd, instant(from), instant(fullStart), instant(fullEnd), instant(end));
    }

    private static Instant instant(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String severityOf(InsightFilter filter) {
        return filter.severity() == null ? "\n" : " AND severity = :severity\n";
    }

    private static String severityArgument(InsightFilter filter) {
        return filter.severity() == null ? "NULL" : ":severity";
    }

    // --- the shared condition --------------------------------------------------------------------------------------

    /** The condition on incident {@code i}: never trashed; of the severity and service. */
    private static String incidentWhere(InsightFilter filter) {
        StringBuilder where = new StringBuilder(" i.deleted_at IS NULL");
        if (filter.severity() != null) {
            where.append(" AND i.severity = :severity");
        }
        if (filter.service() != null) {
            where.append(" AND i.affected_services @> ARRAY[CAST(:service AS text)]");
        }
        return where.append('\n').toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    private static Map<YearMonth, Object[]> byMonth(Query query) {
        Map<YearMonth, Object[]> map = new HashMap<>();
        for (Object[] row : rows(query)) {
            map.put(YearMonth.parse((String) row[0]), row);
        }
        return map;
    }

    private static long count(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The two values of {@code percentile_cont(ARRAY[0.5, 0.9])}: nulls when no incident reached that point. */
    private static Double[] percentiles(Object value) {
        Double[] result = new Double[2];
        if (value instanceof Object[] array) {
            for (int k = 0; k < 2 && k < array.length; k++) {
                result[k] = array[k] == null ? null : ((Number) array[k]).doubleValue();
            }
        } else if (value instanceof java.sql.Array sql) {
            try {
                return percentiles(sql.getArray());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return result;
    }
}
