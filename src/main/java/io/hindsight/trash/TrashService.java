package io.hindsight.trash;

import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentDeletion;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemStatus;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Refusal;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Trash: deleting an incident only marks it (who, when), which hides it everywhere else (see {@link Incident});
 * it can be restored until it is purged. Purging deletes the row, and the database cascades to everything that hangs
 * off an incident (postmortem, timeline, action items, checklists, share links, reviewers, contributors, notices);
 * the audit log keeps its rows. Rows in the Trash are invisible to Hibernate, so this class reads them with SQL.
 *
 * <p>Who may delete: an admin, any incident; an editor, their own draft — an incident they declared whose
 * postmortem is not published. Who may restore: an admin, any; an editor, one they declared or deleted.
 * Purging is for admins, after the retention period unless they force it.
 */
@ApplicationScoped
@Transactional
public class TrashService implements IncidentDeletion {

    private static final Logger LOG = Logger.getLogger(TrashService.class);

    /** Said on the pages next to the Delete button and in refusals. */
    public static final String RULE = IncidentDeletion.RULE;

    /** At most this many incidents per scheduled purge transaction; the next run takes the rest. */
    static final int PURGE_BATCH = 200;

    @Inject
    IncidentService incidents;

    @Inject
    EntityManager em;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    TrashConfig config;

    /** Why {@code who} may not delete {@code incident}, or empty when they may. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> whyNotDelete(Incident incident, Deleter who) {
        if (who.admin()) {
            return Optional.empty();
        }
        if (incident.declaredById == null || incident.declaredById != who.id()) {
            return Optional.of("Only the person who declared this incident, or an admin, can delete it. " + RULE);
        }
        if (published(incident)) {
            return Optional.of("Its postmortem is published, so only an admin can delete it. " + RULE);
        }
        return Optional.empty();
    }

    @Override
    public void delete(long incidentId, long actorId, boolean admin) {
        delete(incidentId, new Deleter(actorId, admin));
    }

    /** Moves an incident to the Trash. */
    public void delete(long incidentId, Deleter who) {
        Incident incident = incidents.get(incidentId);
        whyNotDelete(incident, who).ifPresent(why -> {
            throw Refusal.forbidden("You cannot delete this incident", why);
        });
        String title = incident.title;
        em.flush();
        em.detach(incident);
        int moved = em.createNativeQuery("""
                        UPDATE incident SET deleted_at = ?1, deleted_by = ?2, version = version + 1
                        WHERE id = ?3 AND deleted_at IS NULL""")
                .setParameter(1, timestamp(clock.instant())).setParameter(2, who.id()).setParameter(3, incidentId)
                .executeUpdate();
        if (moved == 1) {
            audit.record(who.id(), AuditAction.INCIDENT_DELETED, AuditSubject.incident(incidentId), title, "");
        }
    }

    /** Brings an incident back from the Trash, exactly as it was. */
    public void restore(long incidentId, Deleter who) {
        TrashedIncident trashed = lockTrashed(incidentId, who);
        if (!trashed.restorable()) {
            throw Refusal.forbidden("You cannot restore this incident",
                    "Editors may restore incidents they declared or deleted; an admin can restore any.");
        }
        em.createNativeQuery("UPDATE incident SET deleted_at = NULL, deleted_by = NULL, version = version + 1 WHERE id = ?1")
                .setParameter(1, incidentId).executeUpdate();
        audit.record(who.id(), AuditAction.INCIDENT_RESTORED, AuditSubject.incident(incidentId), trashed.title(), "");
    }

