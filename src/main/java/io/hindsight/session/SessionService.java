package io.hindsight.session;

import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
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

    @Inject
    SessionStateCache cache;

    @Inject
    SessionRevocations revocations;

    /** A session and the first token for it. */
    public record Opened(UserSession session, String token) {
    }

    /** What a valid session cookie says, after the row was checked. */
    public record Checked(SessionStateCache.State state, boolean renew) {
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
        return new Opened(session, token(state(session, now), now));
    }

    /**
     * Checks the session a verified token names. Never single-use: any unexpired token of an active
     * session is accepted, so parallel requests and several tabs cannot sign each other out.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Checked> check(UUID sid, Instant tokenIssuedAt, java.util.function.Consumer<Ended> whyNot) {
        Optional<SessionStateCache.State> found = revocations.cacheUsable()
                ? cache.state(sid, this::load)
                : load(sid);
        Instant now = clock.instant();
        if (found.isEmpty()) {
            whyNot.accept(Ended.INVALID);
            return Optional.empty();
        }
        SessionStateCache.State session = found.get();
        if (session.revokedAt() != null || !session.userActive()) {
            whyNot.accept(Ended.REVOKED);
            return Optional.empty();
        }
        // Checked against the clock on every request, whether the state was cached or not.
        if (!now.isBefore(session.absoluteExpiresAt())) {
            whyNot.accept(Ended.ABSOLUTE);
            return Optional.empty();
        }
        if (!now.isBefore(session.idleExpiresAt())) {
            whyNot.accept(Ended.IDLE);
            return Optional.empty();
        }
        boolean renew = !tokenIssuedAt.plus(config.renewAfter()).isAfter(now);
        return Optional.of(new Checked(session, renew));
    }

    /** The session row and its person as they are in the database now. */
    private Optional<SessionStateCache.State> load(UUID sid) {
        return QuarkusTransaction.joiningExisting().call(() -> UserSession
                .<UserSession>find("FROM UserSession s JOIN FETCH s.user WHERE s.id = ?1", sid)
                .firstResultOptional().map(s -> state(s, clock.instant())));
    }

    private static SessionStateCache.State state(UserSession s, Instant loadedAt) {
        return new SessionStateCache.State(s.id, s.user.id, s.user.email, java.util.Set.copyOf(s.user.role.grants()),
                s.user.isActive(), s.createdAt, s.idleExpiresAt, s.absoluteExpiresAt, s.revokedAt, loadedAt);
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
     * The token that renews a session whose cookie is older than the renewal interval. The row is
     * written and a token signed once per session and interval on this instance; a burst of requests
     * with the same aged cookie waits for that one renewal and shares its token.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Optional<String> renewed(SessionStateCache.State session) {
        return cache.renewed(session.sid(), session.userId(), config.renewAfter(),
                sid -> QuarkusTransaction.requiringNew().call(() -> renew(session)));
    }

    /**
     * Marks the session as used now and issues a fresh token. Times only move forward
     * ({@code GREATEST}), so renewals racing each other cannot shorten a session.
     */
    private Optional<String> renew(SessionStateCache.State session) {
        Instant now = clock.instant();
        int updated = UserSession.getEntityManager().createNativeQuery("""
                        UPDATE user_session
                           SET last_seen_at = GREATEST(last_seen_at, :now),
                               idle_expires_at = LEAST(absolute_expires_at, GREATEST(idle_expires_at, :idle))
                         WHERE id = :sid AND revoked_at IS NULL AND idle_expires_at > :now AND absolute_expires_at > :now""")
                .setParameter("now", now)
                .setParameter("idle", now.plus(config.idleTimeout()))
                .setParameter("sid", session.sid())
                .executeUpdate();
        return updated == 0 ? Optional.empty() : Optional.of(token(session, now));
    }

    public void revoke(UUID sid, String reason) {
        UserSession.update("revokedAt = ?1, revokedReason = ?2 WHERE id = ?3 AND revokedAt IS NULL", clock.instant(), reason, sid);
        revocations.session(sid);
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
        int ended = UserSession.update("revokedAt = ?1, revokedReason = ?2 WHERE user.id = ?3 AND revokedAt IS NULL",
                clock.instant(), reason, userId);
        revocations.user(userId); // also when none was active: the person's role or status is cached with their sessions
        return ended;
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
    String token(SessionStateCache.State session, Instant now) {
        Instant expires = now.plus(config.accessTokenLifetime());
        if (expires.isAfter(session.absoluteExpiresAt())) {
            expires = session.absoluteExpiresAt();
        }
        return keys.sign(Jwt.subject(String.valueOf(session.userId()))
                .upn(session.email())
                .groups(session.roles())
                .claim("sid", session.sid().toString())
                .claim("auth_time", session.createdAt().getEpochSecond())
                .claim("use", TokenUse.SESSION.claim())
                .issuedAt(now)
                .expiresAt(expires));
    }
}
