package io.hindsight.postmortem;

import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.history.RecordType;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionKind;
import io.hindsight.history.RevisionService;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.IncidentService;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Starts postmortems from templates, keeps their sections, and runs the blameless check over them. */
@ApplicationScoped
@Transactional
public class PostmortemService {

    @Inject
    Event<PublishedTextChanged> publishedTextChanged;

    @Inject
    IncidentService incidents;

    @Inject
    Validator validator;

    @Inject
    Clock clock;

    @Inject
    WordingFindings wording;

    @Inject
    RevisionService revisions;

    @Inject
    Audit audit;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Postmortem> findByIncident(long incidentId) {
        Optional<Postmortem> postmortem = Postmortem.findByIncident(incidentId);
        if (postmortem.isEmpty()) {
            incidents.requireNotInTrash(incidentId);
        }
        return postmortem;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PostmortemTemplate> templates() {
        return PostmortemTemplate.listInOrder();
    }

    /** The blameless findings in every section of a postmortem as saved; each section is present, empty when clean. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Section, List<BlamelessFinding>> findings(Postmortem postmortem) {
        return findings(postmortem::text);
    }

    /**
     * The blameless findings in every section of text not saved yet, such as the editor as typed;
     * each section is present, empty when clean.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<Section, List<BlamelessFinding>> findings(Function<Section, String> textOf) {
        Map<Section, List<BlamelessFinding>> findings = new EnumMap<>(Section.class);
        for (Section section : Section.values()) {
            findings.put(section, wording.of(textOf.apply(section)));
        }
        return findings;
    }

    /** The people who wrote the postmortem, in the order they first did. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Contributor> contributors(Postmortem postmortem) {
        return Contributor.ofPostmortem(postmortem.id);
    }

    /**
     * Starts the postmortem of an incident from a template, each section pre-filled with the
     * template's starter text; whoever starts it is its first contributor. Starting twice returns
     * the one already there.
     *
     * @param authorId who starts it, or null when nobody does (the demo stories)
     */
    public Postmortem start(long incidentId, String templateSlug, Long authorId) {
        Incident incident = incidents.get(incidentId);
        Optional<Postmortem> existing = Postmortem.findByIncident(incidentId);
        if (existing.isPresent()) {
            return existing.get();
        }
        PostmortemTemplate template = PostmortemTemplate.findBySlug(templateSlug == null ? "" : templateSlug)
                .orElseThrow(() -> new InvalidInputException("template", "Choose one of the templates."));
        Postmortem postmortem = new Postmortem();
        postmortem.incident = incident;
        postmortem.template = template;
        for (Section section : Section.values()) {
            postmortem.setText(section, template.starter(section));
        }
        postmortem.createdAt = clock.instant();
        postmortem.updatedAt = postmortem.createdAt;
        postmortem.persist();
        contributed(postmortem, authorId);
        revisions.saved(RecordType.POSTMORTEM, postmortem.id, incidentId, null, fields(postmortem));
        return postmortem;
    }

    /**
     * Saves every section; the author becomes (or stays) a contributor, in the same transaction.
     *
     * @param expectedVersion the version the author started from, or null to skip the check
     * @param authorId        who saves it, or null when nobody does (the demo stories)
     */
    public Postmortem save(long incidentId, PostmortemDraft draft, Long expectedVersion, Long authorId) {
        InvalidInputException.check(validator, draft, List.of());
        Postmortem postmortem = Postmortem.findByIncident(incidentId)
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " has no postmortem yet"));
        if (expectedVersion != null && expectedVersion != postmortem.version) {
            throw new OptimisticLockException("Postmortem of incident " + incidentId + " changed meanwhile");
        }
        if (postmortem.status == PostmortemStatus.PUBLISHED) {
            amend(postmortem, draft, authorId);
            return postmortem;
        }
        Map<String, Object> before = fields(postmortem);
        for (Map.Entry<Section, String> entry : draft.bySection().entrySet()) {
            postmortem.setText(entry.getKey(), entry.getValue());
        }
        postmortem.updatedAt = clock.instant();
        contributed(postmortem, authorId);
        revisions.saved(RecordType.POSTMORTEM, postmortem.id, incidentId, before, fields(postmortem));
        findings(postmortem); // checked once now, so the next views find the findings cached
        return postmortem;
    }

    /**
     * Keeps text that lost a concurrent save as a draft revision of the postmortem, so its author can reopen it from
     * the History tab; nothing readers see changes. The text the editor shows now: the amendment of a published
     * postmortem, otherwise the postmortem itself.
     *
     * @return the draft revision, or empty when there is no postmortem (nothing to attach it to)
     */
    public Optional<Revision> keepDraft(long incidentId, PostmortemDraft typed, Long authorId) {
        return Postmortem.findByIncident(incidentId).map(postmortem -> revisions.recordDraft(RecordType.POSTMORTEM,
                postmortem.id, incidentId, fields(cleaned(typed), postmortem.status), authorId));
    }

    /** The text the editor starts from: the open amendment of a published postmortem, otherwise the postmortem's own. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PostmortemDraft editableText(Postmortem postmortem) {
        return openAmendment(postmortem).map(PostmortemAmendment::text).orElseGet(() -> PostmortemDraft.of(postmortem));
    }

    /** Saves every section, starting the postmortem from {@code templateIfNew} when there is none yet; all or nothing. */
    public Postmortem write(long incidentId, String templateIfNew, PostmortemDraft draft, Long authorId) {
        return write(incidentId, templateIfNew, draft, null, authorId);
    }

    /**
     * {@link #write(long, String, PostmortemDraft, Long)}, refused when the postmortem is no longer at {@code expectedVersion}.
     *
     * @param expectedVersion the version the change starts from, or null to skip the check
     */
    public Postmortem write(long incidentId, String templateIfNew, PostmortemDraft draft, Long expectedVersion, Long authorId) {
        InvalidInputException.check(validator, draft, List.of());
        if (Postmortem.findByIncident(incidentId).isEmpty()) {
            start(incidentId, templateIfNew, null); // the save below counts this author's one edit
        }
        return save(incidentId, draft, expectedVersion, authorId);
    }

    /**
     * Records that a postmortem was published elsewhere before it came here (the demo stories,
     * imported reports); postmortems written here are published through review. Its incident is Published with it.
     */
    public void recordPublished(long incidentId, java.time.Instant publishedAt) {
        Postmortem postmortem = Postmortem.findByIncident(incidentId)
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " has no postmortem yet"));
        postmortem.status = PostmortemStatus.PUBLISHED;
        postmortem.publishedAt = publishedAt;
        postmortem.incident.status = IncidentStatus.PUBLISHED;
        publishedTextChanged.fire(new PublishedTextChanged(postmortem));
    }

    /** The change to a published postmortem waiting for review, if there is one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PostmortemAmendment> openAmendment(Postmortem postmortem) {
        return PostmortemAmendment.findOpen(postmortem.id);
    }

    /** The amendment approved last, for "Amended on …", if the postmortem was ever amended. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PostmortemAmendment> lastAmendment(Postmortem postmortem) {
        return PostmortemAmendment.findLatestApproved(postmortem.id);
    }

    /**
     * A published postmortem is never edited in place: the new text becomes (or updates) its amendment, which goes
     * through review while readers keep the published text. Its author becomes a contributor, as for any edit.
     */
    private PostmortemAmendment amend(Postmortem postmortem, PostmortemDraft input, Long authorId) {
        Instant now = clock.instant();
        // The published text stays, but the postmortem's version moves on: a second editor who opened the same
        // amendment meanwhile gets the conflict page instead of silently replacing this text.
        Postmortem.getEntityManager().lock(postmortem, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        revisions.current(RecordType.POSTMORTEM, postmortem.id, postmortem.incident.id, fields(postmortem));
        PostmortemAmendment amendment = PostmortemAmendment.findOpen(postmortem.id).orElseGet(() -> {
            PostmortemAmendment started = new PostmortemAmendment();
            started.postmortemId = postmortem.id;
            started.createdBy = authorId;
            started.createdAt = now;
            return started;
        });
        amendment.setText(cleaned(input));
        amendment.updatedAt = now;
        if (amendment.id == null) {
            amendment.persist();
        }
        if (authorId != null) {
            Contributor.record(postmortem.id, authorId, now);
        }
        revisions.record(RecordType.POSTMORTEM, postmortem.id, postmortem.incident.id, RevisionKind.AMENDMENT,
                fields(amendment.text(), postmortem.status), authorId, null);
        return amendment;
    }

    /** Drops the amendment of a published postmortem; readers never saw it, and its revisions stay in the history. */
    public void discardAmendment(long incidentId, long actorId) {
        Postmortem postmortem = Postmortem.findByIncident(incidentId)
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " has no postmortem yet"));
        PostmortemAmendment amendment = PostmortemAmendment.findOpen(postmortem.id)
                .orElseThrow(() -> new InvalidInputException("amendment", "There is no amendment to discard."));
        amendment.status = PostmortemAmendment.Status.DISCARDED;
        amendment.closedAt = clock.instant();
        amendment.closedBy = actorId;
        audit.record(actorId, AuditAction.POSTMORTEM_AMENDMENT_DISCARDED, AuditSubject.incident(incidentId), "amendment " + amendment.id, null);
    }

    /**
     * The review approved the amendment: its text replaces the published text, a revision keeps both sides so readers
     * can see what changed, and the audit log says who approved it. Only the review calls this.
     */
    public PostmortemAmendment approveAmendment(Postmortem postmortem, long actorId) {
        PostmortemAmendment amendment = PostmortemAmendment.findOpen(postmortem.id)
                .orElseThrow(() -> new InvalidInputException("amendment", "There is no amendment to approve."));
        long incidentId = postmortem.incident.id;
        Revision previous = revisions.current(RecordType.POSTMORTEM, postmortem.id, incidentId, fields(postmortem));
        for (Map.Entry<Section, String> entry : amendment.text().bySection().entrySet()) {
            postmortem.setText(entry.getKey(), entry.getValue());
        }
        Instant now = clock.instant();
        postmortem.updatedAt = now;
        Revision approved = revisions.record(RecordType.POSTMORTEM, postmortem.id, incidentId, RevisionKind.AMENDMENT_APPROVED,
                fields(postmortem), actorId, null);
        amendment.status = PostmortemAmendment.Status.APPROVED;
        amendment.closedAt = now;
        amendment.closedBy = actorId;
        amendment.previousRevisionId = previous.id;
        amendment.approvedRevisionId = approved.id;
        audit.record(actorId, AuditAction.POSTMORTEM_AMENDMENT_APPROVED, AuditSubject.incident(incidentId), "amendment " + amendment.id + ": "
                + approved.summary, null);
        publishedTextChanged.fire(new PublishedTextChanged(postmortem));
        return amendment;
    }

    /** What a revision keeps of a postmortem: every section, and where it stands. */
    public Map<String, Object> fields(Postmortem postmortem) {
        return fields(PostmortemDraft.of(postmortem), postmortem.status);
    }

    private Map<String, Object> fields(PostmortemDraft text, PostmortemStatus status) {
        Map<String, Object> fields = revisions.fields(text);
        fields.put("status", status.name());
        return fields;
    }

    private static PostmortemDraft cleaned(PostmortemDraft draft) {
        Map<Section, String> text = draft.bySection();
        return new PostmortemDraft(text.get(Section.SUMMARY), text.get(Section.IMPACT), text.get(Section.TIMELINE),
                text.get(Section.LAUGH), text.get(Section.LEARN), text.get(Section.FIX), text.get(Section.SHARE));
    }

    private void contributed(Postmortem postmortem, Long authorId) {
        if (authorId != null) {
            Contributor.record(postmortem.id, authorId, postmortem.updatedAt);
        }
    }
}
