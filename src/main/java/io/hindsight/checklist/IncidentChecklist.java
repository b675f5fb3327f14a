package io.hindsight.checklist;

import io.hindsight.incident.Incident;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A library checklist attached to an incident, frozen at the version it was attached with. */
@Entity
@Table(name = "incident_checklist")
public class IncidentChecklist extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "incident_id")
    public Incident incident;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "template_id")
    public ChecklistTemplate template;

    public String slug;
    public Instant attachedAt;
    public Long attachedBy;

    @OneToMany(mappedBy = "checklist", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<IncidentChecklistItem> items = new ArrayList<>();

    /** Items settled (done or not applicable). */
    public long settled() {
        return items.stream().filter(i -> i.state != ItemState.OPEN).count();
    }

    public int percent() {
        return items.isEmpty() ? 100 : (int) (settled() * 100 / items.size());
    }

    public boolean complete() {
        return settled() == items.size();
    }
}
