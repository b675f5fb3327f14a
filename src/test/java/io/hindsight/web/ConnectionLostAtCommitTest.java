package io.hindsight.web;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL going away between a request's last statement and its commit (a fast shutdown terminates every backend
 * with 57P01, "terminating connection due to administrator command", as pg_terminate_backend does here): the failed
 * commit must be answered as the outage it is (503 with Retry-After), not as a fault (500). A search did that during a
 * PostgreSQL restart under load: its transaction reads several times, so it is often between statements.
 */
@QuarkusTest
class ConnectionLostAtCommitTest {

    @Inject
    Reads reads;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** The server's address as the pool connects to it (the test database may be started by a launcher). */
    private static volatile String url;

    @org.junit.jupiter.api.BeforeEach
    void findTheServer() throws java.sql.SQLException {
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
        }
    }

    @Test
    void theConnectionEndedBeforeTheCommitIsAnOutage() {
        RuntimeException failure = assertThrows(RuntimeException.class, () -> reads.readThen(ConnectionLostAtCommitTest::terminate));
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(failure), () -> "an outage (503), not a fault (500):\n" + trace(failure));
        assertFalse(ServiceUnavailable.BUSY.causes(failure), () -> trace(failure));
        assertFalse(ErrorMapper.collided(failure), () -> "not a collision between writers:\n" + trace(failure));
    }

    @Test
    void theConnectionEndedBeforeTheNextStatementIsAnOutage() {
        RuntimeException failure = assertThrows(RuntimeException.class,
                () -> reads.readThenReadAgain(ConnectionLostAtCommitTest::terminate));
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(failure), () -> "an outage (503), not a fault (500):\n" + trace(failure));
    }

    /** Ends the server process of {@code pid} as a fast shutdown does, from a connection outside the portal's pool. */
    static void terminate(long pid) {
        try (Connection killer = DriverManager.getConnection(url,
                config("quarkus.datasource.username"), config("quarkus.datasource.password"));
             PreparedStatement kill = killer.prepareStatement("SELECT pg_terminate_backend(?)");
             PreparedStatement alive = killer.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            kill.setInt(1, (int) pid);
            kill.executeQuery().close();
            alive.setInt(1, (int) pid);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try (ResultSet still = alive.executeQuery()) {
                    still.next();
                    if (still.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the terminated server process did not exit within 30 s");
                }
                LockSupport.parkNanos(20_000_000);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    private static String trace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** Reads in a transaction, as a page does, and lets the test end the connection before the commit. */
    @ApplicationScoped
    public static class Reads {

        @Inject
        EntityManager em;

        @Transactional
        public void readThen(LongConsumer cut) {
            cut.accept(pid());
        }

        @Transactional
        public void readThenReadAgain(LongConsumer cut) {
            cut.accept(pid());
            pid();
        }

        private long pid() {
            return ((Number) em.createNativeQuery("SELECT pg_backend_pid()").getSingleResult()).longValue();
        }
    }
}
