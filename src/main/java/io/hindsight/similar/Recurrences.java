package io.hindsight.similar;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * "Did the fix work?": for each completed action item and each ticked checklist item, the first similar incident
 * (sharing a service with the fixed one, scoring at least {@link #THRESHOLD}) that started after it was done.
 *
 * <p>Each call is one statement. The incidents examined after a fix are bounded: the first {@value #WINDOW} incidents
 * sharing a service with the fixed incident that started after its first fix (and, for "recurrence of", the last
 * {@value #WINDOW} before the incident), scored with the same weights as the similar panel (without contributing
 * factors).
 */
@ApplicationScoped
public class Recurrences {

    /** Same service counts 0.3 of this, so the titles, words or tags must add at least 0.25 more. */
    public static final double THRESHOLD = 0.55;
    static final int WINDOW = 100;

    private static final String SCORE_LATER = SimilarIncidents.score("a.title", "a.similar_terms", "a.affected_services", "a.tags",
            "b.title", "b.similar_terms", "b.affected_services", "b.tags");

    /** Fixes of the incidents named by the filter, as (kind, id, what, incident, done at). */
    private static String fixes(String actionFilter, String checklistFilter) {
        return """
                fixes AS (
                    SELECT 'ACTION_ITEM' AS kind, ai.id, ai.title AS what, ai.incident_id, ai.completed_at AS done_at
                    FROM action_item ai
                    WHERE ai.status = 'DONE' AND ai.completed_at IS NOT NULL AND (%s)
                    UNION ALL
                    SELECT 'CHECKLIST_ITEM', ci.id, ci.text, k.incident_id, ci.changed_at
                    FROM incident_checklist k JOIN incident_checklist_item ci ON ci.checklist_id = k.id
                    WHERE ci.state = 'DONE' AND ci.changed_at IS NOT NULL AND (%s)
                )""".formatted(actionFilter, checklistFilter);
    }

    /**
     * The first {@code limit} incidents outside the Trash, in start order ({@code direction} "" or "DESC"), that share
     * one of {@code services} and started {@code bound} (such as {@code "> f.first_done"}), as (started_at,
     * incident_id): for each service, a short range of the feature index (V36) read in order and cut at the limit,
     * then merged. The rows read depend on the limit and the number of services, never on how many incidents share
     * them; an overlap test on incident.affected_services finds every incident of a common service and sorts them all.
     */
    static String sharingAService(String services, String bound, String direction, int limit) {
        return """
                SELECT DISTINCT x.started_at, x.incident_id
                FROM unnest(%1$s) AS service
                     CROSS JOIN LATERAL (SELECT x.started_at, x.incident_id FROM incident_similar_feature x
                                         WHERE x.feature = 's:' || service AND x.started_at %2$s
                                         ORDER BY x.started_at %3$s, x.incident_id %3$s LIMIT %4$d) x
                ORDER BY x.started_at %3$s, x.incident_id %3$s LIMIT %4$d""".formatted(services, bound, direction, limit);
    }

    /**
     * The first recurrence of each fix in {@code fixes}: rows of (kind, id, what, fixed id, fixed title, done at,
     * recurred id, title, started). The incidents examined for a fix are the first {@value #WINDOW} sharing a service
     * that started after the incident's first fix; they are read in order and scored one by one, and the reading stops
     * at the first one similar enough that started after this fix — usually after a few rows rather than all of them.
     */
    private static final String RECURRED = """
            fixed AS (
                SELECT f.*, min(f.done_at) OVER (PARTITION BY f.incident_id) AS first_done FROM fixes f
            ), recurred AS (
                SELECT f.kind, f.id, f.what, f.incident_id, a.title AS fixed_title, f.done_at,
                       l.id AS recurred_id, l.title AS recurred_title, l.started_at AS recurred_at
                FROM fixed f
                     JOIN incident a ON a.id = f.incident_id AND a.deleted_at IS NULL
                     CROSS JOIN LATERAL (
                         SELECT b.id, b.title, b.started_at
                         FROM (SELECT b.id, b.title, b.started_at, b.similar_terms, b.affected_services, b.tags,
                                      c.started_at AS window_started, c.incident_id AS window_id
                               FROM (%2$s) c
                                    JOIN incident b ON b.id = c.incident_id
                               WHERE b.id <> a.id AND b.deleted_at IS NULL) b
                         WHERE b.started_at > f.done_at AND %1$s >= :threshold
                         ORDER BY b.window_started, b.window_id LIMIT 1) l
            )""".formatted(SCORE_LATER, sharingAService("a.affected_services", "> f.first_done", "", WINDOW));

    @Inject
    EntityManager entityManager;

    @Inject
    SimilarCache cache;

    /** What the incident page shows: its fixes that did not hold, and the earlier incidents whose fix it repeats. */
    public record OfIncident(List<Recurrence> recurredAs, List<Recurrence> recurrenceOf) {
        public OfIncident {
            recurredAs = List.copyOf(recurredAs);
            recurrenceOf = List.copyOf(recurrenceOf);
        }

        public boolean isEmpty() {
            return recurredAs.isEmpty() && recurrenceOf.isEmpty();
        }
    }

    /**
     * For one incident, in one statement: each of its fixes that was followed by a similar incident ("recurred as"),
     * and each earlier similar incident with a fix done before this one started ("recurrence of"; the most recent fix
     * of each). Kept per incident until anything it reads changes ({@link SimilarCache}).
     */
    public OfIncident ofIncident(long incidentId) {
        return cache.recurrences(incidentId, () -> computeOfIncident(incidentId));
    }

    /** {@link #ofIncident} without the cache: its one statement. */
    @SuppressWarnings("unchecked")
    private OfIncident computeOfIncident(long incidentId) {
        String sql = "WITH " + fixes("ai.incident_id = :incident", "k.incident_id = :incident") + ", " + RECURRED + """
                , earlier AS (
                    SELECT a.id, a.title, b.started_at AS this_started, %1$s AS score
                    FROM incident b
                         CROSS JOIN LATERAL (SELECT a.id, a.title, a.similar_terms, a.affected_services, a.tags
                                             FROM (%2$s) c
                                                  JOIN incident a ON a.id = c.incident_id
                                             WHERE a.id <> b.id AND a.deleted_at IS NULL) a
                    WHERE b.id = :incident AND b.deleted_at IS NULL
                ), repeated AS (
                    SELECT DISTINCT ON (e.id) f.kind, f.id, f.what, e.id AS fixed_id, e.title AS fixed_title, f.done_at
                    FROM earlier e
                         CROSS JOIN LATERAL (
                             SELECT 'ACTION_ITEM' AS kind, ai.id, ai.title AS what, ai.completed_at AS done_at FROM action_item ai
                             WHERE ai.incident_id = e.id AND ai.status = 'DONE' AND ai.completed_at < e.this_started
                             UNION ALL
                             SELECT 'CHECKLIST_ITEM', ci.id, ci.text, ci.changed_at
                             FROM incident_checklist k JOIN incident_checklist_item ci ON ci.checklist_id = k.id
                             WHERE k.incident_id = e.id AND ci.state = 'DONE' AND ci.changed_at < e.this_started) f
                    WHERE e.score >= :threshold
                    ORDER BY e.id, f.done_at DESC, f.id DESC
                )
                SELECT 'AS', r.kind, r.id, r.what, r.incident_id, r.fixed_title, r.done_at, r.recurred_id, r.recurred_title, r.recurred_at
                FROM recurred r
                UNION ALL
                SELECT 'OF', p.kind, p.id, p.what, p.fixed_id, p.fixed_title, p.done_at, b.id, b.title, b.started_at
                FROM repeated p JOIN incident b ON b.id = :incident
                ORDER BY 1, 10, 7
                """.formatted(SimilarIncidents.score("a.title", "a.similar_terms", "a.affected_services", "a.tags",
                "b.title", "b.similar_terms", "b.affected_services", "b.tags"),
                sharingAService("b.affected_services", "< b.started_at", "DESC", WINDOW));
        List<Object[]> rows = entityManager.createNativeQuery(sql).setParameter("incident", incidentId)
                .setParameter("threshold", THRESHOLD).getResultList();
        List<Recurrence> as = new ArrayList<>();
        List<Recurrence> of = new ArrayList<>();
        for (Object[] row : rows) {
            Recurrence recurrence = recurrence(row, 1);
            ("AS".equals(row[0]) ? as : of).add(recurrence);
        }
        return new OfIncident(as, of);
    }

    /** The first recurrence of each of these action items that has one, by action item id; one statement. */
    public Map<Long, Recurrence> ofActionItems(Collection<Long> actionItemIds) {
        if (actionItemIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Recurrence> byItem = new LinkedHashMap<>();
        for (Recurrence r : run(fixes("ai.id = ANY (CAST(:ids AS bigint[]))", "false"), Map.of("ids", array(actionItemIds)))) {
            byItem.put(r.fix().id(), r);
        }
        return byItem;
    }

    /** The first recurrence of each of these ticked checklist items that has one, by item id; one statement. */
    public Map<Long, Recurrence> ofChecklistItems(Collection<Long> checklistItemIds) {
        if (checklistItemIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Recurrence> byItem = new LinkedHashMap<>();
        for (Recurrence r : run(fixes("false", "ci.id = ANY (CAST(:ids AS bigint[]))"), Map.of("ids", array(checklistItemIds)))) {
            byItem.put(r.fix().id(), r);
        }
        return byItem;
    }

    /**
     * Fixes that did not hold, for reports such as Insights: of the action items completed and checklist items
     * ticked in [{@code from}, {@code to}) — on incidents affecting {@code service}, when given — the
     * {@code maxFixes} most recently done are examined, and those followed by a similar incident are returned with
     * both dates, earliest recurrence first. One statement, run again only after a change of incidents, action items
     * or checklists ({@link SimilarCache}: the same answer is kept per range, service and {@code maxFixes} until then);
     * its cost grows with {@code maxFixes} (each fix examines at most {@value #WINDOW} later incidents), so keep it in
     * the hundreds.
     *
     * @param from     inclusive, or null for no lower bound
     * @param to       exclusive, or null for no upper bound
     * @param service  a service name (lower case), or null for every service
     * @param maxFixes how many of the most recently done fixes to examine, at least 1
     */
    public List<Recurrence> recurrencesAfterFixes(Instant from, Instant to, String service, int maxFixes) {
        return cache.recurrencesAfterFixes(from, to, service, maxFixes, () -> computeAfterFixes(from, to, service, maxFixes));
    }

    /** {@link #recurrencesAfterFixes} without the cache: its one statement. */
    private List<Recurrence> computeAfterFixes(Instant from, Instant to, String service, int maxFixes) {
        String service1 = service == null ? "true" : "EXISTS (SELECT 1 FROM incident si WHERE si.id = ai.incident_id AND si.affected_services @> ARRAY[CAST(:service AS text)])";
        String service2 = service == null ? "true" : "EXISTS (SELECT 1 FROM incident si WHERE si.id = k.incident_id AND si.affected_services @> ARRAY[CAST(:service AS text)])";
        String window1 = "ai.completed_at >= CAST(:from AS timestamptz) AND ai.completed_at < CAST(:to AS timestamptz) AND " + service1;
        String window2 = "ci.changed_at >= CAST(:from AS timestamptz) AND ci.changed_at < CAST(:to AS timestamptz) AND " + service2;
        // The most recent fixes of each kind first (each through its index on the completion time, newest first,
        // stopping after :max), then the most recent of both: the range's older fixes are never read.
        String fixes = """
                all_fixes AS (
                    (SELECT 'ACTION_ITEM' AS kind, ai.id, ai.title AS what, ai.incident_id, ai.completed_at AS done_at
                     FROM action_item ai
                     WHERE ai.status = 'DONE' AND ai.completed_at IS NOT NULL AND %s
                     ORDER BY ai.completed_at DESC, ai.id DESC LIMIT :max)
                    UNION ALL
                    (SELECT 'CHECKLIST_ITEM', ci.id, ci.text, k.incident_id, ci.changed_at
                     FROM incident_checklist k JOIN incident_checklist_item ci ON ci.checklist_id = k.id
                     WHERE ci.state = 'DONE' AND ci.changed_at IS NOT NULL AND %s
                     ORDER BY ci.changed_at DESC, ci.id DESC LIMIT :max)
                ), fixes AS (
                    SELECT * FROM all_fixes ORDER BY done_at DESC, id DESC LIMIT :max
                )""".formatted(window1, window2);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("from", (from == null ? Instant.parse("0001-01-01T00:00:00Z") : from).toString());
        parameters.put("to", (to == null ? Instant.parse("9999-12-31T00:00:00Z") : to).toString());
        parameters.put("max", Math.max(1, maxFixes));
        if (service != null) {
            parameters.put("service", service);
        }
        List<Recurrence> found = new ArrayList<>(run(fixes, parameters));
        found.sort(java.util.Comparator.comparing(Recurrence::recurredAt).thenComparing(r -> r.fix().id()));
        return found;
    }

    @SuppressWarnings("unchecked")
    private List<Recurrence> run(String fixes, Map<String, Object> parameters) {
        String sql = "WITH " + fixes + ", " + RECURRED + """
                SELECT r.kind, r.id, r.what, r.incident_id, r.fixed_title, r.done_at, r.recurred_id, r.recurred_title, r.recurred_at
                FROM recurred r ORDER BY r.recurred_at, r.id
                """;
        Query query = entityManager.createNativeQuery(sql).setParameter("threshold", THRESHOLD);
        parameters.forEach(query::setParameter);
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(row -> recurrence(row, 0)).collect(Collectors.toList());
    }

    private static Recurrence recurrence(Object[] row, int from) {
        return new Recurrence(
                new Recurrence.Fix(Recurrence.Kind.valueOf((String) row[from]), ((Number) row[from + 1]).longValue(), (String) row[from + 2]),
                ((Number) row[from + 3]).longValue(), (String) row[from + 4], SimilarIncidents.instant(row[from + 5]),
                ((Number) row[from + 6]).longValue(), (String) row[from + 7], SimilarIncidents.instant(row[from + 8]));
    }

    private static String array(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
