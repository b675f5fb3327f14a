package io.hindsight.notify;

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

import java.time.Instant;

/**
 * One message for one destination in the outbox, written in the transaction of the change it tells
 * about, then delivered by {@link OutboxRelay}. Rows are never deleted.
 */
@Entity
@Table(name = "notification_outbox")
public class OutboxMessage extends PanacheEntityBase {

    public enum Status {
        PENDING("Pending"), DELIVERED("Delivered"), FAILED("Failed");

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

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "destination_id")
    public SlackDestination destination;

    public String eventKey;

    /** The JSON body, exactly as it is sent. */
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

    /** The subscription label, or "Test message". */
    public String eventLabel() {
        return EventKey.of(eventKey).map(EventKey::label).orElse(EventKey.TEST.equals(eventKey) ? "Test message" : eventKey);
    }
}
