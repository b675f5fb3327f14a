package io.hindsight.tracker;

import io.hindsight.actionitem.ActionItem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.Map;

/**
 * For action-item lists: {@code {#let issues=inject:trackerIssues.of(items)}} gives each item's issue by
 * item id (one statement for the list), and {@code inject:trackerIssues.connected} the trackers an
 * editor can create issues in.
 */
@Named("trackerIssues")
@RequestScoped
public class TrackerIssueView {

    @Inject
    TrackerIssues issues;

    @Inject
    TrackerConnections connections;

    public Map<Long, TrackerIssue> of(List<ActionItem> items) {
        return issues.of(items.stream().map(i -> i.id).toList());
    }

    public List<TrackerKind> connected() {
        return List.copyOf(connections.all().keySet());
    }
}
