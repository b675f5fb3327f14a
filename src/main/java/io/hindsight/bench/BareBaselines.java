package io.hindsight.bench;

import io.agroal.api.AgroalDataSource;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItemListSql;
import io.hindsight.actionitem.ActionItemQuery;
import io.hindsight.home.DashboardQueries;
import io.hindsight.similar.Recurrence;
import io.hindsight.similar.Recurrences;
import io.hindsight.similar.SimilarIncident;
import io.hindsight.similar.SimilarIncidents;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bare baselines for bench/pages.sh: for each list and detail page, the page's SQL — every statement the page runs,
 * with the same filters and order, the header's unread-notice count and the panels' queries included — rendered by a
 * minimal template, like the Fortunes test of the TechEmpower benchmarks. The statements are written out in plain
 * JDBC; the two that a service builds from the incident's words (the similar panel and the recurrences, kept per
 * incident between changes like the page keeps them) are run through that service. A page's throughput as a share of
 * its baseline's is what the page itself adds: the framework, the entities, the layout, the forms, Markdown. Signed
 * in like the pages, so the session check costs both the same. {@code StatementCountTest} lists what each page runs.
 * Served only with {@code hindsight.bench.enabled=true}; otherwise 404.
 */
@Path("/bench/bare")
@RolesAllowed(Role.VIEW)
@Blocking
public class BareBaselines {

