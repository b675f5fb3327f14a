package io.hindsight.audit;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;

/**
 * Writes the audit log. Joins the caller's transaction, so an event lands only with its change.
 * Rows are only ever inserted: nothing in the portal updates or deletes them, and the database
 * refuses it too (V14).
 */
@ApplicationScoped
public class Audit {

    @Inject
    Clock clock;

    @Transactional
    public void record(Long actorId, AuditAction action, String subject, String detail, String ip) {
        record(actorId, action.key(), subject, detail, ip);
    }

    /** Writes even when the caller's transaction rolls back: failed sign-ins must stay on record. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordAlways(Long actorId, AuditAction action, String subject, String detail, String ip) {
        record(actorId, action.key(), subject, detail, ip);
    }

    /** Prefer the {@link AuditAction} overload; the action must be one of the catalogue's keys. */
    @Transactional
    public void record(Long actorId, String action, String subject, String detail, String ip) {
        AuditEvent event = new AuditEvent();
        event.occurredAt = clock.instant();
        event.actorId = actorId;
        event.action = action;
        event.subject = subject == null ? "" : truncate(subject, 254);
        event.detail = detail == null ? "" : detail;
        event.ip = ip == null ? "" : truncate(ip, 64);
        event.persist();
    }

    /** Writes even when the caller's transaction rolls back: failed sign-ins must stay on record. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordAlways(Long actorId, String action, String subject, String detail, String ip) {
        record(actorId, action, subject, detail, ip);
    }

    /** The address a request came from, as the audit log keeps it ("" when unknown). */
    public static String addressOf(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
