package io.hindsight.incident;

import io.hindsight.history.RecordType;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionRestorer;
import io.hindsight.history.RevisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Restores revisions of incidents and of their timeline entries through {@link IncidentService}. */
@ApplicationScoped
public class IncidentRevisions implements RevisionRestorer {

    @Inject
    IncidentService incidents;

    @Inject
    RevisionService revisions;

    @Override
    public boolean restores(RecordType type) {
        return type == RecordType.INCIDENT || type == RecordType.TIMELINE_ENTRY;
    }

    @Override
    public void restore(Revision revision, long actorId) {
        if (revision.entityType == RecordType.INCIDENT) {
            Incident incident = incidents.get(revision.incidentId);
            // Where an incident stands is for its work and its review to move, not for a restore.
            incidents.update(incident.id, revisions.read(revision, IncidentDraft.class).withStatus(incident.status), null);
        } else {
            TimelineDraft values = revisions.read(revision, TimelineDraft.class);
            if (incidents.get(revision.incidentId).timeline.stream().noneMatch(e -> e.id == revision.entityId)) {
                incidents.reinstateTimelineEntry(revision.incidentId, revision.entityId, values, actorId);
                return;
            }
            incidents.updateTimelineEntry(revision.incidentId, revision.entityId, values,
                    BeforeStart.KEEP);
        }
    }
}
