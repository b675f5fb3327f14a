package io.hindsight.remediation;

import io.hindsight.TestClock;
import io.hindsight.system.ScheduledRuns;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every instance runs the digest's schedule; the day's digest is announced once. Two threads, each in its own
 * transaction on its own connection, play two instances that find it due at the same moment.
 */
@QuarkusTest
class DigestOncePerDayTest {

    @Inject
    DailyDigest digest;

    @Inject
    ScheduledRuns runs;

    @Inject
    DigestEvents events;

    @Inject
    TestClock clock;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void noDayClaimedYet() {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("DELETE FROM scheduled_run WHERE job IN ('daily-digest', 'test-job')").executeUpdate());
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void twoInstancesFindingTheDigestDueTogetherAnnounceItOnce() throws Exception {
        int before = events.digests().size();
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Optional<DailyDigest.Due>> instance = () -> {
            together.await(30, TimeUnit.SECONDS);
            return digest.announceOnce();
        };
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<Optional<DailyDigest.Due>>> raced = two.invokeAll(List.of(instance, instance), 60, TimeUnit.SECONDS);
            long announced = 0;
            for (Future<Optional<DailyDigest.Due>> one : raced) {
                announced += one.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, announced, "one of the two announces the day");
        } finally {
            two.shutdownNow();
        }
        assertEquals(before + 1, events.digests().size(), "one announcement reached the listeners");

        assertTrue(digest.announceOnce().isEmpty(), "later the same day: nothing more");
        clock.advance(Duration.ofDays(1));
        assertTrue(digest.announceOnce().isPresent(), "the next day has a digest of its own");
        assertEquals(before + 2, events.digests().size());
    }

    @Test
    void aClaimWhoseWorkRolledBackLeavesTheDueTimeFree() {
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            assertTrue(runs.claim("test-job", "2026-11-28"));
            throw new IllegalStateException("the work after the claim failed");
        }));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> runs.claim("test-job", "2026-11-28")), "free again");
        assertFalse(QuarkusTransaction.requiringNew().call(() -> runs.claim("test-job", "2026-11-28")), "and now taken");
        assertTrue(QuarkusTransaction.requiringNew().call(() -> runs.claim("test-job", "2026-11-29")), "another due time is free");
    }
}
