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
 * by calendar month in UTC, one statement per dataset. Every dataset reads rollups kept by the database (V24, V32, kept
 * at commit by V35): whole months, or days for action items, the running month included; only a month the range cuts
 * while it holds incidents outside the range (a range starting or ending mid-month in the past) is computed from the
 * source tables, by the function that fills the rollup. So a request reads a bounded number of rows whatever the
 * history: severities and response-time percentiles (kept exact per month: the page shows them per month), top lists,
 * action items, checklist completion; re-verifications due read the rollup by due month for the months before this
 * one and this month and the next 30 days live; the recurrences after fixes examine the 200 most recent fixes and are
 * kept between changes ({@link Recurrences}). The Java side only fills in months without any row, so every chart has
 * one bar per month.
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
     * mitigate and resolve, from the rollup {@code insight_incident_month} (V32), which keeps each month's exact
     * {@code percentile_cont} values per severity and for all severities (''); a month cut by the range that holds
     * incidents outside it from the incidents themselves through the function that fills it ({@link Spans}). A month
     * is never split between the two, so its percentiles are those of all its incidents.
     */
    long incidentMonths(InsightFilter filter, List<SeverityMonth> severities, List<ResponseMonth> responses) {
        Spans spans = spans(filter);
        Query query = em.createNativeQuery("SELECT to_char(month, 'YYYY-MM'), severity, incidents, detect, mitigate, resolve FROM ("
                + spans.months("month, severity, incidents, detect, mitigate, resolve", "insight_incident_month", "insight_incident_rows", filter)
                + ") AS months");
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
        // Completion: as the other monthly datasets. Overdue re-verifications (due by now): the months before this one
        // from the rollup insight_reverify_month (V32), the days of this month before today from insight_reverify_day
        // (V35), today's items live. Due soon (after now, within 30 days): today's items live, the days from tomorrow
        // to the 30th day ahead from insight_reverify_day, that day's items live. The live part reads the items due on
        // those two days, and looks up each one's checklist and incident by key (OFFSET 0 keeps the planner from
        // hashing every checklist instead). The library's name of each checklist last: one statement for the table.
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant soon = now.plus(DUE_SOON);
        LocalDate soonDay = LocalDate.ofInstant(soon, ZoneOffset.UTC);
        String ofService = " WHERE service = :service" + severityOf(filter).stripTrailing();
        Query query = em.createNativeQuery("""
                SELECT g.slug, (SELECT t.name FROM checklist_template t WHERE t.current AND t.slug = g.slug),
                       g.attached, g.items, g.done, g.not_applicable, g.open, g.overdue, g.soon
                FROM (
                    SELECT slug, sum(attached) AS attached, sum(items) AS items, sum(done) AS done,
                           sum(not_applicable) AS not_applicable, sum(open) AS open, sum(overdue) AS overdue, sum(soon) AS soon
                    FROM (
                        SELECT slug, attached, items, done, not_applicable, open, 0 AS overdue, 0 AS soon FROM (
                """ + spans.months("slug, attached, items, done, not_applicable, open", "insight_checklist_month", "insight_checklist_rows", filter) + """
                        ) AS completion
                        UNION ALL
                        SELECT slug, 0, 0, 0, 0, 0, items, 0 FROM insight_reverify_month""" + ofService + """
                         AND month < :thisMonth
                        UNION ALL
                        SELECT slug, 0, 0, 0, 0, 0, items, 0 FROM insight_reverify_day""" + ofService + """
                         AND day >= :thisMonth AND day < :today
                        UNION ALL
                        SELECT slug, 0, 0, 0, 0, 0, 0, items FROM insight_reverify_day""" + ofService + """
                         AND day > :today AND day < :soonDay
                        UNION ALL
                        SELECT k.slug, 0, 0, 0, 0, 0, count(*) FILTER (WHERE ci.reverify_due_at <= :now),
                               count(*) FILTER (WHERE ci.reverify_due_at > :now)
                        FROM incident_checklist_item ci
                             CROSS JOIN LATERAL (SELECT c.slug FROM incident_checklist c JOIN incident i ON i.id = c.incident_id
                                                 WHERE c.id = ci.checklist_id AND""" + incidentWhere(filter) + """
                                                 OFFSET 0) AS k
                        WHERE ci.state = 'DONE'
                          AND (ci.reverify_due_at >= :todayStart AND ci.reverify_due_at < :tomorrowStart
                               OR ci.reverify_due_at >= :soonDayStart AND ci.reverify_due_at <= :soon)
                        GROUP BY k.slug
                    ) AS counts
                    GROUP BY slug
                ) AS g""");
        spans.bind(query, filter);
        query.setParameter("thisMonth", today.withDayOfMonth(1));
        query.setParameter("today", today);
        query.setParameter("soonDay", soonDay);
        query.setParameter("todayStart", instant(today));
        query.setParameter("tomorrowStart", instant(today.plusDays(1)));
        query.setParameter("soonDayStart", instant(soonDay));
        query.setParameter("now", now);
        query.setParameter("soon", soon);
        List<ChecklistRow> result = new ArrayList<>();
        for (Object[] row : rows(query)) {
            String slug = (String) row[0];
            result.add(new ChecklistRow(slug, row[1] == null ? slug : (String) row[1], count(row[2]), count(row[3]), count(row[4]),
                    count(row[5]), count(row[6]), count(row[7]), count(row[8])));
        }
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
                """ + spans.months("kind, label, incidents", "insight_label_month", "insight_label_rows", filter) + """
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

    // --- the rollups: whole months from the rollup tables, the days at the edges from the source tables -----------

    /**
     * The filter's range in months: the whole months it covers ({@code fullStart} to {@code fullEnd}, first days of
     * months) and at most two edges, the days of a month the range covers only in part (it starts after the 1st, or ends
     * before the month does: the running month, when the range ends today). An edge month is read from the rollup too
     * when no incident (outside the Trash) started in the days of that month the range leaves out — usually the running
     * month, where those are the days after today — and otherwise computed from the source tables by the function that
     * fills the rollup, so both always agree and a month's percentiles are always those of its own incidents.
     */
    record Spans(LocalDate fullStart, LocalDate fullEnd, List<Edge> edgeList) {

        /** Days {@code [start, end)} of the month beginning {@code month}. */
        record Edge(LocalDate month, Instant start, Instant end) {

            Instant monthStart() {
                return instant(month);
            }

            Instant monthEnd() {
                return instant(month.plusMonths(1));
            }

            /** Whether the month has days before the edge's. */
            boolean cutBefore() {
                return monthStart().isBefore(start);
            }

            /** Whether the month has days after the edge's. */
            boolean cutAfter() {
                return end.isBefore(monthEnd());
            }
        }

        /**
         * The rows of one rollup for the range: {@code columns} of {@code rollup} (a table with service, month and
         * severity columns) for the whole months, and for each edge either the rollup's month (when nothing started in
         * its days left out, a condition PostgreSQL evaluates once through the incidents' start index) or the row
         * function {@code rows(start, end, service, severity)} over the edge's days.
         */
        String months(String columns, String rollup, String rows, InsightFilter filter) {
            String of = " FROM " + rollup + " WHERE service = :service" + (filter.severity() == null ? "" : " AND severity = :severity");
            StringBuilder sql = new StringBuilder("SELECT ").append(columns).append(of)
                    .append(" AND month >= :fullStart AND month < :fullEnd\n");
            for (int k = 0; k < edgeList.size(); k++) {
                Edge edge = edgeList.get(k);
                List<String> outside = new ArrayList<>();
                if (edge.cutBefore()) {
                    outside.add(started(":e" + k + "MonthStart", ":e" + k + "Start"));
                }
                if (edge.cutAfter()) {
                    outside.add(started(":e" + k + "End", ":e" + k + "MonthEnd"));
                }
                String left = String.join(" OR ", outside);
                sql.append("UNION ALL SELECT ").append(columns).append(of).append(" AND month = :e").append(k).append("Month");
                if (!outside.isEmpty()) {
                    sql.append(" AND NOT (").append(left).append(")\n");
                    sql.append("UNION ALL SELECT ").append(columns).append(" FROM ").append(rows).append("(:e").append(k)
                            .append("Start, :e").append(k).append("End, :service, ")
                            .append(filter.severity() == null ? "NULL" : ":severity").append(") WHERE ").append(left);
                }
                sql.append('\n');
            }
            return sql.toString();
        }

        private static String started(String from, String to) {
            return "EXISTS (SELECT FROM incident o WHERE o.deleted_at IS NULL AND o.started_at >= " + from + " AND o.started_at < " + to + ")";
        }

        /** Binds what {@link #months} refers to (and the service and severity). */
        void bind(Query query, InsightFilter filter) {
            query.setParameter("service", filter.service() == null ? "" : filter.service());
            query.setParameter("fullStart", fullStart);
            query.setParameter("fullEnd", fullEnd);
            for (int k = 0; k < edgeList.size(); k++) {
                Edge edge = edgeList.get(k);
                query.setParameter("e" + k + "Month", edge.month());
                if (edge.cutBefore() || edge.cutAfter()) {
                    query.setParameter("e" + k + "Start", edge.start());
                    query.setParameter("e" + k + "End", edge.end());
                }
                if (edge.cutBefore()) {
                    query.setParameter("e" + k + "MonthStart", edge.monthStart());
                }
                if (edge.cutAfter()) {
                    query.setParameter("e" + k + "MonthEnd", edge.monthEnd());
                }
            }
            if (filter.severity() != null) {
                query.setParameter("severity", filter.severity().name());
            }
        }
    }

    Spans spans(InsightFilter filter) {
        LocalDate from = filter.from();
        LocalDate end = filter.to().plusDays(1);
        LocalDate fromMonth = from.withDayOfMonth(1);
        LocalDate endMonth = end.withDayOfMonth(1);
        if (fromMonth.equals(endMonth) && from.getDayOfMonth() != 1) {
            // Within one month, neither its first day nor its last: one edge, no whole month.
            return new Spans(from, from, List.of(new Spans.Edge(fromMonth, instant(from), instant(end))));
        }
        LocalDate fullStart = from.getDayOfMonth() == 1 ? from : fromMonth.plusMonths(1);
        List<Spans.Edge> edges = new ArrayList<>();
        if (from.getDayOfMonth() != 1) {
            edges.add(new Spans.Edge(fromMonth, instant(from), instant(fullStart)));
        }
        if (end.getDayOfMonth() != 1) {
            edges.add(new Spans.Edge(endMonth, instant(endMonth), instant(end)));
        }
        return new Spans(fullStart, endMonth, edges);
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
