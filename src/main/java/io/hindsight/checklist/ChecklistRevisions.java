package io.hindsight.checklist;

import io.hindsight.history.RecordType;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionRestorer;
import io.hindsight.history.RevisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Restores revisions of an incident's checklist items through {@link ChecklistService}: their state and note. */
@ApplicationScoped
public class ChecklistRevisions implements RevisionRestorer {

    @Inject
    ChecklistService checklists;

    @Inject
    RevisionService revisions;

    @Override
    public boolean restores(RecordType type) {
        return type == RecordType.CHECKLIST_ITEM;
    }

    @Override
    public void restore(Revision revision, long actorId) {
        Map<String, Object> fields = revisions.read(revision);
        checklists.setState(actorId, revision.incidentId, revision.entityId, ItemState.valueOf((String) fields.get("state")),
                (String) fields.get("note"));
    }
}
