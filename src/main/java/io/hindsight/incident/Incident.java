package io.hindsight.incident;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Something that went wrong, as the responders recorded it. Times are stored in UTC. */
@Entity
@Table(name = "incident")
public class Incident extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String title;

    public String summary = "";

    @Enumerated(EnumType.STRING)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    public IncidentStatus status;

    public Instant startedAt;
    public Instant detectedAt;
    public Instant mitigatedAt;
    public Instant resolvedAt;

    public String customerImpact = "";

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "affected_services", columnDefinition = "text[]")
    public List<String> affectedServices = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> tags = new ArrayList<>();

    public Instant createdAt;
    public Instant updatedAt;

    @Version
    public long version;

    @OneToMany(mappedBy = "incident", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("occurredAt, id")
    public List<TimelineEntry> timeline = new ArrayList<>();

    /** The statuses a person may pick for this incident now (the review workflow sets the others). */
    public List<IncidentStatus> statusChoices() {
        return IncidentStatus.choosableFrom(status);
    }

    /** From the start of the impact until someone noticed. */
    public Optional<Duration> timeToDetect() {
        return between(startedAt, detectedAt);
    }

    /** From the start of the impact until it stopped hurting. */
    public Optional<Duration> timeToMitigate() {
        return between(startedAt, mitigatedAt);
    }

    /** From the start of the impact until it was fully resolved. */
    public Optional<Duration> timeToResolve() {
        return between(startedAt, resolvedAt);
    }

    private static Optional<Duration> between(Instant from, Instant to) {
        return from == null || to == null ? Optional.empty() : Optional.of(Duration.between(from, to));
    }
}
