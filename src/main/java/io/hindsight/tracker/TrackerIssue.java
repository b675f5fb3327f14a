package io.hindsight.tracker;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The issue an action item has in a tracker, or is getting: the key and address arrive with the tracker's answer. */
@Entity
@Table(name = "tracker_issue")
public class TrackerIssue extends PanacheEntityBase {

    @Id
    public Long actionItemId;

    @Enumerated(EnumType.STRING)
    public TrackerKind kind;

    /** GitHub's issue number ("123") or Jira's key ("OPS-7"); null while the creation is queued. */
    public String externalKey;

    public String url;

    /** The state as the tracker words it: "open", "closed", "Done", "In Progress". */
    public String upstreamState;

    public boolean upstreamDone;

    public Instant requestedAt;
    public Instant createdAt;
    public Instant syncedAt;
    public Instant polledAt;

    public boolean created() {
        return externalKey != null;
    }

    /** "GitHub #123" or "OPS-7". */
    public String name() {
        if (!created()) {
            return kind.label() + " issue";
        }
        return kind == TrackerKind.GITHUB ? "GitHub #" + externalKey : externalKey;
    }

    /** "GitHub #123 — open", "OPS-7 — Done". */
    public String label() {
        return name() + (upstreamState == null ? "" : " — " + upstreamState);
    }

    /**
     * Whether this side and the tracker disagree: the item is done here while the issue is open there,
     * or the other way round. Shown next to the item; nothing is changed upstream on its own.
     */
    public boolean disagreesWith(io.hindsight.actionitem.ActionItem.Status here) {
        return created() && upstreamState != null && here.pending() == upstreamDone;
    }
}
