package io.hindsight.outbox;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Wakes a relay once the transaction that wrote its rows has committed: once per transaction however many rows it
 * wrote, and never after a rollback (there is nothing to send then).
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code wake} after the current transaction commits, unless it was asked already with the same {@code key}. */
    public static void once(TransactionSynchronizationRegistry transactions, Object key, Runnable wake) {
        if (transactions.getResource(key) != null) {
            return;
        }
        transactions.putResource(key, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake.run();
                }
            }
        });
    }
}
