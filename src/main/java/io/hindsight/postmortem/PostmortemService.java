package io.hindsight.postmortem;

import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.IncidentService;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
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
    IncidentService incidents;

    @Inject
    Validator validator;

    @Inject
    Clock clock;

    @Inject
    BlamelessCheck blameless;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Postmortem> findByIncident(long incidentId) {
        return Postmortem.findByIncident(incidentId);
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
            findings.put(section, blameless.analyse(textOf.apply(section)));
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
        for (Map.Entry<Section, String> entry : draft.bySection().entrySet()) {
            postmortem.setText(entry.getKey(), entry.getValue());
        }
        postmortem.updatedAt = clock.instant();
        contributed(postmortem, authorId);
        return postmortem;
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
    }

    private void contributed(Postmortem postmortem, Long authorId) {
        if (authorId != null) {
            Contributor.record(postmortem.id, authorId, postmortem.updatedAt);
        }
    }
}
