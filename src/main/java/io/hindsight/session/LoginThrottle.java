package io.hindsight.session;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sign-in throttling after OWASP's device-cookie scheme, in the database so every instance and a
 * restart see the same state:
 * <ul>
 * <li>a trusted device (a valid device cookie for the account) is held back only by its own
 * failures, which can lock out that cookie and nothing else;</li>
 * <li>failures from untrusted devices count per account, and after {@code max-failures-per-account}
 * within the window the account's untrusted devices are locked out for {@code lockout};</li>
 * <li>an address past {@code max-failures-per-ip} failures is slowed down: each further attempt
 * waits a delay that doubles from 1 s up to {@code max-ip-delay} after its last failure. Trusted
 * devices are never slowed, so an attacker behind the same proxy cannot stop the people who work there.</li>
 * </ul>
 * A lock-out is a row of {@code login_lockout}, written once under a database lock, so it is audited
 * once however many attempts race.
 */
@ApplicationScoped
public class LoginThrottle {

    /** What holds a sign-in back. */
    public enum Hold {
        /** The account's untrusted devices are locked out. */
        ACCOUNT,
        /** This device cookie is locked out. */
        DEVICE,
        /** This address must wait before its next attempt. */
        ADDRESS
    }

    /** Why and until when a sign-in attempt is refused without checking the password. */
    public record Refusal(Hold hold, Instant until) {
    }

    /** What a failure started: a lock-out (with its end), and whether the address just began to be slowed down. */
    public record Failure(Optional<Refusal> lockout, boolean addressSlowed) {
    }

    @Inject
    LoginConfig config;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Whether an attempt must be refused now. {@code deviceKey} is the hashed nonce of a valid device
     * cookie issued to this very account, or null for an untrusted device.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Refusal> refusal(String email, String deviceKey, String ip) {
        Instant now = clock.instant();
        if (deviceKey != null) {
            return activeLockout("device = ?1", deviceKey, now).map(until -> new Refusal(Hold.DEVICE, until));
        }
        Optional<Refusal> account = activeLockout("email = ?1 AND device IS NULL", lower(email), now)
                .map(until -> new Refusal(Hold.ACCOUNT, until));
        return account.or(() -> addressWait(ip, now).map(until -> new Refusal(Hold.ADDRESS, until)));
    }

    /**
     * Records a failed attempt in its own transaction (it counts although nothing else is written) and
     * starts a lock-out when this failure reaches the limit.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Failure recordFailure(String email, String deviceKey, String ip) {
        Instant now = clock.instant();
        String account = lower(email);
        // One lock per counter, always in this order: concurrent failures cannot both start a lock-out.
        lock(deviceKey != null ? "device:" + deviceKey : "account:" + account);
        lock("ip:" + ip);
        insert(email, ip, deviceKey, now, false);

        Optional<Refusal> lockout = Optional.empty();
        if (deviceKey != null) {
            if (failuresSinceReset("device = ?1", deviceKey, now) >= config.maxFailuresPerDevice()
                    && activeLockout("device = ?1", deviceKey, now).isEmpty()) {
                lockout = Optional.of(new Refusal(Hold.DEVICE, lockOut(account, deviceKey, ip, now)));
            }
        } else if (failuresSinceReset("lower(email) = ?1 AND device IS NULL", account, now) >= config.maxFailuresPerAccount()
                && activeLockout("email = ?1 AND device IS NULL", account, now).isEmpty()) {
            lockout = Optional.of(new Refusal(Hold.ACCOUNT, lockOut(account, null, ip, now)));
        }
        // Exactly the failure that reaches the limit starts the slow-down (the ip lock above serialises them).
        boolean addressSlowed = addressFailures(ip, now, config.maxFailuresPerIp() + 1).size() == config.maxFailuresPerIp();
        return new Failure(lockout, addressSlowed);
    }

    /** Records a successful sign-in: it resets the failure count of its device, or of the account's untrusted devices. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordSuccess(String email, String deviceKey, String ip) {
        insert(email, ip, deviceKey, clock.instant(), true);
    }

    /** Attempts and lock-outs are kept a day past any use (an address and an email are personal data), then deleted. */
    @Scheduled(every = "1h", delayed = "10m", identity = "login-attempt-purge",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        purgeOld();
    }

