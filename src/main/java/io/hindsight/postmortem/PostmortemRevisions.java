package io.hindsight.postmortem;

import io.hindsight.history.RecordType;
import io.hindsight.history.Revision;
import io.hindsight.history.RevisionRestorer;
import io.hindsight.history.RevisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Restores revisions of postmortems through {@link PostmortemService}: a published one's restore becomes its amendment. */
@ApplicationScoped
public class PostmortemRevisions implements RevisionRestorer {

    @Inject
    PostmortemService postmortems;

    @Inject
    RevisionService revisions;

    @Override
    public boolean restores(RecordType type) {
        return type == RecordType.POSTMORTEM;
    }

    @Override
    public void restore(Revision revision, long actorId) {
        postmortems.save(revision.incidentId, revisions.read(revision, PostmortemDraft.class), null, actorId);
    }
}
