package io.hindsight.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.account.CurrentUser;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a revision of every save of the records people edit, in the caller's transaction, so a save and its revision
 * land together or not at all. The services that save call {@link #saved}; a conflicting save keeps the text that lost
 * with {@link #recordDraft}. Reading, comparing and restoring revisions is in {@link HistoryService}.
 */
@ApplicationScoped
@Transactional
public class RevisionService {

    static final String BEFORE_HISTORY = "As it was before its history was kept";

    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * The editable fields of a record as a revision keeps them: a record (such as an {@code IncidentDraft}) or a map,
     * turned into JSON values with the API's names (snake_case).
     */
    public Map<String, Object> fields(Object values) {
        try {
            // Through text, so that numbers and dates compare the same as those read back from a revision.
            return json.readValue(json.writeValueAsString(values), FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Fields cannot be kept as JSON", e);
        }
    }

    /**
     * Keeps a revision of a save by the person of this request (nobody, outside a request). The first revision of a
     * record that existed before revisions were kept starts from {@code before}, so the older values are not lost.
     * A save that changed nothing keeps nothing.
     *
     * @param before the fields before the save, or null when the record is new
     * @param after  the fields after the save
     * @return the revision kept, or empty when nothing changed
     */
    public Optional<Revision> saved(RecordType type, long entityId, long incidentId, Object before, Object after) {
        Long author = currentUser();
        if (before != null) {
            baseline(type, entityId, incidentId, before);
        }
        RevisionKind kind = before == null && Revision.latest(type, entityId).isEmpty() ? RevisionKind.CREATE : RevisionKind.SAVE;
        return Optional.ofNullable(record(type, entityId, incidentId, kind, after, author, null));
    }

    /**
     * The newest revision whose values the record holds now ({@code current}), keeping one first when there is none:
     * for a record older than its history, or changed without a revision.
     */
    public Revision current(RecordType type, long entityId, long incidentId, Object current) {
        Map<String, Object> fields = fields(current);
        Optional<Revision> live = Revision.latest(type, entityId).flatMap(r -> r.kind.live() ? Optional.of(r) : r.previous(true));
        if (live.isPresent() && read(live.get()).equals(fields)) {
            return live.get();
        }
        return record(type, entityId, incidentId, RevisionKind.SAVE, fields, null,
                live.isEmpty() ? BEFORE_HISTORY : "As it was, unrecorded");
    }

    /** Keeps the values a record had before its first revision, so that its first save does not lose them. */
    public void baseline(RecordType type, long entityId, long incidentId, Object before) {
        if (Revision.latest(type, entityId).isEmpty()) {
            record(type, entityId, incidentId, RevisionKind.SAVE, before, null, BEFORE_HISTORY);
        }
    }

    /** Keeps the last values of a record that is being removed, so that it can be brought back from its history. */
    public Revision removed(RecordType type, long entityId, long incidentId, Object last) {
        baseline(type, entityId, incidentId, last);
        return record(type, entityId, incidentId, RevisionKind.REMOVE, last, currentUser(), null);
    }

    /**
     * Keeps text that was not saved, because someone else saved the record first: the author can compare it with the
     * current text and reopen it (restore it) from the History tab. Nothing the readers see changes.
     *
     * @param fields the fields as the author submitted them: the same record or map the record's service saves
     *               (an {@code IncidentDraft}, a {@code PostmortemDraft}, a {@code TimelineDraft}, ...)
     */
    public Revision recordDraft(RecordType type, long entityId, long incidentId, Object fields, Long authorId) {
        return record(type, entityId, incidentId, RevisionKind.DRAFT, fields, authorId, null);
    }

    /**
     * Keeps the first revision of a record this transaction has just inserted, by the person of this request: what
     * {@link #saved} keeps for a new record, without looking for earlier revisions, which a new id cannot have (many
     * records made in one transaction, such as a storm of alerts' timeline entries, then cost one insert each).
     */
    public Revision created(RecordType type, long entityId, long incidentId, Object values) {
        Revision revision = new Revision();
        revision.entityType = Objects.requireNonNull(type);
        revision.entityId = entityId;
        revision.incidentId = incidentId;
        revision.sequence = 1;
        revision.authorId = currentUser();
        revision.createdAt = clock.instant();
        revision.kind = RevisionKind.CREATE;
        revision.snapshot = write(fields(values));
        revision.summary = cut(RevisionKind.CREATE.label());
        revision.persist();
        return revision;
    }

    /**
     * Keeps a revision of any kind. A save or restore that changed nothing compared with the values the record held
     * keeps nothing (null); drafts and amendments are always kept.
     *
     * @param summary what happened, or null to list the fields that changed
     */
    public Revision record(RecordType type, long entityId, long incidentId, RevisionKind kind, Object values, Long authorId,
                           String summary) {
        Objects.requireNonNull(type);
        Objects.requireNonNull(kind);
        lock(type, entityId);
        Map<String, Object> fields = fields(values);
        Optional<Revision> latest = Revision.latest(type, entityId);
        Optional<Revision> base = latest.flatMap(r -> r.kind.live() ? Optional.of(r) : r.previous(true));
        List<String> changed = base.map(r -> changedFields(read(r), fields)).orElse(null);
        boolean mustKeep = kind != RevisionKind.SAVE && kind != RevisionKind.RESTORE;
        if (!mustKeep && changed != null && changed.isEmpty() && summary == null) {
            return null;
        }
        Revision revision = new Revision();
        revision.entityType = type;
        revision.entityId = entityId;
        revision.incidentId = incidentId;
        revision.sequence = latest.map(r -> r.sequence + 1).orElse(1);
        revision.authorId = authorId;
        revision.createdAt = clock.instant();
        revision.kind = kind;
        revision.snapshot = write(fields);
        revision.summary = cut(summary != null ? summary
                : changed == null ? kind.label()
                : changed.isEmpty() ? "No change" : String.join(", ", changed.stream().map(RevisionService::label).toList()));
        revision.persist();
        return revision;
    }

    /** The fields a revision kept, in the order they were written. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Object> read(Revision revision) {
        try {
            return json.readValue(revision.snapshot, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Revision " + revision.id + " holds no readable fields", e);
        }
    }

    /** The fields as a record of the given type (such as an {@code IncidentDraft}); fields it does not have are left out. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public <T> T read(Revision revision, Class<T> as) {
        return json.copy().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .convertValue(read(revision), as);
    }

    /** The names of the fields whose values differ, in the order of {@code after}, then any only {@code before} had. */
    static List<String> changedFields(Map<String, Object> before, Map<String, Object> after) {
        Set<String> names = new LinkedHashSet<>(after.keySet());
        names.addAll(before.keySet());
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changed.add(name);
            }
        }
        return changed;
    }

    /** "customer_impact" → "Customer impact". */
    public static String label(String field) {
        String words = field.replace('_', ' ');
        if (words.endsWith(" id")) {
            words = words.substring(0, words.length() - 3);
        }
        return words.isEmpty() ? field : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private String write(Map<String, Object> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Fields cannot be kept as JSON", e);
        }
    }

    /** One save of a record at a time numbers its revision: concurrent saves wait here instead of colliding. */
    private void lock(RecordType type, long entityId) {
        // A lock reads no table: nothing pending needs to be written before it (which would otherwise write the record's
        // incident once per revision when many are kept in one transaction).
        Revision.getEntityManager().createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1, ?2)")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter(1, 0x4869_7300 + type.ordinal())
                .setParameter(2, (int) (entityId ^ (entityId >>> 32)))
                .getSingleResult();
    }

    private static Long currentUser() {
        InjectableContext context = Arc.container().requestContext();
        if (!context.isActive()) {
            return null;
        }
        CurrentUser user = Arc.container().instance(CurrentUser.class).get();
        return user == null ? null : user.id();
    }

    private static String cut(String text) {
        return text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