    /**
     * Deletes an incident in the Trash for good, with everything that hangs off it, in this transaction.
     *
     * @param typedTitle what the admin typed; must be the incident's title exactly
     * @param force      purge although the retention period has not passed (a second confirmation)
     */
    public void purge(long incidentId, Deleter admin, String typedTitle, boolean force) {
        if (!admin.admin()) {
            throw Refusal.forbidden("Only admins can purge", "Deleting an incident for good is up to admins.");
        }
        TrashedIncident trashed = lockTrashed(incidentId, admin);
        List<FieldError> errors = new ArrayList<>();
        if (typedTitle == null || !typedTitle.equals(trashed.title())) {
            errors.add(new FieldError("title", "Type the incident's title exactly as shown to purge it."));
        }
        boolean early = !trashed.purgeableAt(clock.instant());
        if (early && !force) {
            errors.add(new FieldError("force", "Its retention period has not passed yet. Tick \"Delete now although the "
                    + "retention period has not passed\" to purge it anyway."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        remove(incidentId);
        audit.record(admin.id(), AuditAction.INCIDENT_PURGED, AuditSubject.incident(incidentId), trashed.title(),
                early ? "purged before the retention period ended (" + trashed.purgeableAt() + ")" : "");
    }

    /** Every incident in the Trash, most recently deleted first, as {@code viewer} may act on it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TrashedIncident> list(Deleter viewer) {
        return trashed("ORDER BY i.deleted_at DESC, i.id DESC", viewer).stream().toList();
    }

    /** The incident in the Trash, for the purge form. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TrashedIncident get(long incidentId, Deleter viewer) {
        return rows("WHERE i.id = ?1 AND i.deleted_at IS NOT NULL", "", viewer, incidentId).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " is not in the Trash"));
    }

    /** The scheduled purge; a run that finds the previous one still busy is skipped. */
    @Scheduled(cron = "{hindsight.trash.purge-cron}", identity = "trash-purge",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPurge() {
        int purged = purgeExpired();
        if (purged > 0) {
            LOG.infof("Purged %d incidents whose Trash retention had passed", purged);
        }
    }

    /**
     * Purges the incidents whose retention period has passed, oldest first, at most {@link #PURGE_BATCH}. Safe with
     * several instances at once: rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so a row another instance is
     * purging is skipped rather than waited for or purged twice.
     *
     * @return how many incidents this run purged
     */
    public int purgeExpired() {
        Instant cutoff = clock.instant().minus(config.retention());
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("""
                        SELECT id, title FROM incident
                        WHERE deleted_at IS NOT NULL AND deleted_at <= ?1
                        ORDER BY deleted_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED""")
                .setParameter(1, timestamp(cutoff)).setParameter(2, PURGE_BATCH).getResultList();
        for (Object[] row : due) {
            long id = ((Number) row[0]).longValue();
            remove(id);
            audit.record(null, AuditAction.INCIDENT_PURGED, AuditSubject.incident(id), (String) row[1],
                    "retention of " + config.retention().toDays() + " days passed");
        }
        return due.size();
    }

    private void remove(long incidentId) {
        // Every table that refers to an incident, or to its postmortem, cascades (ON DELETE CASCADE).
        em.createNativeQuery("DELETE FROM incident WHERE id = ?1 AND deleted_at IS NOT NULL")
                .setParameter(1, incidentId).executeUpdate();
    }

    /** The incident in the Trash, locked for this transaction; 404 when it is not there (restored, purged, never). */
    private TrashedIncident lockTrashed(long incidentId, Deleter who) {
        return rows("WHERE i.id = ?1 AND i.deleted_at IS NOT NULL", " FOR UPDATE OF i", who, incidentId).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " is not in the Trash"));
    }

    private List<TrashedIncident> trashed(String order, Deleter viewer) {
        return rows("WHERE i.deleted_at IS NOT NULL", " " + order, viewer, null);
    }

    @SuppressWarnings("unchecked")
    private List<TrashedIncident> rows(String where, String tail, Deleter viewer, Long id) {
        var query = em.createNativeQuery("""
                SELECT i.id, i.title, i.severity, i.status, i.deleted_at, u.name, i.deleted_by, i.declared_by
                FROM incident i LEFT JOIN app_user u ON u.id = i.deleted_by
                """ + where + tail);
        if (id != null) {
            query.setParameter(1, id);
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> {
            Instant deletedAt = instant(r[4]);
            Long deletedBy = r[6] == null ? null : ((Number) r[6]).longValue();
            Long declaredBy = r[7] == null ? null : ((Number) r[7]).longValue();
            boolean restorable = viewer.admin() || Long.valueOf(viewer.id()).equals(deletedBy)
                    || Long.valueOf(viewer.id()).equals(declaredBy);
            return new TrashedIncident(((Number) r[0]).longValue(), (String) r[1], Severity.valueOf((String) r[2]),
                    IncidentStatus.valueOf((String) r[3]), deletedAt, r[5] == null ? "someone since removed" : (String) r[5],
                    deletedBy, declaredBy, deletedAt.plus(config.retention()), restorable);
        }).toList();
    }

    private static boolean published(Incident incident) {
        return incident.status == IncidentStatus.PUBLISHED || Postmortem.findByIncident(incident.id)
                .map(p -> p.status == PostmortemStatus.PUBLISHED).orElse(false);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) return i;
        if (value instanceof Timestamp t) return t.toInstant();
        if (value instanceof OffsetDateTime o) return o.toInstant();
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
