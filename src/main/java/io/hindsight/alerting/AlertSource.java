package io.hindsight.alerting;

import io.hindsight.incident.Severity;
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
 * An alerting tool an admin allowed to open incidents, with its own inbound address and secret. Pages show
 * {@link #maskedSecret()}; logs show {@link #toString()}; neither the token nor the signing secret ever leaves.
 */
@Entity
@Table(name = "alert_source")
public class AlertSource extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public AlertKind kind;

    public String name;

    @Enumerated(EnumType.STRING)
    public Severity defaultSeverity;

    /** The service every incident it opens names ("" for none). */
    public String service = "";

    /** SHA-256 of the bearer token (Alertmanager, Grafana, Opsgenie). */
    public String tokenHash;

    /** Secret. PagerDuty's signing secret, kept to check the HMAC of each delivery. Never log it, never render it. */
    public String signingSecret;

    public String secretHint = "";

    public Instant createdAt;
    public Long createdBy;
    public Instant secretSetAt;
    public Instant disabledAt;

    public boolean enabled() {
        return disabledAt == null;
    }

    /** Whether deliveries can be checked at all: a PagerDuty source waits for the secret PagerDuty issues. */
    public boolean hasSecret() {
        return kind.signs() ? signingSecret != null : tokenHash != null;
    }

    /** {@code ••••abcd}, or a note that no secret is set yet. */
    public String maskedSecret() {
        return hasSecret() ? "••••" + secretHint : "not set";
    }

    /** Where the sender posts, from the site's root. */
    public String inboundPath() {
        return "/api/v1/alerts/" + kind.path() + "/" + id;
    }

    @Override
    public String toString() {
        // Never the secret: this may end up in a log line.
        return "alert source #" + id + " (" + name + ")";
    }
}
