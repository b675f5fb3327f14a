package io.hindsight.incident;

import io.hindsight.account.User;
import io.hindsight.history.RecordType;
import io.hindsight.history.RevisionKind;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionService;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Records incidents and their timelines, and owns the rules they must keep. */
@ApplicationScoped
@Transactional
public class IncidentService {

    /** Clocks on laptops drift; a start a few minutes "in the future" is not worth an error. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    /** Why a form or a program cannot pick a status that only the review workflow sets, and how to reach it. */
    public static final String SET_BY_REVIEW = "'Published' is reached by publishing the postmortem after review; "
            + "'Postmortem in review' by sending the postmortem for review.";

    @Inject
    Validator validator;

    @Inject
    Clock clock;

    @Inject
    RevisionService revisions;

    @Inject
    Event<IncidentDeclared> declared;

    @Inject
    Event<IncidentChanged> changed;

    /** An incident with its timeline loaded, ready to show. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Incident> find(long id) {
        return Incident.find("FROM Incident i LEFT JOIN FETCH i.timeline t LEFT JOIN FETCH t.createdBy WHERE i.id = ?1", id)
                .singleResultOptional();
    }

    /**
     * An incident with its timeline; one in the Trash is gone (410), which every page and API reached through
     * here says instead of "not found".
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Incident get(long id) {
        return find(id).orElseThrow(() -> {
            requireNotInTrash(id);
            return new NotFoundException("No incident " + id);
        });
    }

    /** Throws "gone" (410) when the incident is in the Trash, for features that reach it through their own rows. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void requireNotInTrash(long id) {
        if (inTrash(id)) {
            throw new ClientErrorException("Incident " + id + " was deleted", Response.Status.GONE);
        }
    }

    /** Whether the incident exists but is in the Trash (plain SQL: Hibernate hides such rows). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean inTrash(long id) {
        return !Incident.getEntityManager()
                .createNativeQuery("SELECT 1 FROM incident WHERE id = ?1 AND deleted_at IS NOT NULL")
                .setParameter(1, id).getResultList().isEmpty();
    }

    /** Records an incident nobody in particular declared (the demo stories). */
    public Incident create(IncidentDraft input) {
        return create(input, null);
    }

    /** Records an incident declared by {@code declaredById} (a person, a program's token owner, an importer). */
    public Incident create(IncidentDraft input, Long declaredById) {
        IncidentDraft draft = checked(input, null);
        Incident incident = new Incident();
        apply(draft, incident);
        incident.declaredById = declaredById;
        incident.createdAt = clock.instant();
        incident.updatedAt = incident.createdAt;
        incident.persist();
        revisions.saved(RecordType.INCIDENT, incident.id, incident.id, null, IncidentDraft.of(incident));
        declared.fire(new IncidentDeclared(incident));
        return incident;
    }

    /**
     * Replaces what is recorded about an incident.
     *
     * @param expectedVersion the version the editor started from, or null to skip the check (API)
     */
    public Incident update(long id, IncidentDraft input, Long expectedVersion) {
        Incident incident = get(id);
        if (expectedVersion != null && expectedVersion != incident.version) {
            throw new OptimisticLockException("Incident " + id + " changed while it was being edited");
        }
        IncidentDraft draft = checked(input, incident.status);
        Severity previousSeverity = incident.severity;
        IncidentStatus previousStatus = incident.status;
        IncidentDraft before = IncidentDraft.of(incident);
        apply(draft, incident);
        incident.updatedAt = clock.instant();
        revisions.saved(RecordType.INCIDENT, incident.id, incident.id, before, IncidentDraft.of(incident));
        changed.fire(new IncidentChanged(incident, previousSeverity, previousStatus));
        return incident;
    }

    /**
     * Keeps values that lost a concurrent save as a draft revision of the incident, so their author can reopen them
     * from the History tab; nothing else changes.
     *
     * @return the draft revision, or empty when the incident is gone
     */
    public Optional<Revision> keepDraft(long id, IncidentDraft typed, Long authorId) {
        return find(id).map(incident -> revisions.recordDraft(RecordType.INCIDENT, id, id, typed, authorId));
    }

