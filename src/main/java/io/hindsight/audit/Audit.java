package io.hindsight.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;

/** Writes the audit log. Joins the caller's transaction, so an event lands only with its change. */
@ApplicationScoped
public class Audit {

    @Inject
    Clock clock;

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

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
