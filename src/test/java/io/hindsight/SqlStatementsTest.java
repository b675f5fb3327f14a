package io.hindsight;

import io.hindsight.notify.OutboxRelay;
import io.hindsight.tracker.TrackerRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The statement counter the no-N+1 tests rely on: it counts what is measured and leaves out the relays' polling. */
@QuarkusTest
class SqlStatementsTest {

    @Inject
    EntityManager entityManager;

    @Inject
    OutboxRelay outboxRelay;

    @Inject
    TrackerRelay trackerRelay;

    @Test
    void countsEveryStatementItIsAskedToMeasure() {
        long counted = SqlStatements.during(() -> QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("SELECT 1").getSingleResult();
            entityManager.createQuery("SELECT count(i) FROM Incident i").getSingleResult();
            return null;
        })).statements();
        assertEquals(2, counted);
    }

    @Test
    void leavesOutTheRelaysPolling() {
        long counted = SqlStatements.during(() -> {
            outboxRelay.relayOnce();
            trackerRelay.relayOnce();
            return null;
        }).statements();
        assertEquals(0, counted, "a relay's pass runs statements of its own, which no page measurement may include");
    }
}
