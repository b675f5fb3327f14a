package io.hindsight.export;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.checklist.IncidentChecklist;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.Section;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.hibernate.query.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads incidents with everything their reports show and writes the reports. Each call is one
 * short read-only transaction: a bulk export calls it batch after batch, so the persistence
 * context (and every entity in it) is dropped between batches, and no database connection waits
 * while the zip is sent to a slow client.
 */
@ApplicationScoped
@Transactional
public class ExportService {

    /** A written report, ready to send or to put into a zip. */
    public record Report(long incidentId, String fileName, Instant updatedAt, String markdown) {
    }

    /** One line of a bulk export's index. */
    public record IndexRow(long id, String title, Severity severity, IncidentStatus status) {
        public String fileName() {
            return ReportFileName.of(id, title);
        }
    }

    @Inject
    Session session;

    @Inject
    IncidentService incidents;

    @Inject
    Audit audit;

    /** Someone took a copy of one report (page or API). */
    public void recordDownload(Long actorId, long incidentId, String ip) {
        audit.record(actorId, AuditAction.EXPORT_DOWNLOADED, AuditSubject.incident(incidentId), "", ip);
    }

    /** Someone took a zip of every report the filter matches. */
    public void recordBulkExport(Long actorId, ExportFilter filter, String ip) {
        audit.record(actorId, AuditAction.EXPORT_BULK, AuditSubject.export("zip"), filter.describe(), ip);
    }

    public Optional<Report> report(long incidentId) {
        session.setDefaultReadOnly(true);
        Incident incident = session.find(Incident.class, incidentId);
        if (incident == null) {
            incidents.requireNotInTrash(incidentId);
        }
        return incident == null ? Optional.empty() : Optional.of(reports(List.of(incident)).get(0));
    }

    /** The reports of the next {@code limit} incidents with an id above {@code afterId}, in id order. */
    public List<Report> nextReports(ExportFilter filter, long afterId, int limit) {
        session.setDefaultReadOnly(true);
        return reports(next(filter, "SELECT i", afterId, limit, Incident.class).getResultList());
    }

    /** The index lines of the next {@code limit} incidents with an id above {@code afterId}, in id order. */
    public List<IndexRow> nextIndexRows(ExportFilter filter, long afterId, int limit) {
        return next(filter, "SELECT i.id, i.title, i.severity, i.status", afterId, limit, Object[].class).getResultList().stream()
                .map(row -> new IndexRow((Long) row[0], (String) row[1], (Severity) row[2], (IncidentStatus) row[3]))
                .toList();
    }

    /** When the most recently changed of the filtered incidents changed; the export's index carries that time. */
    public Optional<Instant> lastUpdate(ExportFilter filter) {
        Query<Instant> query = session.createQuery("SELECT max(i.updatedAt) FROM Incident i WHERE " + filter.where(), Instant.class);
        filter.parameters().forEach(query::setParameter);
        return Optional.ofNullable(query.getSingleResult());
    }

    /** Keyset pagination: the page after {@code afterId}, so every batch is an index range scan however deep it goes. */
    private <T> Query<T> next(ExportFilter filter, String select, long afterId, int limit, Class<T> type) {
        Query<T> query = session.createQuery(select + " FROM Incident i WHERE " + filter.where() + " AND i.id > :after ORDER BY i.id",
                type);
        filter.parameters().forEach(query::setParameter);
        return query.setParameter("after", afterId).setMaxResults(limit);
    }

