package io.hindsight.session;

import io.hindsight.system.DedicatedConnections;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.UUID;

/**
 * Makes a revoked session count as revoked within moments on every instance: the local cache forgets
 * it at once and again when the change commits, and a PostgreSQL {@code NOTIFY} on
 * {@value #CHANNEL} (sent by the database only on commit) tells every instance's listener to forget
 * it too. While an instance is not listening, it does not use its cache at all.
 */
@ApplicationScoped
public class SessionRevocations {

    public static final String CHANNEL = "hindsight_session_revoked";
    /** Notice for every session of one person: {@code user:<id>}. A bare session id names one session. */
    public static final String USER_PREFIX = "user:";

    @Inject
    SessionStateCache cache;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    DedicatedConnections connections;

    private volatile RevocationListener listener;

    void onStart(@Observes StartupEvent event) {
        listener = new RevocationListener("session-revocations", () -> connections.open("hindsight session revocations"),
                cache::onNotice, cache::clear);
    }

    void onStop(@Observes ShutdownEvent event) {
        RevocationListener current = listener;
        if (current != null) {
            current.close();
        }
    }

    /** Whether cached session state may be used: only while revocations from other instances are heard. */
    public boolean cacheUsable() {
        RevocationListener current = listener;
        return current != null && current.listening();
    }

    /** One session was ended; call inside the transaction that ends it. */
    public void session(UUID sid) {
        cache.evictSession(sid);
        publish(sid.toString(), () -> cache.evictSession(sid));
    }

    /** Every session of a person was ended, or their role or status changed; call inside that transaction. */
    public void user(long userId) {
        cache.evictUser(userId);
        publish(USER_PREFIX + userId, () -> cache.evictUser(userId));
    }

    private void publish(String payload, Runnable evictAgain) {
        Panache.getEntityManager().createNativeQuery("SELECT count(*) FROM (SELECT pg_notify(:channel, :payload)) AS sent")
                .setParameter("channel", CHANNEL)
                .setParameter("payload", payload)
                .getSingleResult();
        // A request racing the change may have cached the row as it was before the commit.
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                evictAgain.run();
            }
        });
    }
}
