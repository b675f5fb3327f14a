package io.hindsight.session;

import io.hindsight.account.AccountChanged;
import io.hindsight.account.Passwords;
import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditSubject;
import io.hindsight.audit.AuditAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks credentials with throttling and one generic failure message, so nobody can learn which
 * accounts exist; every failure and lockout goes to the audit log.
 */
@ApplicationScoped
public class SignIn {

    public static final String FAILED = "That email and password do not match an active account.";

    @Inject
    Passwords passwords;

    @Inject
    LoginThrottle throttle;

    @Inject
    SessionService sessions;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    /** The outcome: a user, or a message that says nothing about which part was wrong. */
    public record Outcome(User user, String problem, Instant lockedUntil) {
        public boolean succeeded() {
            return user != null;
        }
    }

    @Transactional
    public Outcome verify(String emailInput, String password, String ip) {
        String email = User.normalize(emailInput);
        Optional<Instant> locked = throttle.lockedUntil(email, ip);
        if (locked.isPresent()) {
            passwords.matchDecoy(password);
            audit.recordAlways(null, AuditAction.LOGIN_LOCKED, AuditSubject.email(email), "locked until " + locked.get(), ip);
            return new Outcome(null, "Too many failed sign-ins. Wait until the lock lifts, or ask an admin to reset your password.",
                    locked.get());
        }
        Optional<User> found = email.isEmpty() ? Optional.empty() : User.findByEmail(email);
        boolean matches = found.isPresent() ? passwords.matches(password, found.get().passwordHash) : decoy(password);
        if (found.isEmpty() || !matches || !found.get().isActive()) {
            throttle.record(email, ip, false);
            String why = found.isEmpty() ? "unknown account" : !matches ? "wrong password" : "account disabled";
            audit.recordAlways(found.map(u -> u.id).orElse(null), AuditAction.LOGIN_FAILED, AuditSubject.email(email), why, ip);
            Optional<Instant> nowLocked = throttle.lockedUntil(email, ip);
            nowLocked.ifPresent(until -> audit.recordAlways(null, AuditAction.LOGIN_LOCKOUT, AuditSubject.email(email), "locked until " + until, ip));
            return new Outcome(null, FAILED, null);
        }
        throttle.record(email, ip, true);
        audit.record(found.get().id, AuditAction.LOGIN_SUCCEEDED, AuditSubject.email(email), "", ip);
        return new Outcome(found.get(), null, null);
    }

    private boolean decoy(String password) {
        passwords.matchDecoy(password);
        return false;
    }

    /** A changed password, role or status ends every session of that person at once. */
    void onAccountChanged(@Observes AccountChanged change) {
        sessions.revokeAll(change.userId(), change.reason());
    }
}
