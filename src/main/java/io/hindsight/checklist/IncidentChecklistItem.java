package io.hindsight.checklist;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/** One item of an attached checklist, with who settled it, when, and the evidence or reason. */
@Entity
@Table(name = "incident_checklist_item")
public class IncidentChecklistItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "checklist_id")
    public IncidentChecklist checklist;

    public int position;
    public String text;
    public String why = "";
    public String guidanceUrl;
    public Integer verifyEveryDays;
    public boolean requiresEvidence;

    @Enumerated(EnumType.STRING)
    public ItemState state = ItemState.OPEN;

    /** The evidence for done, or the reason for not applicable. */
    public String note = "";
    public Long changedBy;
    public Instant changedAt;
    /** When a done item must be checked again (restore drills and the like). */
    public Instant reverifyDueAt;

    /** Counts saves, so that a save started from an older one is refused rather than overwriting it. */
    @Version
    public long version;

    public boolean reverifyDue(Instant now) {
        return state == ItemState.DONE && reverifyDueAt != null && !now.isBefore(reverifyDueAt);
    }
}
