package io.hindsight.postmortem;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/**
 * A change to a published postmortem, waiting for review. Readers, share links, the feed and exports keep the
 * published text (on {@link Postmortem}) until the amendment is approved; then its text replaces it.
 */
@Entity
@Table(name = "postmortem_amendment")
public class PostmortemAmendment extends PanacheEntityBase {

    public enum Status {
        DRAFT("Amendment draft"), IN_REVIEW("Amendment in review"), APPROVED("Amendment approved"),
        DISCARDED("Amendment discarded");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String key() {
            return name().toLowerCase().replace('_', '-');
        }

        public boolean open() {
            return this == DRAFT || this == IN_REVIEW;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public long postmortemId;

    @Enumerated(EnumType.STRING)
    public Status status = Status.DRAFT;

    public String summary = "";
    public String impact = "";
    public String timelineNotes = "";
    public String laugh = "";
    public String learn = "";
    public String fix = "";
    public String share = "";

    public Long createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant closedAt;
    public Long closedBy;

    /** On approval: the revision of the text readers saw before, and of the text they see since. */
    public Long previousRevisionId;
    public Long approvedRevisionId;

    public static Optional<PostmortemAmendment> findOpen(long postmortemId) {
        // Two parameters, not a list: Hibernate translates a query with a list-valued parameter on every run.
        return find("postmortemId = ?1 AND (status = ?2 OR status = ?3)", postmortemId, Status.DRAFT, Status.IN_REVIEW)
                .firstResultOptional();
    }

    /** The amendment approved last, if the postmortem was ever amended. */
    public static Optional<PostmortemAmendment> findLatestApproved(long postmortemId) {
        return find("postmortemId = ?1 AND status = ?2 ORDER BY closedAt DESC, id DESC", postmortemId, Status.APPROVED)
                .firstResultOptional();
    }

    /** The amendment's text as a draft of every section. */
    public PostmortemDraft text() {
        return new PostmortemDraft(summary, impact, timelineNotes, laugh, learn, fix, share);
    }

    public String text(Section section) {
        return section.textOf(text());
    }

    void setText(PostmortemDraft draft) {
        summary = Section.SUMMARY.textOf(draft);
        impact = Section.IMPACT.textOf(draft);
        timelineNotes = Section.TIMELINE.textOf(draft);
        laugh = Section.LAUGH.textOf(draft);
        learn = Section.LEARN.textOf(draft);
        fix = Section.FIX.textOf(draft);
        share = Section.SHARE.textOf(draft);
    }
}