    /** Deletes attempts and lock-outs no rule looks at any more; how many rows went. */
    @Transactional
    public int purgeOld() {
        Duration keep = Duration.ofDays(1).plus(config.window().compareTo(config.lockout()) > 0 ? config.window() : config.lockout());
        Instant before = clock.instant().minus(keep);
        int attempts = em.createNativeQuery("DELETE FROM login_attempt WHERE attempted_at < ?1").setParameter(1, before).executeUpdate();
        int lockouts = em.createNativeQuery("DELETE FROM login_lockout WHERE locked_until < ?1").setParameter(1, before).executeUpdate();
        return attempts + lockouts;
    }

    private void insert(String email, String ip, String deviceKey, Instant at, boolean succeeded) {
        em.createNativeQuery("INSERT INTO login_attempt (email, ip, attempted_at, succeeded, device) VALUES (?1, ?2, ?3, ?4, ?5)")
                .unwrap(NativeQuery.class)
                .setParameter(1, email.length() > 254 ? email.substring(0, 254) : email)
                .setParameter(2, ip)
                .setParameter(3, at)
                .setParameter(4, succeeded)
                .setParameter(5, deviceKey, StandardBasicTypes.STRING)
                .executeUpdate();
    }

    private Instant lockOut(String email, String deviceKey, String ip, Instant now) {
        Instant until = now.plus(config.lockout());
        em.createNativeQuery("INSERT INTO login_lockout (email, device, ip, locked_at, locked_until) VALUES (?1, ?2, ?3, ?4, ?5)")
                .unwrap(NativeQuery.class)
                .setParameter(1, email.length() > 254 ? email.substring(0, 254) : email)
                .setParameter(2, deviceKey, StandardBasicTypes.STRING)
                .setParameter(3, ip)
                .setParameter(4, now)
                .setParameter(5, until)
                .executeUpdate();
        return until;
    }

    private void lock(String key) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, key).getSingleResult();
    }

    /**
     * Failures of one counter within the window that came after its last success and after its last
     * lock-out began: when a lock-out ends, the count starts again from zero.
     *
     * @param where a fixed condition chosen here, never request data; {@code ?1} is the counter's value
     */
    private long failuresSinceReset(String where, String value, Instant now) {
        String lockoutWhere = where.startsWith("device") ? "device = ?1" : "email = ?1 AND device IS NULL";
        Number count = (Number) em.createNativeQuery("SELECT count(*) FROM login_attempt WHERE " + where
                        + " AND NOT succeeded AND attempted_at > ?2"
                        + " AND attempted_at > COALESCE((SELECT max(attempted_at) FROM login_attempt WHERE " + where
                        + " AND succeeded), '-infinity')"
                        + " AND attempted_at > COALESCE((SELECT max(locked_at) FROM login_lockout WHERE " + lockoutWhere
                        + "), '-infinity')")
                .setParameter(1, value)
                .setParameter(2, now.minus(config.window()))
                .getSingleResult();
        return count.longValue();
    }

    /** @param where a fixed condition chosen here, never request data */
    private Optional<Instant> activeLockout(String where, String value, Instant now) {
        Object until = em.createNativeQuery("SELECT max(locked_until) FROM login_lockout WHERE " + where + " AND locked_until > ?2")
                .setParameter(1, value)
                .setParameter(2, now)
                .getSingleResult();
        return Optional.ofNullable(until).map(LoginThrottle::instant);
    }

    /** When an address past its limit may try again, if that is still ahead. */
    private Optional<Instant> addressWait(String ip, Instant now) {
        int free = config.maxFailuresPerIp();
        List<Instant> recent = addressFailures(ip, now, free + 31);
        if (recent.size() < free) {
            return Optional.empty();
        }
        Instant allowedAt = recent.get(0).plus(delay(recent.size() - free, config.maxIpDelay()));
        return allowedAt.isAfter(now) ? Optional.of(allowedAt) : Optional.empty();
    }

    /** 1 s after the failure that reached the limit, doubling with each failure past it, at most {@code max}. */
    static Duration delay(int pastLimit, Duration max) {
        Duration delay = Duration.ofSeconds(1L << Math.min(pastLimit, 30));
        return delay.compareTo(max) > 0 ? max : delay;
    }

    @SuppressWarnings("unchecked")
    private List<Instant> addressFailures(String ip, Instant now, int limit) {
        List<Object> rows = em.createNativeQuery("SELECT attempted_at FROM login_attempt WHERE ip = ?1 AND NOT succeeded"
                        + " AND attempted_at > ?2 ORDER BY attempted_at DESC LIMIT ?3")
                .setParameter(1, ip)
                .setParameter(2, now.minus(config.window()))
                .setParameter(3, limit)
                .getResultList();
        return rows.stream().map(LoginThrottle::instant).toList();
    }

    private static String lower(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
