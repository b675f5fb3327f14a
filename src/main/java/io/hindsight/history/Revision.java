package io.hindsight.history;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One saved state of one record: who saved it, when, what changed, and its editable fields as JSON. */
@Entity
@Table(name = "revision")
public class Revision extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    public RecordType entityType;

    public long entityId;

    public long incidentId;

    /** 1 for the first revision of a record, then one more for each. */
    public int sequence;

    public Long authorId;

    public Instant createdAt;

    @Enumerated(EnumType.STRING)
    public RevisionKind kind;

    /** The editable fields, snake_case keys as in the API, written and read with Jackson. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String snapshot;

    /** The names of the fields that changed, or what happened ("Created"). */
    public String summary = "";

    public static Optional<Revision> findOnIncident(long incidentId, long revisionId) {
        return find("id = ?1 AND incidentId = ?2", revisionId, incidentId).singleResultOptional();
    }

    public static List<Revision> ofRecord(RecordType type, long entityId) {
        return list("entityType = ?1 AND entityId = ?2 ORDER BY sequence DESC", type, entityId);
    }

    public static Optional<Revision> latest(RecordType type, long entityId) {
        return find("entityType = ?1 AND entityId = ?2 ORDER BY sequence DESC", type, entityId).firstResultOptional();
    }

    /** The newest revision of the record before this one, optionally only those whose values the record held. */
    public Optional<Revision> previous(boolean liveOnly) {
        return Revision.<Revision>find("entityType = ?1 AND entityId = ?2 AND sequence < ?3 ORDER BY sequence DESC",
                        entityType, entityId, sequence).stream()
                .filter(r -> !liveOnly || r.kind.live()).findFirst();
    }
}
