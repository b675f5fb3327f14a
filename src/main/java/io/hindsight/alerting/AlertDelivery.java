package io.hindsight.alerting;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One accepted delivery from an alert source and what came of it; shown on the source's page. */
@Entity
@Table(name = "alert_delivery")
public class AlertDelivery extends PanacheEntityBase {

    /** What a delivery did, in the words the page shows. */
    public enum Outcome {
        OPENED("Opened an incident"),
        ADDED("Added to its group's incident"),
        DUPLICATE("Already known"),
        FIRED_AGAIN("Fired again"),
        RESOLVED("Resolved"),
        UNMATCHED("Resolved, no incident"),
        IGNORED("Ignored");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "source_id")
    public Long sourceId;

    public Instant receivedAt;

    public String externalId = "";

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Outcome outcome;

    public String detail = "";

    @Column(name = "incident_id")
    public Long incidentId;
}
