package io.hindsight.system;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Once per due time across every instance that shares the database (V29): a scheduled job claims its due time
 * (a day, an hour…) in the transaction that does its work. Exactly one transaction can insert the claim; one that
 * races it waits for the winner's commit and is told no; one that rolls back leaves the due time unclaimed.
 */
@ApplicationScoped
public class ScheduledRuns {

    /** Claims older than this are deleted when the same job claims again: they only ever answer "already ran". */
    static final Duration KEEP = Duration.ofDays(60);

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    /**
     * Whether this transaction is the one that runs {@code job} for {@code due}; false when another transaction (on
     * any instance) already did, or is doing it and commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(String job, String due) {
        Instant now = clock.instant();
        entityManager.createNativeQuery("DELETE FROM scheduled_run WHERE job = ?1 AND ran_at < ?2")
                .setParameter(1, job).setParameter(2, now.minus(KEEP)).executeUpdate();
        return entityManager.createNativeQuery(
                        "INSERT INTO scheduled_run (job, due, ran_at) VALUES (?1, ?2, ?3) ON CONFLICT (job, due) DO NOTHING")
                .setParameter(1, job).setParameter(2, due).setParameter(3, now).executeUpdate() == 1;
    }
}
