package io.hindsight.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Counts failed sign-ins per account and per address in a sliding window. */
@ApplicationScoped
public class LoginThrottle {

    @Inject
    LoginConfig config;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** When sign-ins for this account or address are allowed again, if they are locked now. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Instant> lockedUntil(String email, String ip) {
        Instant now = clock.instant();
        Instant since = now.minus(config.window());
        Optional<Instant> byAccount = lockEnd(failures("lower(email)", email.toLowerCase(java.util.Locale.ROOT), since,
                config.maxFailuresPerAccount(), true), config.maxFailuresPerAccount());
        Optional<Instant> byIp = lockEnd(failures("ip", ip, since, config.maxFailuresPerIp(), false), config.maxFailuresPerIp());
        return byAccount.isPresent() && byIp.isPresent()
                ? Optional.of(byAccount.get().isAfter(byIp.get()) ? byAccount.get() : byIp.get())
                : byAccount.or(() -> byIp);
    }

    /** Recorded in its own transaction: a failed sign-in counts even though nothing else is written. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String email, String ip, boolean succeeded) {
        em.createNativeQuery("INSERT INTO login_attempt (email, ip, attempted_at, succeeded) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, email.length() > 254 ? email.substring(0, 254) : email)
                .setParameter(2, ip)
                .setParameter(3, clock.instant())
                .setParameter(4, succeeded)
                .executeUpdate();
    }

    /**
     * Recent failures, newest first, at most {@code limit}. For an account only those since its last
     * success count; for an address all do (a success of one's own account must not reset it).
     *
     * @param column a fixed column expression chosen here, never request data
     */
    @SuppressWarnings("unchecked")
    private List<Instant> failures(String column, String value, Instant since, int limit, boolean resetOnSuccess) {
        String sinceSuccess = resetOnSuccess
                ? " AND attempted_at > COALESCE((SELECT max(attempted_at) FROM login_attempt WHERE " + column
                  + " = ?1 AND succeeded), '-infinity')"
                : "";
        List<Object> rows = em.createNativeQuery("SELECT attempted_at FROM login_attempt WHERE " + column
                        + " = ?1 AND NOT succeeded AND attempted_at > ?2" + sinceSuccess + " ORDER BY attempted_at DESC LIMIT ?3")
                .setParameter(1, value)
                .setParameter(2, since)
                .setParameter(3, limit)
                .getResultList();
        return rows.stream().map(LoginThrottle::instant).toList();
    }

    private Optional<Instant> lockEnd(List<Instant> newestFirst, int max) {
        if (newestFirst.size() < max) {
            return Optional.empty();
        }
        // Locked until the oldest of the last `max` failures leaves the window.
        return Optional.of(newestFirst.get(max - 1).plus(config.window()));
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