    static final int INCIDENTS_PER_PAGE = 20;
    static final int ACTION_ITEMS_PER_PAGE = 50;
    static final int LESSONS_PER_PAGE = 25;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance bare(String title, List<List<String>> rows);
    }

    @Inject
    BenchConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CurrentUser me;

    @Inject
    SimilarIncidents similar;

    @Inject
    Recurrences recurrences;

    /** The header's "Notices (n)", on every page: the person's unread notices outside the Trash. */
    static final String UNREAD_NOTICES = """
            SELECT count(*) FROM notice n WHERE n.user_id = ? AND n.read_at IS NULL
              AND (n.incident_id IS NULL OR EXISTS (SELECT 1 FROM incident i WHERE i.id = n.incident_id AND i.deleted_at IS NULL))""";

    /**
     * The dashboard: open incidents, the latest in review and published, my pending action items, re-verifications
     * due, changes requested on my postmortems, and whether there is any incident at all.
     */
    @GET
    @Path("/dashboard")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance dashboard() {
        enabled();
        long myId = me.requireId();
        List<List<String>> rows = rows(DashboardQueries.OPEN_INCIDENTS);
        for (String status : List.of("IN_REVIEW", "PUBLISHED")) {
            rows.addAll(rows("""
                    SELECT id, title, severity, tags FROM incident WHERE status = ? AND deleted_at IS NULL
                    ORDER BY updated_at DESC, id DESC LIMIT 5""", status));
        }
        rows.addAll(actionItemRows(new ActionItemQuery(myId, null, true, false, null, null, 10)));
        rows.addAll(rows("""
                SELECT ci.id, ci.text, ci.reverify_due_at, i.id, i.title FROM incident_checklist_item ci
                JOIN incident_checklist c ON c.id = ci.checklist_id JOIN incident i ON i.id = c.incident_id
                WHERE ci.state = 'DONE' AND ci.reverify_due_at <= now() AND i.deleted_at IS NULL
                ORDER BY ci.reverify_due_at LIMIT 10"""));
        rows.addAll(rows("""
                SELECT i.id, i.title, u.name,
                       (SELECT count(*) FROM postmortem_comment c WHERE c.postmortem_id = p.id AND c.author_id = u.id
                          AND (r.asked_at IS NULL OR c.created_at >= r.asked_at))
                FROM postmortem_reviewer r JOIN app_user u ON u.id = r.user_id
                JOIN postmortem p ON p.id = r.postmortem_id JOIN incident i ON i.id = p.incident_id
                WHERE r.decision = 'CHANGES_REQUESTED' AND p.status = 'IN_REVIEW' AND i.deleted_at IS NULL
                  AND EXISTS (SELECT 1 FROM postmortem_contributor w WHERE w.postmortem_id = p.id AND w.user_id = ?)
                ORDER BY r.decided_at DESC, r.id DESC LIMIT 20""", myId));
        rows.addAll(rows(DashboardQueries.ANY_INCIDENT));
        rows.addAll(unreadNotices());
        return Templates.bare("Dashboard", rows);
    }

    @GET
    @Path("/incidents")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance incidents(@RestQuery String tag, @RestQuery String service, @RestQuery String q,
                                      @RestQuery String sort, @RestQuery Integer page) {
        enabled();
        List<List<String>> rows = incidentRows(tag, service, q, sort, page);
        rows.addAll(rows("SELECT tag FROM incident_known_tag ORDER BY tag LIMIT 500"));
        rows.addAll(rows("SELECT service FROM incident_known_service ORDER BY service LIMIT 500"));
        rows.addAll(unreadNotices());
        return Templates.bare("Incidents", rows);
    }

    /** The same rows as JSON, the baseline of GET /api/v1/incidents. */
    @GET
    @Path("/api/incidents")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, String>> incidentsJson(@RestQuery String tag, @RestQuery String service, @RestQuery String q,
                                                   @RestQuery String sort, @RestQuery Integer page) {
        enabled();
        List<String> names = List.of("id", "title", "severity", "status", "started_at", "tags", "affected_services");
        return incidentRows(tag, service, q, sort, page).stream().map(row -> {
            Map<String, String> json = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                json.put(names.get(i), row.get(i));
            }
            return json;
        }).toList();
    }

    /** One page of everyone's pending action items, overdue first: the page's ids (keyset), then their rows. */
    @GET
    @Path("/action-items")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance actionItems() {
        enabled();
        List<List<String>> rows = actionItemRows(new ActionItemQuery(null, null, true, false, null, null, ACTION_ITEMS_PER_PAGE));
        // The owner filter's choices.
        rows.addAll(rows("SELECT id, name, email FROM app_user WHERE disabled_at IS NULL ORDER BY lower(name)"));
        rows.addAll(unreadNotices());
        return Templates.bare("Action items", rows);
    }

    private List<List<String>> actionItemRows(ActionItemQuery query) {
        ActionItemListSql.Statement page = ActionItemListSql.page(query, LocalDate.now(ZoneOffset.UTC));
        List<String> ids = rows(page.sql(), page.params().toArray()).stream().limit(query.size()).map(row -> row.get(0)).toList();
        if (ids.isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (List<String> row : rows("""
                SELECT a.id, a.title, a.status, a.priority, a.due_on, u.name, i.id, i.title
                FROM action_item a JOIN incident i ON i.id = a.incident_id LEFT JOIN app_user u ON u.id = a.owner_id
                WHERE a.id IN (""" + String.join(", ", ids) + ")")) {
            byId.put(row.get(0), row);
        }
        List<List<String>> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(byId.get(id));
        }
        return rows;
    }

    /**
     * One page of the Lessons library as LessonService.page runs it: the newest published lesson cards (one more than
     * the page, to know whether an older page exists) with their incidents, the names of the checklists attached to
     * those incidents, and the two filter lists (contributing factors, checklist slugs).
     */
    @GET
    @Path("/lessons")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance lessons() {
        enabled();
        List<List<String>> rows = rows("""
                SELECT c.postmortem_id, i.id, i.title, i.severity, c.published_at,
                       (SELECT t.name FROM postmortem_template t WHERE t.id = p.template_id),
                       c.lessons_html, c.factors, i.tags
                FROM lesson_card c
                JOIN postmortem p ON p.id = c.postmortem_id
                JOIN incident i ON i.id = c.incident_id
                WHERE p.status = 'PUBLISHED' AND i.deleted_at IS NULL
                ORDER BY c.published_at DESC, c.postmortem_id DESC LIMIT ?""", LESSONS_PER_PAGE + 1);
        if (rows.size() > LESSONS_PER_PAGE) {
            rows.remove(LESSONS_PER_PAGE);
        }
        if (!rows.isEmpty()) {
            String ids = rows.stream().map(row -> row.get(1)).collect(java.util.stream.Collectors.joining(",", "{", "}"));
            rows.addAll(rows("""
                    SELECT c.incident_id, t.name FROM incident_checklist c JOIN checklist_template t ON t.id = c.template_id
                    WHERE c.incident_id = ANY (?::bigint[]) ORDER BY c.id""", ids));
        }
        rows.addAll(rows("SELECT label FROM lesson_factor ORDER BY factor_key LIMIT 500"));
        rows.addAll(rows("SELECT DISTINCT slug FROM checklist_template ORDER BY slug"));
        rows.addAll(unreadNotices());
        return Templates.bare("Lessons", rows);
    }

    /** The checklist library: the current version of each checklist with its items (the page counts them). */
    @GET
    @Path("/checklists")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance checklists() {
        enabled();
        List<List<String>> rows = rows("""
                SELECT t.slug, t.name, t.failure_pattern, t.version, ti.position, ti.text
                FROM checklist_template t LEFT JOIN checklist_template_item ti ON ti.template_id = t.id
                WHERE t.current ORDER BY t.name, ti.position""");
        rows.addAll(unreadNotices());
        return Templates.bare("Checklists", rows);
    }

    /**
     * One incident as its page shows it: the incident with its timeline and who added each entry, the header's notice
     * count, how far its checklists and action items have come, the similar panel and the recurrences.
     */
    @GET
    @Path("/incidents/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance incident(@RestPath long id) {
        enabled();
        List<List<String>> rows = incidentWithTimeline(id);
        rows.addAll(unreadNotices());
        rows.addAll(rows("""
                SELECT count(*), count(*) FILTER (WHERE ci.state = 'OPEN') FROM incident_checklist_item ci
                JOIN incident_checklist c ON c.id = ci.checklist_id WHERE c.incident_id = ?""", id));
        rows.addAll(rows("""
                SELECT count(*), count(*) FILTER (WHERE a.status = 'OPEN' OR a.status = 'IN_PROGRESS') FROM action_item a
                WHERE a.incident_id = ?""", id));
        List<String> incident = rows.get(0);
        SimilarIncidents.Subject subject = new SimilarIncidents.Subject(id, incident.get(1), incident.get(2),
                labels(incident.get(9)), labels(incident.get(8)));
        for (SimilarIncident found : similar.of(subject, Long.parseLong(incident.get(10)), SimilarIncidents.PANEL)) {
            rows.add(List.of(String.valueOf(found.id()), found.title(), found.why()));
        }
        Recurrences.OfIncident fixes = recurrences.ofIncident(id);
        for (List<Recurrence> list : List.of(fixes.recurredAs(), fixes.recurrenceOf())) {
            for (Recurrence r : list) {
                rows.add(List.of(r.fix().title(), r.fixedIncidentTitle(), r.recurredIncidentTitle(), String.valueOf(r.recurredAt())));
            }
        }
        return Templates.bare("Incident", rows);
    }

    /**
     * One incident's postmortem as its page shows it: the incident with its timeline, the postmortem with its template's
     * sections, the header's notice count, who wrote it, its reviewers, an open amendment and the last approved one.
     */
    @GET
    @Path("/incidents/{id}/postmortem")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance postmortem(@RestPath long id) {
        enabled();
        List<List<String>> rows = incidentWithTimeline(id);
        List<List<String>> postmortem = rows("""
                SELECT p.id, p.status, p.published_at, p.summary, p.impact, p.timeline_notes, p.laugh, p.learn, p.fix, p.share,
                       t.name, s.section, s.prompt
                FROM postmortem p JOIN incident i ON i.id = p.incident_id JOIN postmortem_template t ON t.id = p.template_id
                LEFT JOIN postmortem_template_section s ON s.template_id = t.id
                WHERE p.incident_id = ? AND i.deleted_at IS NULL""", id);
        if (postmortem.isEmpty()) {
            throw new NotFoundException();
        }
        rows.addAll(postmortem);
        long postmortemId = Long.parseLong(postmortem.get(0).get(0));
        rows.addAll(unreadNotices());
        rows.addAll(rows("""
                SELECT u.name, c.edits, c.first_edit_at, c.last_edit_at FROM postmortem_contributor c
                JOIN app_user u ON u.id = c.user_id WHERE c.postmortem_id = ? ORDER BY c.first_edit_at, c.user_id""", postmortemId));
        rows.addAll(rows("""
                SELECT u.name, r.decision, r.asked_at, r.decided_at FROM postmortem_reviewer r
                JOIN app_user u ON u.id = r.user_id WHERE r.postmortem_id = ? ORDER BY r.id""", postmortemId));
        if (me.canEdit()) { // the page offers its editors an open amendment
            rows.addAll(rows("""
                    SELECT id, status, updated_at FROM postmortem_amendment
                    WHERE postmortem_id = ? AND (status = 'DRAFT' OR status = 'IN_REVIEW') LIMIT 1""", postmortemId));
        }
        rows.addAll(rows("""
                SELECT closed_at, previous_revision_id, approved_revision_id FROM postmortem_amendment
                WHERE postmortem_id = ? AND status = 'APPROVED' ORDER BY closed_at DESC, id DESC LIMIT 1""", postmortemId));
        return Templates.bare("Postmortem", rows);
    }

    /** The incident (first row; its version last) and then its timeline, or 404. */
    private List<List<String>> incidentWithTimeline(long id) {
        List<List<String>> rows = rows("""
                SELECT id, title, summary, severity, status, started_at, resolved_at, customer_impact, tags, affected_services, version
                FROM incident WHERE id = ? AND deleted_at IS NULL""", id);
        if (rows.isEmpty()) {
            throw new NotFoundException();
        }
        rows.addAll(rows("""
                SELECT t.occurred_at, t.kind, t.description, u.name FROM timeline_entry t LEFT JOIN app_user u ON u.id = t.created_by
                WHERE t.incident_id = ? ORDER BY t.occurred_at, t.id""", id));
        return rows;
    }

    private List<List<String>> unreadNotices() {
        return rows(UNREAD_NOTICES, me.requireId());
    }

    /** A text[] column as JDBC prints it ({a,b}) back into its names; names are plain words, never quoted. */
    private static List<String> labels(String array) {
        if (array == null || array.length() < 3) {
            return List.of();
        }
        return List.of(array.substring(1, array.length() - 1).split(","));
    }

    /**
     * The list's SQL as the page runs it (IncidentService.search and countByStatus): the status counts kept by the
     * database, or with a tag, service or text filter the statuses of at most 101 matches; then the page and one
     * more row (is there a next page?), through the index of its order. Only the counts, not the rows, of the first
     * query are returned.
     */
    private List<List<String>> incidentRows(String tag, String service, String q, String sort, Integer page) {
        StringBuilder where = new StringBuilder(" FROM incident WHERE deleted_at IS NULL");
        List<Object> params = new ArrayList<>();
        if (present(tag)) {
            where.append(" AND tags @> ARRAY[?]::text[]");
            params.add(tag.strip().toLowerCase(Locale.ROOT));
        }
        if (present(service)) {
            where.append(" AND affected_services @> ARRAY[?]::text[]");
            params.add(service.strip().toLowerCase(Locale.ROOT));
        }
        if (present(q)) {
            String like = "%" + q.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (lower(title) LIKE ? OR lower(summary) LIKE ?)");
            params.add(like);
            params.add(like);
        }
        List<List<String>> counts = params.isEmpty() // read as the page reads them, not shown
                ? rows("SELECT status, sum(incidents) FROM incident_tally GROUP BY status")
                : rows("SELECT status, count(*) FROM (SELECT status" + where + " LIMIT 101) m GROUP BY status", params.toArray());
        int pageNumber = page == null || page < 1 ? 1 : page;
        String sql = "SELECT id, title, severity, status, started_at, tags, affected_services" + where
                + ("title".equals(sort) ? " ORDER BY lower(title), id" : " ORDER BY started_at DESC, id DESC")
                + " LIMIT " + (INCIDENTS_PER_PAGE + 1) + " OFFSET " + (long) (pageNumber - 1) * INCIDENTS_PER_PAGE;
        List<List<String>> rows = rows(sql, params.toArray());
        if (rows.size() > INCIDENTS_PER_PAGE) {
            rows.remove(INCIDENTS_PER_PAGE);
        }
        return rows;
    }

    private void enabled() {
        if (!config.enabled()) {
            throw new NotFoundException();
        }
    }

    private List<List<String>> rows(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>(columns);
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getString(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("bare baseline query failed: " + e.getMessage(), e);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
