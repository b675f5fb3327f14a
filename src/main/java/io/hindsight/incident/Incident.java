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
import org.hibernate.annotations.SQLRestriction;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Something that went wrong, as the responders recorded it. Times are stored in UTC.
 *
 * <p>An incident in the Trash (deleted_at set) does not exist for Hibernate: {@code @SQLRestriction} adds
 * {@code deleted_at IS NULL} to every query of this entity and every load by id, so no page, export or feed can
 * forget it. Queries rooted at other entities that join an incident say {@code x.incident.deletedAt IS NULL}
 * themselves. Only the Trash ({@code io.hindsight.trash}) sees such rows, through plain SQL.
 *
 * <p>Not a Hibernate filter: while any filter is enabled in a session, Hibernate translates every query of that
 * session from scratch instead of reusing its cached SQL (see docs/performance.md, "What a page costs beyond its
 * SQL"), and an always-on filter did that on every request. Not {@code @SoftDelete} either: it would turn every
 * lazy association to an incident eager and hide the rows from the Trash too.
 */
@Entity
@Table(name = "incident")
@SQLRestriction("deleted_at IS NULL")
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

    /** Who declared it, when known (incidents recorded before this was kept, or by the demo, have none). */
    @Column(name = "declared_by")
    public Long declaredById;

    /**
     * When it was moved to the Trash; always null for an incident Hibernate loads (the filter hides the others).
     * Mapped read-only so that queries rooted in other entities can say {@code x.incident.deletedAt IS NULL}: the
     * filter covers queries over incidents, not joins to them. Only the Trash writes it, in SQL.
     */
    @Column(name = "deleted_at", insertable = false, updatable = false)
    public Instant deletedAt;

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
