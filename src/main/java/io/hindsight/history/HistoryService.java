package io.hindsight.history;

import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The History tab: the revisions of an incident and of everything on it, two revisions of one record compared, and
 * any revision restored. A restore goes through the record's own service, as a save from its form would, so its rules
 * hold (a published postmortem's restore becomes an amendment) and the save keeps its own revision.
 */
@ApplicationScoped
@Transactional
public class HistoryService {

    public static final int PAGE_SIZE = 30;

    @Inject
    RevisionService revisions;

    @Inject
    Instance<RevisionRestorer> restorers;

    @Inject
    Audit audit;

    /** One revision as the History tab lists it. */
    public record Entry(Revision revision, String record, String author) {
        public long id() {
            return revision.id;
        }
    }

    /** A page of an incident's history, newest first. */
    public record HistoryPage(List<Entry> entries, int page, boolean hasNext) {
        public boolean hasPrevious() {
            return page > 1;
        }
    }

    /** One field of a record in two revisions: word by word when it holds prose. */
    public record FieldChange(String field, String label, boolean prose, String before, String after,
                              List<TextDiff.Segment> segments) {
        public boolean changed() {
            return !Objects.equals(before, after);
        }
    }

    /** Two revisions of one record, field by field. */
    public record Comparison(Entry from, Entry to, List<FieldChange> fields) {
        public List<FieldChange> changes() {
            return fields.stream().filter(FieldChange::changed).toList();
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public HistoryPage history(long incidentId, int page) {
        requireIncident(incidentId);
        int current = Math.max(1, page);
        if ((long) (current - 1) * PAGE_SIZE > Integer.MAX_VALUE) {
            return new HistoryPage(List.of(), current, false); // far past the last page: nothing there
        }
        List<Revision> found = Revision.<Revision>find("incidentId = ?1 ORDER BY createdAt DESC, id DESC", incidentId)
                .page(current - 1, PAGE_SIZE).list();
        boolean hasNext = Revision.count("incidentId", incidentId) > (long) current * PAGE_SIZE;
        return new HistoryPage(entries(found), current, hasNext);
    }

    /** Every revision of the record {@code revision} belongs to, newest first, to choose what to compare it with. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Entry> revisionsOfRecord(Revision revision) {
        return entries(Revision.ofRecord(revision.entityType, revision.entityId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Revision revision(long incidentId, long revisionId) {
        return Revision.findOnIncident(incidentId, revisionId)
                .orElseThrow(() -> new NotFoundException("No revision " + revisionId + " on incident " + incidentId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Entry entry(Revision revision) {
        return entries(List.of(revision)).get(0);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Object> fields(Revision revision) {
        return revisions.read(revision);
    }

    /**
     * Compares two revisions of one record; without {@code fromId}, the revision before {@code toId} (or the revision
     * with itself when it is the first).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Comparison compare(long incidentId, Long fromId, long toId) {
        Revision to = revision(incidentId, toId);
        Revision from = fromId == null ? to.previous(false).orElse(to) : revision(incidentId, fromId);
        if (from.entityType != to.entityType || from.entityId != to.entityId) {
            throw new InvalidInputException("from", "Choose two revisions of the same record to compare.");
        }
        return from.sequence > to.sequence ? comparison(to, from) : comparison(from, to);
    }

    /**
     * What restoring a revision would change: the record's newest revision (before) against the one to restore (after).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Comparison restorePreview(long incidentId, long revisionId) {
        Revision revision = revision(incidentId, revisionId);
        return comparison(Revision.latest(revision.entityType, revision.entityId).orElse(revision), revision);
    }

    private Comparison comparison(Revision from, Revision to) {
        Map<String, Object> before = revisions.read(from);
        Map<String, Object> after = revisions.read(to);
        Set<String> names = new LinkedHashSet<>(after.keySet());
        names.addAll(before.keySet());
        List<FieldChange> fields = new ArrayList<>();
        for (String name : names) {
            String a = text(before.get(name));
            String b = text(after.get(name));
            boolean prose = to.entityType.prose(name);
            fields.add(new FieldChange(name, RevisionService.label(name), prose, a, b,
                    prose ? TextDiff.words(a, b) : List.of()));
        }
        List<Entry> pair = entries(List.of(from, to));
        return new Comparison(pair.get(0), pair.get(1), fields);
    }

    /**
     * Brings back the values of a revision through the record's own save, which keeps a new revision of kind RESTORE
     * (or, for a published postmortem, an amendment that goes through review).
     *
     * @return the revision the restore kept
     */
    public Revision restore(long incidentId, long revisionId, long actorId) {
        Revision source = revision(incidentId, revisionId);
        long before = Revision.latest(source.entityType, source.entityId).map(r -> r.id).orElse(0L);
        restorers.stream().filter(r -> r.restores(source.entityType)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Nothing restores " + source.entityType))
                .restore(source, actorId);
        // The saves of the restore, not a record of the values as they were that a save may keep first (nobody's).
        List<Revision> kept = Revision.<Revision>list("entityType = ?1 AND entityId = ?2 AND id > ?3 ORDER BY id",
                source.entityType, source.entityId, before).stream().filter(r -> r.authorId != null).toList();
        if (kept.isEmpty()) {
            throw new InvalidInputException("revision", "The record holds these values already: there is nothing to restore.");
        }
        for (Revision revision : kept) {
            if (revision.kind == RevisionKind.SAVE) {
                revision.kind = RevisionKind.RESTORE;
                revision.summary = cut("Restored revision " + source.sequence + ": " + revision.summary);
            } else {
                revision.summary = cut("Restored revision " + source.sequence + " as an amendment: " + revision.summary);
            }
        }
        Revision last = kept.get(kept.size() - 1);
        audit.record(actorId, AuditAction.REVISION_RESTORED, AuditSubject.incident(incidentId), source.entityType.label() + " " + source.entityId
                + ": revision " + source.sequence + " restored as revision " + last.sequence, null);
        return last;
    }

    /** The history of an incident that does not exist is not found (not empty). */
    private static void requireIncident(long incidentId) {
        Number found = (Number) Revision.getEntityManager().createNativeQuery("SELECT count(*) FROM incident WHERE id = ?1")
                .setParameter(1, incidentId).getSingleResult();
        if (found.longValue() == 0) {
            throw new NotFoundException("No incident " + incidentId);
        }
    }

    private List<Entry> entries(List<Revision> found) {
        Map<Long, String> names = names(found.stream().map(r -> r.authorId).filter(Objects::nonNull).toList());
        List<Entry> entries = new ArrayList<>();
        for (Revision revision : found) {
            entries.add(new Entry(revision, recordName(revision),
                    revision.authorId == null ? "Nobody in particular" : names.getOrDefault(revision.authorId, "A former user")));
        }
        return entries;
    }

    /** "Incident", "Postmortem", "Action item “Alert on lock waits”" — from the revision's own values. */
    private String recordName(Revision revision) {
        Map<String, Object> fields = revisions.read(revision);
        Object name = switch (revision.entityType) {
            case ACTION_ITEM -> fields.get("title");
            case TIMELINE_ENTRY -> fields.get("description");
            case CHECKLIST_ITEM -> fields.get("text");
            default -> null;
        };
        String text = name == null ? "" : name.toString().strip();
        if (text.length() > 60) {
            text = text.substring(0, 57) + "…";
        }
        return text.isEmpty() ? revision.entityType.label() : revision.entityType.label() + " “" + text + "”";
    }

    private static Map<Long, String> names(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            User.<User>list("id IN ?1", new LinkedHashSet<>(ids)).forEach(u -> names.put(u.id, u.name));
        }
        return names;
    }

    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Collection<?> values) {
            return String.join(", ", values.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    private static String cut(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
