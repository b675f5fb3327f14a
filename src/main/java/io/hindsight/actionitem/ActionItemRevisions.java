package io.hindsight.actionitem;

import io.hindsight.history.RecordType;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionRestorer;
import io.hindsight.history.RevisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Objects;

/** Restores revisions of action items through {@link ActionItemService}: what the edit form says, then the status. */
@ApplicationScoped
public class ActionItemRevisions implements RevisionRestorer {

    @Inject
    ActionItemService actionItems;

    @Inject
    RevisionService revisions;

    @Override
    public boolean restores(RecordType type) {
        return type == RecordType.ACTION_ITEM;
    }

    @Override
    public void restore(Revision revision, long actorId) {
        Map<String, Object> fields = revisions.read(revision);
        ActionItem current = actionItems.get(revision.incidentId, revision.entityId);
        ActionItem.Status status = ActionItem.Status.valueOf((String) fields.get("status"));
        String reason = (String) fields.getOrDefault("reason", "");
        boolean statusChanges = status != current.status || !Objects.equals(reason, current.reason);
        actionItems.update(revision.incidentId, revision.entityId, revisions.read(revision, ActionItemDraft.class));
        if (statusChanges) {
            actionItems.setStatus(revision.incidentId, revision.entityId, status, reason);
        }
    }
}
