package io.hindsight.session;

import io.hindsight.account.AccountChanged;
import io.hindsight.account.Passwords;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditSubject;
import io.hindsight.audit.AuditAction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks credentials with throttling ({@link LoginThrottle}: device cookies, per-account lock-out of
 * untrusted devices, a delay per address) and one generic failure message, so nobody can learn which
 * accounts exist; every failure and every lock-out (once) goes to the audit log.
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

    @Inject
    OidcConfig oidc;

    /** The outcome: a user, or a message that says nothing about which part was wrong. */
    public record Outcome(User user, String problem, Instant lockedUntil, long retryAfterSeconds) {
        public boolean succeeded() {
            return user != null;
        }

        /** Refused without checking the password, because of a lock-out or the address's delay: answer 429. */
        public boolean throttled() {
            return lockedUntil != null;
        }
    }

    /**
     * Checks a sign-in. {@code device} is the request's verified device cookie, if any; it makes the
     * browser a trusted device only for the account it was issued to.
     */
    @Transactional
    public Outcome verify(String emailInput, String password, String ip, Optional<DeviceCookies.Device> device) {
        String email = User.normalize(emailInput);
        Optional<User> found = email.isEmpty() ? Optional.empty() : User.findByEmail(email);
        String deviceKey = device.filter(d -> found.isPresent() && d.userId() == found.get().id)
                .map(DeviceCookies.Device::key).orElse(null);
        Optional<LoginThrottle.Refusal> refusal = throttle.refusal(email, deviceKey, ip);
        if (refusal.isPresent()) {
            // Refused without looking at the password; the lock-out itself was audited once when it began.
            passwords.matchDecoy(password);
            long wait = Math.max(1, (Duration.between(clock.instant(), refusal.get().until()).toMillis() + 999) / 1000);
            return new Outcome(null, explain(refusal.get().hold(), wait), refusal.get().until(), wait);
        }
        boolean matches = found.isPresent() ? passwords.matches(password, found.get().passwordHash) : decoy(password);
        // With the form kept for admins only, anyone else is refused like a wrong password (same answer, counted as a
        // failure), so the answer never tells whether a password was right.
        boolean formRefused = found.isPresent() && oidc.enabled() && oidc.hideLocalLogin() && found.get().role != Role.ADMIN;
        if (found.isEmpty() || !matches || !found.get().isActive() || formRefused) {
            LoginThrottle.Failure failure = throttle.recordFailure(email, deviceKey, ip);
            String why = found.isEmpty() ? "unknown account" : !matches ? "wrong password" : !found.get().isActive()
                    ? "account disabled" : "password sign-in is for admins only (single sign-on is required)";
            Long actor = found.map(u -> u.id).orElse(null);
            audit.recordAlways(actor, AuditAction.LOGIN_FAILED, AuditSubject.email(email),
                    deviceKey == null ? why : why + " (browser with a device cookie)", ip);
            failure.lockout().ifPresent(lockout -> audit.recordAlways(actor,
                    lockout.hold() == LoginThrottle.Hold.DEVICE ? AuditAction.LOGIN_DEVICE_LOCKOUT : AuditAction.LOGIN_LOCKOUT,
                    AuditSubject.email(email), "locked until " + lockout.until(), ip));
            if (failure.addressSlowed()) {
                audit.recordAlways(null, AuditAction.LOGIN_ADDRESS_SLOWED, AuditSubject.email(email),
                        "address " + ip + " reached the failure limit: further attempts wait", ip);
            }
            return new Outcome(null, oidc.enabled() && oidc.hideLocalLogin()
                    ? FAILED + " The password form is for admins only: everyone else signs in with " + oidc.providerName() + "."
                    : FAILED, null, 0);
        }
        throttle.recordSuccess(email, deviceKey, ip);
        audit.record(found.get().id, AuditAction.LOGIN_SUCCEEDED, AuditSubject.email(email), "", ip);
        return new Outcome(found.get(), null, null, 0);
    }

    /** The refusal in a plain sentence; the same for every email address, known or not. */
    static String explain(LoginThrottle.Hold hold, long seconds) {
        String wait = seconds < 60 ? seconds + (seconds == 1 ? " second" : " seconds")
                : ((seconds + 59) / 60) + " minutes";
        return switch (hold) {
            case ACCOUNT -> "Too many failed sign-ins to this account from browsers it has not signed in from. Try again in "
                    + wait + ", sign in from a browser you have used before, or ask an admin to reset your password.";
            case DEVICE -> "Too many failed sign-ins from this browser. Try again in " + wait
                    + ", or ask an admin to reset your password.";
            case ADDRESS -> "Too many failed sign-ins from your network. Wait " + wait + " and try again.";
        };
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
