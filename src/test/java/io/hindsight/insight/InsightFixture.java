package io.hindsight.insight;

import io.agroal.api.AgroalDataSource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A small, hand-computed history for the insights tests, written with plain SQL because its timestamps (started,
 * detected, mitigated, resolved, completed) lie years in the past, where no form would put them. Every incident
 * affects the fixture's own service, so a filter on it sees this history only, whatever other tests wrote.
 */
final class InsightFixture {

    final String service = "insight-" + UUID.randomUUID().toString().substring(0, 8);
    final String otherService = service + "-other";
    final String factorKey = "fixture factor " + service;
    final String factorLabel = "=Fixture factor " + service;
    /** The hand-made incidents by their letter in the test, for the tests that follow a row to its incident. */
    final java.util.Map<String, Long> ids = new java.util.HashMap<>();
    private final AgroalDataSource dataSource;

    InsightFixture(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    static Instant at(String instant) {
        return Instant.parse(instant);
    }

    long incident(String severity, Instant started, Integer detectMinutes, Integer mitigateMinutes, Integer resolveMinutes,
                  String[] tags, String... services) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO incident (title, severity, status, started_at, detected_at, mitigated_at, resolved_at, tags, affected_services)
                VALUES ('Insight fixture', ?, 'RESOLVED', ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            s.setString(1, severity);
            s.setTimestamp(2, Timestamp.from(started));
            s.setTimestamp(3, plus(started, detectMinutes));
            s.setTimestamp(4, plus(started, mitigateMinutes));
            s.setTimestamp(5, plus(started, resolveMinutes));
            s.setArray(6, c.createArrayOf("text", tags));
            String[] all = new String[services.length + 1];
            all[0] = service;
            System.arraycopy(services, 0, all, 1, services.length);
            s.setArray(7, c.createArrayOf("text", all));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any write the portal could make, as one statement: the rollups' triggers see it as they would the portal's. */
    void execute(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                s.setObject(i + 1, p instanceof Instant instant ? Timestamp.from(instant) : p);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void trash(long incident) {
        update("UPDATE incident SET deleted_at = now() WHERE id = ?", incident);
    }

    void actionItem(long incident, String status, Instant created, Instant completed, LocalDate due) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO action_item (incident_id, title, due_on, priority, status, kind, created_at, updated_at, completed_at)
                VALUES (?, 'Add a restore drill', ?, 'P2', ?, 'PREVENT', ?, ?, ?)""")) {
            s.setLong(1, incident);
            s.setObject(2, due);
            s.setString(3, status);
            s.setTimestamp(4, Timestamp.from(created));
            s.setTimestamp(5, Timestamp.from(completed == null ? created : completed));
            s.setTimestamp(6, completed == null ? null : Timestamp.from(completed));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Attaches the current version of a library checklist with items in the given states and re-verification dates. */
    void checklist(long incident, String slug, String[] states, Instant[] reverifyDue) {
        try (Connection c = dataSource.getConnection()) {
            long checklist;
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO incident_checklist (incident_id, template_id, slug, attached_at)
                    SELECT ?, id, slug, now() FROM checklist_template WHERE slug = ? AND current RETURNING id""")) {
                s.setLong(1, incident);
                s.setString(2, slug);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    checklist = rs.getLong(1);
                }
            }
            for (int i = 0; i < states.length; i++) {
                try (PreparedStatement s = c.prepareStatement("""
                        INSERT INTO incident_checklist_item (checklist_id, position, text, state, changed_at, reverify_due_at)
                        VALUES (?, ?, 'A check', ?, now(), ?)""")) {
                    s.setLong(1, checklist);
                    s.setInt(2, i + 1);
                    s.setString(3, states[i]);
                    s.setTimestamp(4, reverifyDue[i] == null ? null : Timestamp.from(reverifyDue[i]));
                    s.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A published postmortem whose lesson card ticks the given factor keys (the fixture's factor gets its label). */
    void publishedWithFactors(long incident, String... factorKeys) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO lesson_factor (factor_key, label) VALUES (?, ?) ON CONFLICT (factor_key) DO NOTHING""")) {
                s.setString(1, factorKey);
                s.setString(2, factorLabel);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    WITH p AS (INSERT INTO postmortem (incident_id, template_id, status, published_at)
                               SELECT ?, id, 'PUBLISHED', now() FROM postmortem_template WHERE slug = 'general' RETURNING id, incident_id)
                    INSERT INTO lesson_card (postmortem_id, incident_id, published_at, lessons_html, feed_html, factors, factor_keys, extracted_at)
                    SELECT p.id, p.incident_id, now(), '', '', ?, ?, now() FROM p""")) {
                Array keys = c.createArrayOf("text", factorKeys);
                s.setLong(1, incident);
                s.setArray(2, keys);
                s.setArray(3, keys);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    String checklistName(String slug) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name FROM checklist_template WHERE slug = ? AND current")) {
            s.setString(1, slug);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Timestamp plus(Instant start, Integer minutes) {
        return minutes == null ? null : Timestamp.from(start.plus(Duration.ofMinutes(minutes)));
    }
}
