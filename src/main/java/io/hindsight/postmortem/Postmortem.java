package io.hindsight.postmortem;

import io.hindsight.account.User;
import io.hindsight.incident.Incident;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Optional;

/** The blameless write-up of one incident, section by section, in Markdown. */
@Entity
@Table(name = "postmortem")
public class Postmortem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "incident_id")
    public Incident incident;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "template_id")
    public PostmortemTemplate template;

    public String summary = "";
    public String impact = "";
    public String timelineNotes = "";
    public String laugh = "";
    public String learn = "";
    public String fix = "";
    public String share = "";

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public PostmortemStatus status = PostmortemStatus.DRAFT;

    public Instant publishedAt;

    /** Why there are no action items, when there are none (publishing needs one or the other). */
    public String noActionReason = "";

    public Instant createdAt;
    public Instant updatedAt;

    /** Set when an admin published before every reviewer approved: why, who and when. */
    public String publishOverrideReason;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "publish_override_by")
    public User publishOverrideBy;

    public Instant publishOverrideAt;

    @Version
    public long version;

    public static Optional<Postmortem> findByIncident(long incidentId) {
        return find("""
                FROM Postmortem p JOIN FETCH p.incident JOIN FETCH p.template t LEFT JOIN FETCH t.sections
                WHERE p.incident.id = ?1 AND p.incident.deletedAt IS NULL""", incidentId).singleResultOptional();
    }

    public String text(Section section) {
        return section.textOf(this);
    }

    void setText(Section section, String text) {
        section.setText(this, text);
    }
}