    /** One report per incident, in the order given. */
    private List<Report> reports(List<Incident> incidents) {
        if (incidents.isEmpty()) {
            return List.of();
        }
        Loaded loaded = load(incidents.stream().map(i -> i.id).toList());
        List<Report> reports = new ArrayList<>(incidents.size());
        for (Incident incident : incidents) {
            long id = incident.id;
            ReportContents contents = new ReportContents(incident, loaded.postmortems.get(id),
                    loaded.notApplicable.getOrDefault(id, Map.of()), loaded.reviewers.getOrDefault(id, List.of()),
                    loaded.actionItems.getOrDefault(id, List.of()), loaded.checklists.getOrDefault(id, List.of()),
                    loaded.contributors.getOrDefault(id, List.of()));
            reports.add(new Report(id, ReportFileName.of(id, incident.title), incident.updatedAt, MarkdownReport.of(contents)));
        }
        return reports;
    }

    /** What the reports of {@code ids} need, in one query per kind of thing rather than per incident. */
    private Loaded load(List<Long> ids) {
        Loaded loaded = new Loaded();
        // The incidents are in the persistence context already; this fills in their timelines in one go.
        session.createQuery("FROM Incident i LEFT JOIN FETCH i.timeline WHERE i.id IN :ids", Incident.class)
                .setParameter("ids", ids).getResultList();
        session.createQuery("FROM Postmortem p LEFT JOIN FETCH p.template WHERE p.incident.id IN :ids", Postmortem.class)
                .setParameter("ids", ids).getResultList()
                .forEach(p -> loaded.postmortems.put(p.incident.id, p));
        session.createQuery("""
                        SELECT n.postmortem.incident.id, n.section, n.reason FROM SectionNotApplicable n
                        WHERE n.postmortem.incident.id IN :ids""", Object[].class)
                .setParameter("ids", ids).getResultList()
                .forEach(row -> loaded.notApplicable.computeIfAbsent((Long) row[0], k -> new EnumMap<>(Section.class))
                        .put((Section) row[1], (String) row[2]));
        session.createQuery("""
                        SELECT r.postmortem.incident.id, u.name, r.decision FROM Reviewer r JOIN r.user u
                        WHERE r.postmortem.incident.id IN :ids ORDER BY r.id""", Object[].class)
                .setParameter("ids", ids).getResultList()
                .forEach(row -> loaded.reviewers.computeIfAbsent((Long) row[0], k -> new ArrayList<>())
                        .add(new ReportContents.ReviewerDecision((String) row[1], ((Enum<?>) row[2]).name())));
        session.createQuery("""
                        SELECT p.incident.id, u.name FROM Contributor c JOIN c.user u, Postmortem p
                        WHERE p.id = c.id.postmortemId AND p.incident.id IN :ids
                        ORDER BY c.firstEditAt, u.id""", Object[].class)
                .setParameter("ids", ids).getResultList()
                .forEach(row -> loaded.contributors.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add((String) row[1]));
        session.createQuery("FROM ActionItem a LEFT JOIN FETCH a.owner WHERE a.incident.id IN :ids ORDER BY a.createdAt, a.id",
                        ActionItem.class)
                .setParameter("ids", ids).getResultList()
                .forEach(a -> loaded.actionItems.computeIfAbsent(a.incident.id, k -> new ArrayList<>()).add(a));
        session.createQuery("""
                        FROM IncidentChecklist c JOIN FETCH c.template LEFT JOIN FETCH c.items
                        WHERE c.incident.id IN :ids ORDER BY c.attachedAt, c.id""", IncidentChecklist.class)
                .setParameter("ids", ids).getResultList()
                .forEach(c -> loaded.checklists.computeIfAbsent(c.incident.id, k -> new ArrayList<>()).add(c));
        return loaded;
    }

    private static final class Loaded {
        final Map<Long, Postmortem> postmortems = new HashMap<>();
        final Map<Long, Map<Section, String>> notApplicable = new HashMap<>();
        final Map<Long, List<ReportContents.ReviewerDecision>> reviewers = new HashMap<>();
        final Map<Long, List<String>> contributors = new HashMap<>();
        final Map<Long, List<ActionItem>> actionItems = new HashMap<>();
        final Map<Long, List<IncidentChecklist>> checklists = new HashMap<>();
    }
}
