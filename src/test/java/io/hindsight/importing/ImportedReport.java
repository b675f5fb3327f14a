package io.hindsight.importing;

import io.hindsight.export.ReportContents;
import io.hindsight.account.User;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.incident.Incident;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.incident.TimelineEntry;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an import would store, built in memory as the services would (file order becomes creation
 * order), so a test can export it again without a database.
 */
final class ImportedReport {

    private ImportedReport() {
    }

    static ReportContents contents(MarkdownImport.Result result, long id, Map<String, User> usersByName) {
        Incident incident = new Incident();
        incident.id = id;
        incident.title = result.incident().title();
        incident.summary = result.incident().summary();
        incident.customerImpact = result.incident().customerImpact();
        incident.severity = result.incident().severity();
        incident.status = result.incident().status();
        incident.startedAt = result.incident().startedAt();
        incident.detectedAt = result.incident().detectedAt();
        incident.mitigatedAt = result.incident().mitigatedAt();
        incident.resolvedAt = result.incident().resolvedAt();
        incident.affectedServices = new ArrayList<>(result.incident().affectedServices());
        incident.tags = new ArrayList<>(result.incident().tags());
        long entryId = 1;
        for (TimelineDraft draft : result.timeline()) {
            TimelineEntry entry = new TimelineEntry();
            entry.id = entryId++;
            entry.incident = incident;
            entry.occurredAt = draft.occurredAt();
            entry.kind = draft.kind();
            entry.description = draft.description();
            incident.timeline.add(entry);
        }
        Postmortem postmortem = result.postmortem() == null ? null : new Postmortem();
        if (postmortem != null) {
            postmortem.incident = incident;
            if (result.template() != null) {
                postmortem.template = new PostmortemTemplate();
                postmortem.template.slug = result.template();
            }
        postmortem.summary = result.postmortem().summary();
        postmortem.impact = result.postmortem().impact();
        postmortem.timelineNotes = result.postmortem().timelineNotes();
        postmortem.laugh = result.postmortem().laugh();
        postmortem.learn = result.postmortem().learn();
        postmortem.fix = result.postmortem().fix();
        postmortem.share = result.postmortem().share();
        }
        List<ActionItem> items = new ArrayList<>();
        long itemId = 1;
        for (MarkdownImport.ImportedActionItem imported : result.actionItems()) {
            ActionItem item = new ActionItem();
            item.id = itemId;
            item.createdAt = Instant.EPOCH.plusSeconds(itemId++);
            item.incident = incident;
            item.title = imported.title();
            item.owner = imported.owner() == null ? null : usersByName.get(imported.owner());
            item.dueOn = imported.dueOn();
            item.priority = imported.priority();
            item.kind = imported.kind();
            item.status = imported.status();
            item.reason = imported.reason();
            item.trackerUrl = imported.trackerUrl();
            items.add(item);
        }
        return new ReportContents(incident, postmortem, Map.of(), List.of(), items, List.of());
    }
}
