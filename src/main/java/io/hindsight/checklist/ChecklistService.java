package io.hindsight.checklist;

import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.history.RecordType;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionService;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.validation.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checklist library and the checklists of incidents: versions on edit, attachment, and the
 * rules for settling an item (evidence for done where asked, a reason for not applicable).
 */
@ApplicationScoped
@Transactional
public class ChecklistService {

    @Inject
    Audit audit;

    @Inject
    IncidentService incidents;

    @Inject
    Clock clock;

    @Inject
    RevisionService revisions;

    /** What an admin typed for one item of a checklist. */
    public record ItemDraft(String text, String why, String guidanceUrl, Integer verifyEveryDays, boolean requiresEvidence) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChecklistTemplate> library() {
        return ChecklistTemplate.currentVersions();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ChecklistTemplate current(String slug) {
        return ChecklistTemplate.currentBySlug(slug).orElseThrow(() -> new NotFoundException("No checklist " + slug));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChecklistTemplate> history(String slug) {
        return ChecklistTemplate.history(slug);
    }

    /**
     * Saves a checklist as a new version (or its first one); incidents keep the version they were
     * attached with.
     *
     * @param slug null for a new checklist
     */
    public ChecklistTemplate save(Long adminId, String slug, String name, String failurePattern, List<ItemDraft> items) {
        return save(adminId, slug, name, failurePattern, items, null);
    }

    /**
     * {@link #save(Long, String, String, String, List)}, refused when the checklist's current version is no longer
     * {@code basedOn} (another admin saved a version meanwhile); null skips the check.
     */
    public ChecklistTemplate save(Long adminId, String slug, String name, String failurePattern, List<ItemDraft> items,
                                  Integer basedOn) {
        if (slug != null && basedOn != null) {
            ChecklistTemplate.currentBySlug(slug).filter(current -> current.version != basedOn).ifPresent(current -> {
                throw new OptimisticLockException("Checklist " + slug + " is at version " + current.version + ", not " + basedOn);
            });
        }
        List<FieldError> errors = new ArrayList<>();
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > 120) {
            errors.add(new FieldError("name", "Name the checklist in at most 120 characters."));
        } else {
            Names.directionError("name", cleanName).ifPresent(errors::add);
        }
        String pattern = failurePattern == null ? "" : failurePattern.strip();
        if (pattern.isEmpty()) {
            errors.add(new FieldError("failurePattern", "Say which failure this checklist answers."));
        }
        List<ItemDraft> kept = items.stream().filter(i -> i.text() != null && !i.text().isBlank()).toList();
        if (kept.isEmpty()) {
            errors.add(new FieldError("items", "Add at least one item."));
        }
        for (ItemDraft item : kept) {
            if (item.text().strip().length() > 300) {
                errors.add(new FieldError("items", "Keep each item under 300 characters."));
            }
            if (item.verifyEveryDays() != null && (item.verifyEveryDays() < 1 || item.verifyEveryDays() > 3650)) {
                errors.add(new FieldError("items", "Re-verify every 1 to 3650 days, or leave it empty."));
            }
            if (item.guidanceUrl() != null && !item.guidanceUrl().isBlank() && !isWebLink(item.guidanceUrl().strip())) {
                errors.add(new FieldError("items", "Guidance links start with https:// or http://."));
            }
        }
        String targetSlug = slug == null ? slugOf(cleanName) : slug;
        if (slug == null && ChecklistTemplate.count("slug", targetSlug) > 0) {
            errors.add(new FieldError("name", "A checklist with this name exists already; edit it instead."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.stream().distinct().toList());
        }
        int nextVersion = 1;
        Optional<ChecklistTemplate> previous = slug == null ? Optional.empty() : ChecklistTemplate.currentBySlug(slug);
        if (slug != null && previous.isEmpty()) {
            throw new NotFoundException("No checklist " + slug);
        }
        if (previous.isPresent()) {
            previous.get().current = false;
            nextVersion = previous.get().version + 1;
            ChecklistTemplate.getEntityManager().flush();
        }
        ChecklistTemplate template = new ChecklistTemplate();
        template.slug = targetSlug;
        template.version = nextVersion;
        template.name = cleanName;
        template.failurePattern = pattern;
        template.current = true;
        template.createdAt = clock.instant();
        template.createdBy = adminId;
        int position = 1;
        for (ItemDraft draft : kept) {
            ChecklistTemplateItem item = new ChecklistTemplateItem();
            item.template = template;
            item.position = position++;
            item.text = draft.text().strip();
            item.why = draft.why() == null ? "" : draft.why().strip();
            item.guidanceUrl = draft.guidanceUrl() == null || draft.guidanceUrl().isBlank() ? null : draft.guidanceUrl().strip();
            item.verifyEveryDays = draft.verifyEveryDays();
            item.requiresEvidence = draft.requiresEvidence();
            template.items.add(item);
        }
        template.persist();
        audit.record(adminId, AuditAction.CHECKLIST_TEMPLATE_SAVED, AuditSubject.checklist(targetSlug),
                "version " + nextVersion + ": " + cleanName, null);
        return template;
    }

    /** Attaches the current version of a library checklist to an incident, once. */
    public IncidentChecklist attach(Long userId, long incidentId, String slug) {
        Incident incident = incidents.get(incidentId);
        ChecklistTemplate template = ChecklistTemplate.currentBySlug(slug == null ? "" : slug)
                .orElseThrow(() -> new InvalidInputException("checklist", "Choose a checklist from the library."));
        if (IncidentChecklist.count("incident.id = ?1 AND slug = ?2", incidentId, template.slug) > 0) {
            throw new InvalidInputException("checklist", "That checklist is attached already.");
        }
        IncidentChecklist checklist = new IncidentChecklist();
        checklist.incident = incident;
        checklist.template = template;
        checklist.slug = template.slug;
        checklist.attachedAt = clock.instant();
        checklist.attachedBy = userId;
        for (ChecklistTemplateItem source : template.items) {
            IncidentChecklistItem item = new IncidentChecklistItem();
            item.checklist = checklist;
            item.position = source.position;
            item.text = source.text;
            item.why = source.why;
            item.guidanceUrl = source.guidanceUrl;
            item.verifyEveryDays = source.verifyEveryDays;
            item.requiresEvidence = source.requiresEvidence;
            checklist.items.add(item);
        }
        checklist.persist();
        return checklist;
    }

    /**
     * Settles or reopens an item. Not applicable needs a reason; done needs evidence when the item
     * asks for it, and comes back for re-verification after the item's interval.
     */
    public IncidentChecklistItem setState(Long userId, long incidentId, long itemId, ItemState state, String noteInput) {
        return setState(userId, incidentId, itemId, state, noteInput, null);
    }

    /**
     * {@link #setState(Long, long, long, ItemState, String)}, refused when the item is no longer at
     * {@code expectedVersion} (someone else settled or reopened it after the page was loaded).
     */
    public IncidentChecklistItem setState(Long userId, long incidentId, long itemId, ItemState state, String noteInput,
                                          Long expectedVersion) {
        IncidentChecklistItem item = item(incidentId, itemId);
        if (expectedVersion != null && expectedVersion != item.version) {
            throw new OptimisticLockException("Checklist item " + itemId + " changed meanwhile");
        }
        String note = noteInput == null ? "" : noteInput.strip();
        if (state == null) {
            throw new InvalidInputException("state", "Choose done, not applicable or open.");
        }
        if (state == ItemState.NOT_APPLICABLE && note.isEmpty()) {
            throw new InvalidInputException("note", "Say why this does not apply, so the next reader knows it was considered.");
        }
        if (state == ItemState.DONE && item.requiresEvidence && note.isEmpty()) {
            throw new InvalidInputException("note", "This item needs evidence: a note or a link that shows it was done.");
        }
        if (note.length() > 2000) {
            throw new InvalidInputException("note", "Keep the note under 2,000 characters; link to longer material.");
        }
        Instant now = clock.instant();
        Map<String, Object> before = fields(item);
        item.state = state;
        item.note = state == ItemState.OPEN ? "" : note;
        item.changedBy = userId;
        item.changedAt = now;
        item.reverifyDueAt = state == ItemState.DONE && item.verifyEveryDays != null
                ? now.plus(Duration.ofDays(item.verifyEveryDays)) : null;
        revisions.saved(RecordType.CHECKLIST_ITEM, item.id, incidentId, before, fields(item));
        return item;
    }

    /** One item of a checklist attached to an incident; 404 when it is not one of this incident's. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentChecklistItem item(long incidentId, long itemId) {
        return IncidentChecklistItem.<IncidentChecklistItem>find(
                        "FROM IncidentChecklistItem i JOIN FETCH i.checklist c WHERE i.id = ?1 AND c.incident.id = ?2", itemId, incidentId)
                .firstResultOptional().orElseThrow(() -> new NotFoundException("No such checklist item"));
    }

    /**
     * Keeps a state and note that lost to someone else's change of the item as a draft revision, so the note typed is
     * not lost; nothing else changes.
     */
    public Revision keepDraft(long incidentId, long itemId, ItemState state, String note, Long authorId) {
        IncidentChecklistItem item = item(incidentId, itemId);
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("text", item.text);
        fields.put("state", state == null ? item.state.name() : state.name());
        fields.put("note", note == null ? "" : note.strip());
        return revisions.recordDraft(RecordType.CHECKLIST_ITEM, itemId, incidentId, revisions.fields(fields), authorId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IncidentChecklist> forIncident(long incidentId) {
        return IncidentChecklist.list("""
                SELECT DISTINCT c FROM IncidentChecklist c JOIN FETCH c.template LEFT JOIN FETCH c.items
                WHERE c.incident.id = ?1 ORDER BY c.attachedAt""", incidentId);
    }

    /** The current version number of every library checklist, to show "a newer version exists". */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Integer> currentVersions() {
        return ChecklistTemplate.currentVersions().stream()
                .collect(Collectors.toMap(t -> t.slug, t -> t.version, (a, b) -> a));
    }

    /** Checklists the incident's postmortem template suggests and that are not attached yet. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChecklistTemplate> suggestions(long incidentId, List<IncidentChecklist> attached) {
        List<String> wanted = Postmortem.findByIncident(incidentId).map(p -> p.template.suggestedChecklists).orElse(List.of());
        Map<String, ChecklistTemplate> library = library().stream().collect(Collectors.toMap(t -> t.slug, Function.identity()));
        return wanted.stream().filter(s -> attached.stream().noneMatch(a -> a.slug.equals(s)))
                .map(library::get).filter(java.util.Objects::nonNull).toList();
    }

    /** Done items whose re-verification is due, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IncidentChecklistItem> reverificationsDue(int limit) {
        return IncidentChecklistItem.<IncidentChecklistItem>find("""
                        FROM IncidentChecklistItem i JOIN FETCH i.checklist c JOIN FETCH c.incident
                        WHERE i.state = ?1 AND i.reverifyDueAt <= ?2 AND c.incident.deletedAt IS NULL
                        ORDER BY i.reverifyDueAt""", ItemState.DONE, clock.instant())
                .page(0, limit).list();
    }

    /** Names of the people who settled items of these checklists, by user id (one query). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Long, String> namesOfPeople(List<IncidentChecklist> attached) {
        List<Long> ids = attached.stream().flatMap(c -> c.items.stream()).map(i -> i.changedBy)
                .filter(java.util.Objects::nonNull).distinct().toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        return io.hindsight.account.User.<io.hindsight.account.User>list("id IN ?1", ids).stream()
                .collect(Collectors.toMap(u -> u.id, u -> u.name));
    }

    /** Settled and total items over all checklists of an incident. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long[] progress(long incidentId) {
        // One query, written out: Panache's count(…) builds and translates a new query on every call.
        Object[] counts = IncidentChecklistItem.getEntityManager().createQuery("""
                        SELECT count(*), count(*) FILTER (WHERE i.state = :open) FROM IncidentChecklistItem i
                        WHERE i.checklist.incident.id = :incident""", Object[].class)
                .setParameter("incident", incidentId)
                .setParameter("open", ItemState.OPEN)
                .getSingleResult();
        long total = ((Number) counts[0]).longValue();
        long open = ((Number) counts[1]).longValue();
        return new long[] {total - open, total};
    }

    /**
     * A URL-safe slug of at most 60 characters; names without Latin letters or digits, and names
     * that would collide with the library's own pages ("new"), get a stable hash-based slug.
     */
    static String slugOf(String name) {
        String slug = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        if (slug.isEmpty() || slug.equals("new")) {
            slug = "checklist-" + Integer.toHexString(name.strip().toLowerCase(Locale.ROOT).hashCode());
        }
        return slug;
    }

    private static boolean isWebLink(String url) {
        try {
            String scheme = URI.create(url).getScheme();
            return "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What a revision keeps of a checklist item: its state and note, with its text to recognise it by. */
    private Map<String, Object> fields(IncidentChecklistItem item) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("text", item.text);
        fields.put("state", item.state.name());
        fields.put("note", item.note);
        return revisions.fields(fields);
    }
}