    /** As {@link #keepDraft}, for a timeline entry whose correction lost to someone else's. */
    public Optional<Revision> keepTimelineDraft(long incidentId, long entryId, TimelineDraft typed, Long authorId) {
        return find(incidentId).flatMap(incident -> incident.timeline.stream().filter(e -> e.id == entryId).findFirst())
                .map(entry -> revisions.recordDraft(RecordType.TIMELINE_ENTRY, entryId, incidentId,
                        new TimelineDraft(typed.occurredAt(), typed.kind(), typed.description()), authorId));
    }

    /**
     * Records when the impact of an incident ended and moves it to Resolved, with the same rules as the
     * form (not before the start or the mitigation; mitigation filled in if it was never said) and not
     * in the future. The review workflow asks for it before a postmortem of an open incident goes to review.
     */
    public Incident resolve(long id, Instant resolvedAt) {
        Incident incident = get(id);
        if (resolvedAt == null) {
            throw new InvalidInputException("resolvedAt", "Say when the incident was resolved.");
        }
        if (resolvedAt.isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            throw new InvalidInputException("resolvedAt", "The resolution is in the future.");
        }
        return update(id, new IncidentDraft(incident.title, incident.summary, incident.severity, IncidentStatus.RESOLVED,
                incident.startedAt, incident.detectedAt, incident.mitigatedAt, resolvedAt, incident.customerImpact,
                incident.affectedServices, incident.tags), null);
    }

    /**
     * The quick status change on the incident page: the same rules as the edit form submitted with only the status
     * changed (moving to mitigated or resolved sets those times to now when they are not known; in review and
     * published are left to the review).
     *
     * @return whether the status changed (false when it already was {@code status})
     */
    public boolean changeStatus(long id, IncidentStatus status, Long expectedVersion) {
        Incident incident = get(id);
        if (status != null && status == incident.status) {
            return false;
        }
        update(id, IncidentDraft.of(incident).withStatus(status), expectedVersion);
        return true;
    }

    /**
     * The quick severity change on the incident page, by the rules of the edit form.
     *
     * @return whether the severity changed
     */
    public boolean changeSeverity(long id, Severity severity, Long expectedVersion) {
        Incident incident = get(id);
        if (severity != null && severity == incident.severity) {
            return false;
        }
        update(id, IncidentDraft.of(incident).withSeverity(severity), expectedVersion);
        return true;
    }

    /** Adds a moment nobody in particular wrote (the demo stories, an import), keeping the start as it is. */
    public TimelineEntry addTimelineEntry(long incidentId, TimelineDraft input) {
        return addTimelineEntry(incidentId, input, null, BeforeStart.KEEP);
    }

    /**
     * Adds moments nobody in particular wrote to one incident's timeline at once, keeping the start as it is: what a
     * delivery of many alerts says about their incident, which is then changed once rather than once per moment.
     */
    public void addTimelineEntries(long incidentId, List<TimelineDraft> inputs) {
        Incident incident = get(incidentId);
        for (TimelineDraft input : inputs) {
            newEntry(incident, checked(input), null);
        }
    }

    /**
     * Adds a moment to an incident's timeline.
     *
     * @param authorId    who adds it, or null
     * @param beforeStart what to do when it happened before the impact started
     * @throws BeforeStart.Question when it did and {@code beforeStart} is {@link BeforeStart#ASK}; nothing is saved
     */
    public TimelineEntry addTimelineEntry(long incidentId, TimelineDraft input, Long authorId, BeforeStart beforeStart) {
        Incident incident = get(incidentId);
        TimelineDraft draft = checked(input);
        User author = authorId == null ? null : User.<User>findById(authorId);
        placeBeforeStart(incident, draft.occurredAt(), beforeStart);
        return newEntry(incident, draft, author);
    }

    private TimelineEntry newEntry(Incident incident, TimelineDraft draft, User author) {
        TimelineEntry entry = new TimelineEntry();
        entry.incident = incident;
        entry.occurredAt = draft.occurredAt();
        entry.kind = draft.kind();
        entry.description = draft.description();
        entry.createdAt = clock.instant();
        entry.createdBy = author;
        incident.timeline.add(entry);
        incident.updatedAt = clock.instant();
        entry.persist();
        revisions.created(RecordType.TIMELINE_ENTRY, entry.id, incident.id, TimelineDraft.of(entry));
        return entry;
    }

