package io.hindsight.actionitem;

import io.hindsight.account.User;
import io.hindsight.incident.Incident;
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
import java.time.LocalDate;

/** A fix someone owns, with a due date, that stays visible until it is done or consciously dropped. */
@Entity
@Table(name = "action_item")
public class ActionItem extends PanacheEntityBase {

    /** What the item does for the next incident, as the SRE book's example postmortem classifies it. */
    public enum Kind {
        DETECT("Detect"), MITIGATE("Mitigate"), PREVENT("Prevent");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public enum Priority { P1, P2, P3 }

    public enum Status {
        OPEN("Open", true), IN_PROGRESS("In progress", true), DONE("Done", false), WONT_DO("Won't do", false);

        private final String label;
        private final boolean pending;

        Status(String label, boolean pending) {
            this.label = label;
            this.pending = pending;
        }

        public String label() {
            return label;
        }

        public boolean pending() {
            return pending;
        }

        public String key() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "incident_id")
    public Incident incident;

    public String title;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "owner_id")
    public User owner;

    public LocalDate dueOn;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Enumerated(EnumType.STRING)
    public Status status;

    /** Why it won't be done. */
    public String reason = "";

    public String trackerUrl;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public Instant createdAt;
    public Instant updatedAt;
    public Instant completedAt;

    @Version
    public long version;

    public boolean overdueOn(LocalDate today) {
        return status.pending() && dueOn != null && dueOn.isBefore(today);
    }

    public boolean dueSoonOn(LocalDate today) {
        return status.pending() && dueOn != null && !dueOn.isBefore(today) && !dueOn.isAfter(today.plusDays(7));
    }
}
