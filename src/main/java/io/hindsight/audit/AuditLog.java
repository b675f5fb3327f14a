package io.hindsight.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the audit log for the admin page and API: newest first, filtered, a page at a time by
 * keyset (events older than the cursor), so a page costs the same however deep one goes.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AuditLog {

    /** One event as shown: the actor's email and name when the account still exists. */
    public record Entry(long id, Instant occurredAt, Long actorId, String actorEmail, String actorName, String action,
                        String subject, String detail, String ip) {

        /** The subject as a query parameter value, for links that filter by it. */
        public String subjectParameter() {
            return URLEncoder.encode(subject, StandardCharsets.UTF_8);
        }

        public String actionParameter() {
            return URLEncoder.encode(action, StandardCharsets.UTF_8);
        }

        /** What the action means, from the catalogue; empty for an action it does not know. */
        public String meaning() {
            return AuditAction.byKey(action).map(AuditAction::meaning).orElse("");
        }
    }

    /** A page of events and the cursor of the next (older) one, if there is one. */
    public record Page(List<Entry> entries, Optional<Long> nextCursor) {
        /** Nothing to show (the filters were not valid). */
        public static final Page NONE = new Page(List.of(), Optional.empty());

        public boolean hasOlder() {
            return nextCursor.isPresent();
        }

        /** The cursor of the next (older) page; null when this is the last one. */
        public Long olderCursor() {
            return nextCursor.orElse(null);
        }
    }

    public Page find(AuditQuery query) {
        StringBuilder where = new StringBuilder("TRUE");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (query.action() != null) {
            if (query.actionIsPrefix()) {
                where.append(" AND e.action LIKE :action ESCAPE '\\'");
                parameters.put("action", escapeLike(query.actionPrefix()) + "%");
            } else {
                where.append(" AND e.action = :action");
                parameters.put("action", query.action());
            }
        }
        if (query.actor() != null) {
            Long actorId = query.actorId();
            if (actorId != null) {
                where.append(" AND e.actor_id = :actorId");
                parameters.put("actorId", actorId);
            } else {
                where.append(" AND e.actor_id IN (SELECT id FROM app_user WHERE email = :actorEmail)");
                parameters.put("actorEmail", query.actor().toLowerCase(Locale.ROOT));
            }
        }
        if (query.subject() != null) {
            if (query.subjectIsPrefix()) {
                where.append(" AND e.subject LIKE :subject ESCAPE '\\'");
                parameters.put("subject", escapeLike(query.subjectPrefix()) + "%");
            } else {
                where.append(" AND e.subject = :subject");
                parameters.put("subject", query.subject());
            }
        }
        if (query.from() != null) {
            where.append(" AND e.occurred_at >= :from");
            parameters.put("from", Timestamp.from(query.from().atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (query.to() != null) {
            where.append(" AND e.occurred_at < :until");
            parameters.put("until", Timestamp.from(query.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
        }
        if (query.before() != null) {
            where.append(" AND e.id < :before");
            parameters.put("before", query.before());
        }
        Query sql = AuditEvent.getEntityManager().createNativeQuery("""
                SELECT e.id, e.occurred_at, e.actor_id, u.email, u.name, e.action, e.subject, e.detail, e.ip
                  FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id
                 WHERE %s
                 ORDER BY e.id DESC
                 LIMIT %d""".formatted(where, AuditQuery.PAGE_SIZE + 1));
        parameters.forEach(sql::setParameter);
        List<Entry> entries = new ArrayList<>();
        for (Object found : sql.getResultList()) {
            Object[] row = (Object[]) found;
            entries.add(new Entry(((Number) row[0]).longValue(), instant(row[1]),
                    row[2] == null ? null : ((Number) row[2]).longValue(), (String) row[3], (String) row[4],
                    (String) row[5], (String) row[6], (String) row[7], (String) row[8]));
        }
        if (entries.size() > AuditQuery.PAGE_SIZE) {
            List<Entry> page = List.copyOf(entries.subList(0, AuditQuery.PAGE_SIZE));
            return new Page(page, Optional.of(page.get(page.size() - 1).id()));
        }
        return new Page(List.copyOf(entries), Optional.empty());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