    /** One moment of an incident's timeline, with its incident, for the edit form. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TimelineEntry timelineEntry(long incidentId, long entryId) {
        return get(incidentId).timeline.stream().filter(e -> e.id == entryId).findFirst()
                .orElseThrow(() -> new NotFoundException("No timeline entry " + entryId + " on incident " + incidentId));
    }

    /**
     * Corrects a moment: when, what kind, what happened. Who added it stays as it was.
     *
     * @throws BeforeStart.Question as {@link #addTimelineEntry(long, TimelineDraft, Long, BeforeStart)}
     */
    public TimelineEntry updateTimelineEntry(long incidentId, long entryId, TimelineDraft input, BeforeStart beforeStart) {
        return updateTimelineEntry(incidentId, entryId, input, beforeStart, null);
    }

    /**
     * {@link #updateTimelineEntry(long, long, TimelineDraft, BeforeStart)}, refused when the moment is no longer at
     * {@code expectedVersion} (someone else corrected it meanwhile).
     */
    public TimelineEntry updateTimelineEntry(long incidentId, long entryId, TimelineDraft input, BeforeStart beforeStart,
                                             Long expectedVersion) {
        TimelineEntry entry = timelineEntry(incidentId, entryId);
        if (expectedVersion != null && expectedVersion != entry.version) {
            throw new OptimisticLockException("Timeline entry " + entryId + " changed while it was being edited");
        }
        TimelineDraft draft = checked(input);
        placeBeforeStart(entry.incident, draft.occurredAt(), beforeStart);
        TimelineDraft before = TimelineDraft.of(entry);
        entry.occurredAt = draft.occurredAt();
        entry.kind = draft.kind();
        entry.description = draft.description();
        entry.incident.updatedAt = clock.instant();
        revisions.saved(RecordType.TIMELINE_ENTRY, entry.id, entry.incident.id, before, TimelineDraft.of(entry));
        return entry;
    }

    /** Removes a moment; its history keeps its last values, and restoring a revision brings it back ({@link #reinstateTimelineEntry}). */
    public void removeTimelineEntry(long incidentId, long entryId) {
        Incident incident = get(incidentId);
        TimelineEntry entry = incident.timeline.stream().filter(e -> e.id == entryId).findFirst()
                .orElseThrow(() -> new NotFoundException("No timeline entry " + entryId + " on incident " + incidentId));
        revisions.removed(RecordType.TIMELINE_ENTRY, entryId, incidentId, TimelineDraft.of(entry));
        incident.timeline.remove(entry);
        incident.updatedAt = clock.instant();
    }

