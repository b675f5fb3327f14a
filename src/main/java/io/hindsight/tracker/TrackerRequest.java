package io.hindsight.tracker;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One issue to create, in the tracker outbox: written in the transaction that asked for it, sent by
 * {@link TrackerRelay}. Rows are never deleted; a failed one keeps its reason and can be replayed.
 */
@Entity
@Table(name = "tracker_outbox")
public class TrackerRequest extends PanacheEntityBase {

    public enum Status {
        PENDING("Pending"), DELIVERED("Created"), FAILED("Failed");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String key() {
            return name().toLowerCase();
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long actionItemId;

    @Enumerated(EnumType.STRING)
    public TrackerKind kind;

    /** The JSON body exactly as it is sent; never credentials. */
    public String payload;

    @Enumerated(EnumType.STRING)
    public Status status = Status.PENDING;

    public int attempts;
    public Instant nextAttemptAt;
    public Instant leaseUntil;
    public Instant lastAttemptAt;
    public String lastError;
    public Instant createdAt;
    public Instant deliveredAt;
}
