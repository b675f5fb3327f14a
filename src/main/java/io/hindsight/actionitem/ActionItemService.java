package io.hindsight.actionitem;

import io.hindsight.account.User;
import io.hindsight.history.RecordType;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionService;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import io.hindsight.system.ParameterList;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Action items: owned, due, prioritised, and chased until done or consciously dropped. */
@ApplicationScoped
@Transactional
public class ActionItemService {

    @Inject
    IncidentService incidents;

    @Inject
    Validator validator;

    @Inject
    Clock clock;

    @Inject
    Event<ActionItemAssigned> assigned;

    @Inject
    RevisionService revisions;

    public ActionItem create(long incidentId, ActionItemDraft draft) {
        Incident incident = incidents.get(incidentId);
        User owner = checked(draft);
        ActionItem item = new ActionItem();
        item.incident = incident;
        apply(item, draft, owner);
        item.status = ActionItem.Status.OPEN;
        item.createdAt = clock.instant();
        item.updatedAt = item.createdAt;
        item.persist();
        revisions.saved(RecordType.ACTION_ITEM, item.id, incidentId, null, fields(item));
        if (owner != null) {
            assigned.fire(new ActionItemAssigned(item));
        }
        return item;
    }

    public ActionItem update(long incidentId, long itemId, ActionItemDraft draft) {
        return update(incidentId, itemId, draft, null);
    }

    /**
     * Corrects what an item says (title, owner, due date, priority, kind, tracker link); its status moves on its own.
     *
     * @param expectedVersion the version the editor started from, or null to skip the check
     */
    public ActionItem update(long incidentId, long itemId, ActionItemDraft draft, Long expectedVersion) {
        ActionItem item = get(incidentId, itemId);
        if (expectedVersion != null && expectedVersion != item.version) {
            throw new OptimisticLockException("Action item " + itemId + " changed while it was being edited");
        }
        User owner = checked(draft);
        Long previousOwner = item.owner == null ? null : item.owner.id;
        Map<String, Object> before = fields(item);
        apply(item, draft, owner);
        item.updatedAt = clock.instant();
        revisions.saved(RecordType.ACTION_ITEM, item.id, incidentId, before, fields(item));
        if (owner != null && !Objects.equals(previousOwner, owner.id)) {
            assigned.fire(new ActionItemAssigned(item));
        }
        return item;
    }

    /**
     * Keeps an edit that lost to someone else's save as a draft revision of the item, with the item's status as it is,
     * so its author can reopen it from the History tab; nothing else changes.
     */
    public Revision keepDraft(long incidentId, long itemId, ActionItemDraft typed, Long authorId) {
        ActionItem item = get(incidentId, itemId);
        Map<String, Object> fields = revisions.fields(typed);
        fields.put("status", item.status.name());
        fields.put("reason", item.reason);
        return revisions.recordDraft(RecordType.ACTION_ITEM, itemId, incidentId, fields, authorId);
    }