    /**
     * Brings a removed moment back under its own id, so its history goes on where it stopped, with the values of
     * {@code draft}; the save keeps a revision like any other.
     */
    public TimelineEntry reinstateTimelineEntry(long incidentId, long entryId, TimelineDraft input, Long authorId) {
        Incident incident = get(incidentId);
        if (incident.timeline.stream().anyMatch(e -> e.id == entryId)) {
            throw new IllegalStateException("Timeline entry " + entryId + " is there already");
        }
        TimelineDraft draft = checked(input);
        TimelineEntry.getEntityManager().createNativeQuery("""
                        INSERT INTO timeline_entry (id, incident_id, occurred_at, kind, description, created_at, created_by)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                .setParameter(1, entryId).setParameter(2, incidentId).setParameter(3, draft.occurredAt())
                .setParameter(4, draft.kind().name()).setParameter(5, draft.description()).setParameter(6, clock.instant())
                .setParameter(7, authorId).executeUpdate();
        TimelineEntry entry = TimelineEntry.findById(entryId);
        incident.timeline.add(entry);
        incident.updatedAt = clock.instant();
        revisions.record(RecordType.TIMELINE_ENTRY, entryId, incidentId, RevisionKind.RESTORE, TimelineDraft.of(entry), authorId,
                "Brought back after it was removed");
        return entry;
    }

    private TimelineDraft checked(TimelineDraft input) {
        TimelineDraft draft = new TimelineDraft(input.occurredAt(), input.kind(),
                input.description() == null ? null : input.description().strip());
        List<FieldError> errors = new ArrayList<>();
        if (draft.occurredAt() != null && draft.occurredAt().isAfter(clock.instant().plus(FUTURE_TOLERANCE))) {
            errors.add(new FieldError("occurredAt", "That moment is in the future."));
        }
        InvalidInputException.check(validator, draft, errors);
        return draft;
    }

    /** A moment before the impact started: ask, keep the start, or move the start to it by the incident's rules. */
    private void placeBeforeStart(Incident incident, Instant at, BeforeStart beforeStart) {
        if (incident.startedAt == null || !at.isBefore(incident.startedAt) || beforeStart == BeforeStart.KEEP) {
            return;
        }
        if (beforeStart != BeforeStart.MOVE_START) {
            throw new BeforeStart.Question(incident.startedAt);
        }
        IncidentDraft moved;
        try {
            moved = checked(IncidentDraft.of(incident).withStart(at), incident.status);
        } catch (InvalidInputException e) {
            // Said of the moment, whose time the person chose.
            throw new InvalidInputException(e.errors().stream().map(err -> new FieldError("occurredAt", err.message())).toList());
        }
        Severity previousSeverity = incident.severity;
        IncidentStatus previousStatus = incident.status;
        apply(moved, incident);
        changed.fire(new IncidentChanged(incident, previousSeverity, previousStatus));
    }

    /**
     * One page of the list. Reads the page's rows and one more (is there a page after it?) through the index of the
     * list's order, starting at the cursor when there is one: the work is the page's, however long the history. The
     * total and the status tabs' counts come from {@link #countByStatus(IncidentQuery)}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentPage search(IncidentQuery query) {
        return search(query, countByStatus(query));
    }

    /** The page, with the counts already read for its tabs. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentPage search(IncidentQuery query, StatusCounts counts) {
        IncidentPage.Total total = query.status() == null ? counts.all() : counts.knows(query.status())
                ? IncidentPage.Total.exact(counts.get(query.status())) : boundedCount(Filter.of(query, true));
        if (total.exact() && total.count() == 0) {
            return new IncidentPage(List.of(), query, total, null, null, 1);
        }
        Filter filter = Filter.of(query, true);
        IncidentQuery.Sort sort = query.sort();
        Cursor cursor = query.cursor();
        int size = query.size();
        if (cursor != null && !cursor.forward()) {
            List<Incident> rows = keyset(filter, sort, cursor, size + 1);
            if (rows.size() <= size) {
                // Nothing newer than a full page: that is the first page.
                return search(query.first(), counts);
            }
            rows = new ArrayList<>(rows.subList(0, size));
            java.util.Collections.reverse(rows);
            long first = Math.max(2, cursor.position() - size);
            return new IncidentPage(rows, query, total, Cursor.at(rows.get(0), sort, false, first),
                    Cursor.at(rows.get(rows.size() - 1), sort, true, first + size - 1), first);
        }
        List<Incident> rows;
        long first;
        if (cursor == null) {
            rows = Incident.<Incident>find(filter.where + " ORDER BY " + sort.hql, filter.params)
                    .range((int) query.offset(), (int) query.offset() + size).list();
            first = query.offset() + 1;
        } else {
            rows = keyset(filter, sort, cursor, size + 1);
            first = cursor.position() + 1;
        }
        boolean more = rows.size() > size;
        if (more) {
            rows = rows.subList(0, size);
        }
        Cursor newer = first == 1 ? null : rows.isEmpty()
                ? (cursor == null ? null : new Cursor(sort, false, first, cursor.severity(), cursor.time(), cursor.title(), cursor.id()))
                : Cursor.at(rows.get(0), sort, false, first);
        Cursor older = more ? Cursor.at(rows.get(rows.size() - 1), sort, true, first + size - 1) : null;
        return new IncidentPage(List.copyOf(rows), query, total, newer, older, first);
    }

    /**
     * Up to {@code limit} rows next to {@code cursor}: after it in the list's order when it points forward, before it
     * (in reverse order, nearest first) otherwise. Sort keys all in one direction compare as a row, which the order's
     * index answers directly; "most severe first" (severity up, time down) reads the cursor's severity first and then
     * the severities after it.
     */
    private static List<Incident> keyset(Filter filter, IncidentQuery.Sort sort, Cursor cursor, int limit) {
        boolean forward = cursor.forward();
        String order = forward ? sort.hql : sort.reverseHql;
        Map<String, Object> params = new java.util.HashMap<>(filter.params);
        params.put("kid", cursor.id());
        String where = switch (sort) {
            case NEWEST -> "(startedAt, id) " + (forward ? "<" : ">") + " (:kt, :kid)";
            case OLDEST -> "(startedAt, id) " + (forward ? ">" : "<") + " (:kt, :kid)";
            case UPDATED -> "(updatedAt, id) " + (forward ? "<" : ">") + " (:kt, :kid)";
            case TITLE -> "(lower(title), id) " + (forward ? ">" : "<") + " (:ktitle, :kid)";
            case SEVERITY -> "severity = :ksev AND (startedAt, id) " + (forward ? "<" : ">") + " (:kt, :kid)";
        };
        if (sort == IncidentQuery.Sort.TITLE) {
            params.put("ktitle", cursor.title());
        } else {
            params.put("kt", cursor.time());
        }
        if (sort == IncidentQuery.Sort.SEVERITY) {
            params.put("ksev", cursor.severity());
        }
        List<Incident> rows = new ArrayList<>(Incident.<Incident>find(filter.where + " AND " + where + " ORDER BY " + order, params)
                .range(0, limit - 1).list());
        if (sort == IncidentQuery.Sort.SEVERITY && rows.size() < limit) {
            List<Severity> beyond = java.util.Arrays.stream(Severity.values())
                    .filter(s -> forward ? s.compareTo(cursor.severity()) > 0 : s.compareTo(cursor.severity()) < 0).toList();
            if (!beyond.isEmpty()) {
                Map<String, Object> rest = new java.util.HashMap<>(filter.params);
                rest.put("beyond", beyond);
                rows.addAll(Incident.<Incident>find(filter.where + " AND severity IN :beyond ORDER BY " + order, rest)
                        .range(0, limit - rows.size() - 1).list());
            }
        }
        return rows;
    }

    /**
     * How many incidents each status holds under the other filters of {@code query}, and in all. Without a tag,
     * service or text filter the counts kept by the database answer (V19: {@code incident_tally}, a handful of rows);
     * with one, the statuses of at most {@link IncidentPage.Total#CAP} + 1 matches are read: fewer, and they are
     * counted exactly; more, and only "All" shows, as "100+".
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public StatusCounts countByStatus(IncidentQuery query) {
        Map<IncidentStatus, Long> counts = new EnumMap<>(IncidentStatus.class);
        if (query.tag() == null && query.service() == null && query.text() == null) {
            for (IncidentStatus status : IncidentStatus.values()) {
                counts.put(status, 0L);
            }
            var tally = Incident.getEntityManager().createNativeQuery(query.severity() == null
                    ? "SELECT status, sum(incidents) FROM incident_tally GROUP BY status"
                    : "SELECT status, sum(incidents) FROM incident_tally WHERE severity = :severity GROUP BY status", Object[].class);
            if (query.severity() != null) {
                tally.setParameter("severity", query.severity().name());
            }
            long all = 0;
            for (Object[] row : (List<Object[]>) tally.getResultList()) {
                long n = ((Number) row[1]).longValue();
                counts.put(IncidentStatus.valueOf((String) row[0]), n);
                all += n;
            }
            return new StatusCounts(counts, IncidentPage.Total.exact(all));
        }
        if (namesUnknown(query)) {
            // No incident outside the Trash has that tag or service: nothing to read (and no plan to guess).
            for (IncidentStatus status : IncidentStatus.values()) {
                counts.put(status, 0L);
            }
            return new StatusCounts(counts, IncidentPage.Total.exact(0));
        }
        Filter filter = Filter.of(query, false);
        var statuses = Incident.getEntityManager()
                .createQuery("SELECT status FROM Incident WHERE " + filter.where, IncidentStatus.class)
                .setMaxResults(IncidentPage.Total.CAP + 1);
        filter.params.forEach(statuses::setParameter);
        List<IncidentStatus> found = statuses.getResultList();
        if (found.size() > IncidentPage.Total.CAP) {
            return new StatusCounts(Map.of(), IncidentPage.Total.atLeast(IncidentPage.Total.CAP));
        }
        for (IncidentStatus status : IncidentStatus.values()) {
            counts.put(status, 0L);
        }
        found.forEach(status -> counts.merge(status, 1L, Long::sum));
        return new StatusCounts(counts, IncidentPage.Total.exact(found.size()));
    }

    /** Whether the query's tag or service is one no incident outside the Trash has (V19 keeps them). */
    private static boolean namesUnknown(IncidentQuery query) {
        if (query.tag() == null && query.service() == null) {
            return false;
        }
        StringBuilder sql = new StringBuilder("SELECT true");
        if (query.tag() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM incident_known_tag WHERE tag = :tag)");
        }
        if (query.service() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM incident_known_service WHERE service = :service)");
        }
        // Without a result class: see knownTags().
        var known = Incident.getEntityManager().createNativeQuery(sql.toString());
        if (query.tag() != null) {
            known.setParameter("tag", query.tag());
        }
        if (query.service() != null) {
            known.setParameter("service", query.service());
        }
        return !Boolean.TRUE.equals(known.getSingleResult());
    }

    /** How many incidents match, counted one by one up to {@link IncidentPage.Total#CAP}. */
    private static IncidentPage.Total boundedCount(Filter filter) {
        var ids = Incident.getEntityManager().createQuery("SELECT id FROM Incident WHERE " + filter.where, Long.class)
                .setMaxResults(IncidentPage.Total.CAP + 1);
        filter.params.forEach(ids::setParameter);
        int n = ids.getResultList().size();
        return n > IncidentPage.Total.CAP ? IncidentPage.Total.atLeast(IncidentPage.Total.CAP) : IncidentPage.Total.exact(n);
    }

    /**
     * Every tag in use outside the Trash (the first 500), for suggestions in filters and forms; kept by the database (V19).
     * A native query without a result class: with one ({@code String.class}), Hibernate's key for its translation never
     * equals the last one, so every run added another entry to the query plan cache and pushed out the other queries'
     * plans (docs/performance.md, "What a page costs beyond its SQL"). A single text column reads as a String anyway.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<String> knownTags() {
        return Incident.getEntityManager()
                .createNativeQuery("SELECT tag FROM incident_known_tag ORDER BY tag LIMIT 500")
                .getResultList();
    }

    /** Every affected service named by an incident outside the Trash (the first 500); kept by the database (V19). As knownTags(). */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<String> knownServices() {
        return Incident.getEntityManager()
                .createNativeQuery("SELECT service FROM incident_known_service ORDER BY service LIMIT 500")
                .getResultList();
    }

    /** The latest incidents in one status, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Incident> latestWithStatus(IncidentStatus status, int limit) {
        return Incident.<Incident>find("status = ?1 ORDER BY updatedAt DESC, id DESC", status).page(0, limit).list();
    }

    /** How many incidents there are outside the Trash, from the counts the database keeps (V19). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count() {
        Number n = (Number) Incident.getEntityManager()
                .createNativeQuery("SELECT coalesce(sum(incidents), 0) FROM incident_tally").getSingleResult();
        return n.longValue();
    }

    /**
     * The draft as it will be stored, or every reason it cannot be.
     *
     * @param current the incident's status now, or null for a new incident
     */
    private IncidentDraft checked(IncidentDraft input, IncidentStatus current) {
        IncidentDraft draft = input.normalized();
        draft = withStatusTimes(draft);
        List<FieldError> errors = new ArrayList<>();
        statusError(current, draft.status()).ifPresent(errors::add);
        errors.addAll(chronologyErrors(draft));
        InvalidInputException.check(validator, draft, errors);
        return draft;
    }

    /**
     * In review and Published belong to the review workflow: nobody picks them, and while an incident is in one of
     * them its status follows the review, so a form or a program can only leave it as it is.
     */
    private static Optional<FieldError> statusError(IncidentStatus current, IncidentStatus wanted) {
        if (wanted == null || wanted == current) {
            return Optional.empty();
        }
        if (wanted.isSetByReview()) {
            return Optional.of(new FieldError("status", SET_BY_REVIEW));
        }
        if (current != null && current.isSetByReview()) {
            return Optional.of(new FieldError("status", "The status stays '" + current.label()
                    + "': while the postmortem is in review or published, the status follows the review."));
        }
        return Optional.empty();
    }

    /** Moving to "mitigated" or "resolved" without saying when means "just now". */
    private IncidentDraft withStatusTimes(IncidentDraft draft) {
        if (draft.status() == null) {
            return draft;
        }
        Instant now = clock.instant();
        Instant mitigated = draft.mitigatedAt();
        Instant resolved = draft.resolvedAt();
        if (draft.status() != IncidentStatus.INVESTIGATING && mitigated == null) {
            mitigated = resolved != null ? resolved : now;
        }
        if (draft.status().isResolved() && resolved == null) {
            resolved = now;
        }
        return draft.withTimes(draft.detectedAt(), mitigated, resolved);
    }

    private List<FieldError> chronologyErrors(IncidentDraft d) {
        List<FieldError> errors = new ArrayList<>();
        Instant latestAllowed = clock.instant().plus(FUTURE_TOLERANCE);
        if (d.startedAt() != null && d.startedAt().isAfter(latestAllowed)) {
            errors.add(new FieldError("startedAt", "The start is in the future."));
        }
        before(errors, d.startedAt(), d.detectedAt(), "detectedAt", "Detection cannot come before the start.");
        before(errors, d.startedAt(), d.mitigatedAt(), "mitigatedAt", "Mitigation cannot come before the start.");
        before(errors, d.detectedAt(), d.mitigatedAt(), "mitigatedAt", "Mitigation cannot come before detection.");
        before(errors, d.startedAt(), d.resolvedAt(), "resolvedAt", "Resolution cannot come before the start.");
        before(errors, d.mitigatedAt(), d.resolvedAt(), "resolvedAt", "Resolution cannot come before mitigation.");
        return errors;
    }

    private static void before(List<FieldError> errors, Instant earlier, Instant later, String field, String message) {
        if (earlier != null && later != null && later.isBefore(earlier)) {
            errors.add(new FieldError(field, message));
        }
    }

    private static void apply(IncidentDraft d, Incident incident) {
        incident.title = d.title();
        incident.summary = d.summary();
        incident.severity = d.severity();
        incident.status = d.status();
        incident.startedAt = d.startedAt();
        incident.detectedAt = d.detectedAt();
        incident.mitigatedAt = d.mitigatedAt();
        incident.resolvedAt = d.resolvedAt();
        incident.customerImpact = d.customerImpact();
        incident.affectedServices = new ArrayList<>(d.affectedServices());
        incident.tags = new ArrayList<>(d.tags());
    }

    /** The WHERE clause of a query, built only from fixed fragments and named parameters. */
    private record Filter(String where, Map<String, Object> params) {

        static Filter of(IncidentQuery q, boolean withStatus) {
            StringBuilder where = new StringBuilder("1 = 1");
            Parameters params = new Parameters();
            if (withStatus && q.status() != null) {
                where.append(" AND status = :status");
                params.and("status", q.status());
            }
            if (q.severity() != null) {
                where.append(" AND severity = :severity");
                params.and("severity", q.severity());
            }
            if (q.tag() != null) {
                where.append(" AND array_contains(tags, :tag)");
                params.and("tag", q.tag());
            }
            if (q.service() != null) {
                where.append(" AND array_contains(affectedServices, :service)");
                params.and("service", q.service());
            }
            if (q.text() != null) {
                where.append(" AND (lower(title) LIKE :text ESCAPE '\\' OR lower(summary) LIKE :text ESCAPE '\\')");
                params.and("text", "%" + q.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            }
            return new Filter(where.toString(), params.map());
        }
    }
}
