package io.hindsight.session;

import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Browser sessions: opened at sign-in, checked on every request, renewed while the person is
 * active, ended by sign-out, idleness, the absolute cap, or an account change.
 */
@ApplicationScoped
@Transactional
public class SessionService {

    @Inject
    SessionConfig config;

    @Inject
    SigningKeys keys;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    /** A session and the first token for it. */
    public record Opened(UserSession session, String token) {
    }

    /** What a valid session cookie says, after the row was checked. */
    public record Checked(User user, UserSession session, boolean renew) {
    }

    /** Why a session cookie no longer counts; the login page explains it. */
    public enum Ended { IDLE, ABSOLUTE, REVOKED, INVALID }

    public Opened open(User user, String userAgent, String ip) {
        Instant now = clock.instant();
        UserSession session = new UserSession();
        session.id = UUID.randomUUID();
        session.user = user;
        session.createdAt = now;
        session.lastSeenAt = now;
        session.idleExpiresAt = now.plus(config.idleTimeout());
        session.absoluteExpiresAt = now.plus(config.absoluteTimeout());
        session.userAgent = userAgent == null ? "" : userAgent.substring(0, Math.min(400, userAgent.length()));
        session.ip = ip == null ? "" : ip;
        session.persist();
        return new Opened(session, token(user, session, now));
    }

    /**
     * Checks the session a verified token names. Never single-use: any unexpired token of an active
     * session is accepted, so parallel requests and several tabs cannot sign each other out.
     */
    public Optional<Checked> check(UUID sid, Instant tokenIssuedAt, java.util.function.Consumer<Ended> whyNot) {
        Instant now = clock.instant();
        Optional<UserSession> found = UserSession.find("FROM UserSession s JOIN FETCH s.user WHERE s.id = ?1", sid)
                .firstResultOptional();
        if (found.isEmpty()) {
            whyNot.accept(Ended.INVALID);
            return Optional.empty();
        }
        UserSession session = found.get();
        if (session.revokedAt != null || !session.user.isActive()) {
            whyNot.accept(Ended.REVOKED);
            return Optional.empty();
        }
        if (!now.isBefore(session.absoluteExpiresAt)) {
            whyNot.accept(Ended.ABSOLUTE);
            return Optional.empty();
        }
        if (!now.isBefore(session.idleExpiresAt)) {
            whyNot.accept(Ended.IDLE);
            return Optional.empty();
        }
        boolean renew = !tokenIssuedAt.plus(config.renewAfter()).isAfter(now);
        return Optional.of(new Checked(session.user, session, renew));
    }

    /** Why a session no longer counts, if it has ended by one of its deadlines or was revoked. */
    public Optional<Ended> whyEnded(UUID sid) {
        Instant now = clock.instant();
        return UserSession.<UserSession>findByIdOptional(sid).map(s -> {
            if (s.revokedAt != null) {
                return Ended.REVOKED;
            }
            if (!now.isBefore(s.absoluteExpiresAt)) {
                return Ended.ABSOLUTE;
            }
            return !now.isBefore(s.idleExpiresAt) ? Ended.IDLE : Ended.INVALID;
        });
    }

    /**
     * Marks the session as used now and issues a fresh token. Times only move forward
     * ({@code GREATEST}), so renewals racing each other cannot shorten a session.
     */
    public Optional<String> renew(UUID sid) {
        Instant now = clock.instant();
        int updated = UserSession.getEntityManager().createNativeQuery("""
                        UPDATE user_session
                           SET last_seen_at = GREATEST(last_seen_at, :now),
                               idle_expires_at = LEAST(absolute_expires_at, GREATEST(idle_expires_at, :idle))
                         WHERE id = :sid AND revoked_at IS NULL AND idle_expires_at > :now AND absolute_expires_at > :now""")
                .setParameter("now", now)
                .setParameter("idle", now.plus(config.idleTimeout()))
                .setParameter("sid", sid)
                .executeUpdate();
        if (updated == 0) {
            return Optional.empty();
        }
        UserSession session = UserSession.find("FROM UserSession s JOIN FETCH s.user WHERE s.id = ?1", sid).firstResult();
        return Optional.of(token(session.user, session, now));
    }

    public void revoke(UUID sid, String reason) {
        UserSession.update("revokedAt = ?1, revokedReason = ?2 WHERE id = ?3 AND revokedAt IS NULL", clock.instant(), reason, sid);
    }

    /**
     * A person ends one of their own sessions, by signing out or from "Your sessions"; recorded in
     * the audit log when it was still active.
     */
    public void end(UUID sid, boolean signingOut, String ip) {
        UserSession session = UserSession.find("FROM UserSession s JOIN FETCH s.user WHERE s.id = ?1", sid).firstResult();
        if (session == null || session.revokedAt != null) {
            return;
        }
        revoke(sid, signingOut ? "signed-out" : "revoked-by-owner");
        audit.record(session.user.id, signingOut ? AuditAction.SESSION_SIGNED_OUT : AuditAction.SESSION_REVOKED,
                AuditSubject.account(session.user.id), "session " + sid, ip);
    }

    /** Ends every session of a person at once (password, role or status change, admin action). */
    public int revokeAll(long userId, String reason) {
        return UserSession.update("revokedAt = ?1, revokedReason = ?2 WHERE user.id = ?3 AND revokedAt IS NULL",
                clock.instant(), reason, userId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UserSession> active(long userId) {
        return UserSession.activeFor(userId, clock.instant());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UserSession> find(UUID sid) {
        return UserSession.findByIdOptional(sid);
    }

    /** The cookie token: {@code sid} and {@code auth_time} stay fixed for the whole session. */
    String token(User user, UserSession session, Instant now) {
        Instant expires = now.plus(config.accessTokenLifetime());
        if (expires.isAfter(session.absoluteExpiresAt)) {
            expires = session.absoluteExpiresAt;
        }
        return keys.sign(Jwt.subject(String.valueOf(user.id))
                .upn(user.email)
                .groups(user.role.grants())
                .claim("sid", session.id.toString())
                .claim("auth_time", session.createdAt.getEpochSecond())
                .claim("use", TokenUse.SESSION.claim())
                .issuedAt(now)
                .expiresAt(expires));
    }
}