    /** Moves an item along; "won't do" needs a reason so the decision is kept with the item. */
    public ActionItem setStatus(long incidentId, long itemId, ActionItem.Status status, String reasonInput) {
        ActionItem item = get(incidentId, itemId);
        String reason = reasonInput == null ? "" : reasonInput.strip();
        if (status == null) {
            throw new InvalidInputException("status", "Choose a status.");
        }
        if (status == ActionItem.Status.WONT_DO && reason.isEmpty()) {
            throw new InvalidInputException("reason", "Say why it won't be done; the next incident will ask.");
        }
        Map<String, Object> before = fields(item);
        item.status = status;
        item.reason = status == ActionItem.Status.WONT_DO ? reason : "";
        item.completedAt = status.pending() ? null : clock.instant();
        item.updatedAt = clock.instant();
        revisions.saved(RecordType.ACTION_ITEM, item.id, incidentId, before, fields(item));
        return item;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ActionItem> forIncident(long incidentId) {
        return ActionItem.list("FROM ActionItem a LEFT JOIN FETCH a.owner WHERE a.incident.id = ?1 ORDER BY a.createdAt", incidentId);
    }

    /** One page of the list, and where the next one starts (null on the last page). */
    public record Page(List<ActionItem> items, ActionItemQuery.Cursor next) {
    }

    /**
     * The list page: pending ones first, overdue before the rest, then by due date; pages continue after the last
     * row shown ({@link ActionItemListSql}). Two statements whatever the page or the history: the page's ids, then
     * the items with their incidents and owners.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Page search(ActionItemQuery q) {
        ActionItemListSql.Statement statement = ActionItemListSql.page(q, today());
        // Without a result class, which would add an entry to the query plan cache on every run (IncidentService.knownTags).
        jakarta.persistence.Query ids = ActionItem.getEntityManager().createNativeQuery(numbered(statement.sql()));
        for (int i = 0; i < statement.params().size(); i++) {
            ids.setParameter(i + 1, statement.params().get(i));
        }
        List<Long> found = ((List<Number>) ids.getResultList()).stream().map(Number::longValue).toList();
        boolean more = found.size() > q.size();
        List<Long> shown = more ? found.subList(0, q.size()) : found;
        Map<Long, ActionItem> byId = new java.util.HashMap<>();
        // Also for an empty page (no id is 0): the same statements whatever the page holds.
        ParameterList idList = ParameterList.of("id", shown.isEmpty() ? List.of(0L) : shown);
        for (ActionItem item : ActionItem.<ActionItem>list(
                "FROM ActionItem a JOIN FETCH a.incident LEFT JOIN FETCH a.owner WHERE a.id IN " + idList.placeholders(),
                idList.addTo(new java.util.HashMap<>()))) {
            byId.put(item.id, item);
        }
        // An item deleted between the two statements is left out.
        List<ActionItem> items = shown.stream().map(byId::get).filter(Objects::nonNull).toList();
        return new Page(items, more && !items.isEmpty() ? ActionItemQuery.Cursor.after(items.get(items.size() - 1)) : null);
    }

    /** JDBC-style parameters as Hibernate's numbered ones. */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                out.append('?').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** What the dashboard keeps in front of a person: their pending items, overdue first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ActionItem> pendingFor(long ownerId, int limit) {
        return search(new ActionItemQuery(ownerId, null, true, false, null, null, limit)).items();
    }

    /** Overdue or due within a week, everyone's: for the daily digest. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ActionItem> overdueOrDueSoon() {
        return ActionItem.list("""
                        FROM ActionItem a JOIN FETCH a.incident LEFT JOIN FETCH a.owner
                        WHERE a.status IN ?1 AND a.dueOn <= ?2 AND a.incident.deletedAt IS NULL ORDER BY a.dueOn, a.id""",
                List.of(ActionItem.Status.OPEN, ActionItem.Status.IN_PROGRESS), today().plusDays(7));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<User> possibleOwners() {
        return User.listActiveByName();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long[] progress(long incidentId) {
        // One query, written out: Panache's count(…) builds and translates a new query on every call.
        Object[] counts = ActionItem.getEntityManager().createQuery("""
                        SELECT count(*), count(*) FILTER (WHERE a.status = :open OR a.status = :started) FROM ActionItem a
                        WHERE a.incident.id = :incident""", Object[].class)
                .setParameter("incident", incidentId)
                // Two parameters, not a list: Hibernate translates a query with a list-valued parameter on every run.
                .setParameter("open", ActionItem.Status.OPEN)
                .setParameter("started", ActionItem.Status.IN_PROGRESS)
                .getSingleResult();
        long total = ((Number) counts[0]).longValue();
        long pending = ((Number) counts[1]).longValue();
        return new long[] {total - pending, total};
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** One item of an incident, with its owner, for the edit form. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ActionItem get(long incidentId, long itemId) {
        return ActionItem.<ActionItem>find("FROM ActionItem a LEFT JOIN FETCH a.owner WHERE a.id = ?1 AND a.incident.id = ?2",
                        itemId, incidentId).firstResultOptional()
                .orElseThrow(() -> new NotFoundException("No such action item"));
    }

    private User checked(ActionItemDraft draft) {
        List<FieldError> errors = new ArrayList<>();
        User owner = null;
        if (draft.ownerId() != null) {
            owner = User.<User>findByIdOptional(draft.ownerId()).filter(User::isActive).orElse(null);
            if (owner == null) {
                errors.add(new FieldError("ownerId", "Choose someone who has an active account."));
            }
        }
        InvalidInputException.check(validator, draft, errors);
        return owner;
    }

    /** What a revision keeps of an item: what the edit form says, then its status and the reason for it. */
    private Map<String, Object> fields(ActionItem item) {
        Map<String, Object> fields = revisions.fields(new ActionItemDraft(item.title, item.owner == null ? null : item.owner.id,
                item.dueOn, item.priority, item.kind, item.trackerUrl));
        fields.put("status", item.status.name());
        fields.put("reason", item.reason);
        return fields;
    }

    private static void apply(ActionItem item, ActionItemDraft draft, User owner) {
        item.title = draft.title().strip();
        item.owner = owner;
        item.dueOn = draft.dueOn();
        item.priority = draft.priority();
        item.kind = draft.kind();
        item.trackerUrl = draft.trackerUrl() == null || draft.trackerUrl().isBlank() ? null : draft.trackerUrl().strip();
    }
}
