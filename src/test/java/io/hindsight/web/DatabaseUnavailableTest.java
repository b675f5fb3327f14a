package io.hindsight.web;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean "the database is out of reach" (503) rather than a bug (500) or bad input (400). */
class DatabaseUnavailableTest {

    /** A real refusal: the PostgreSQL driver connecting to a port where nothing listens. */
    @Test
    void aRefusedConnectionIsAnOutageHoweverDeeplyWrapped() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        int port = closed;
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/hindsight?connectTimeout=2", "x", "y"));
        assertEquals("08001", refused.getSQLState(), refused.getMessage());
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(refused));
        RuntimeException wrapped = new IllegalStateException("commit failed",
                new JDBCConnectionException("Unable to acquire JDBC Connection", refused));
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(wrapped));
        assertTrue(io.hindsight.system.DatabaseFailures.reason(wrapped).startsWith("PSQLException") || io.hindsight.system.DatabaseFailures.reason(wrapped).contains("Connection"),
                io.hindsight.system.DatabaseFailures.reason(wrapped));
    }

    @Test
    void aServerShuttingDownOrStartingIsAnOutage() {
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(new SQLException("the database system is starting up", "57P03")));
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(new SQLException("Acquisition timeout while waiting for new connection")));
    }

    @Test
    void otherDatabaseErrorsAreNot() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertFalse(ServiceUnavailable.UNREACHABLE.causes(new ConstraintViolationException("duplicate", duplicate, "app_user_email_idx")));
        assertFalse(ServiceUnavailable.UNREACHABLE.causes(new SQLException("syntax error", "42601")));
        assertFalse(ServiceUnavailable.UNREACHABLE.causes(new IllegalStateException("no cause")));
    }

    /** A deadlock victim or a serialization failure was rolled back whole: sending it again is safe (503, Retry-After 1). */
    @Test
    void aDeadlockIsACollisionToRetryNotAnOutage() {
        SQLException deadlock = new SQLException("deadlock detected", "40P01");
        RuntimeException atCommit = new IllegalStateException("Could not commit transaction",
                new org.hibernate.exception.LockAcquisitionException("could not execute statement", deadlock));
        assertTrue(ErrorMapper.collided(atCommit));
        assertTrue(ErrorMapper.collided(new SQLException("could not serialize access", "40001")));
        assertFalse(ServiceUnavailable.UNREACHABLE.causes(atCommit));
        assertFalse(ErrorMapper.collided(new SQLException("duplicate key", "23505")));
        assertTrue(ErrorMapper.collided(new IllegalStateException("Error invoking subclass method",
                new jakarta.transaction.RollbackException("ARJUNA016102: The transaction is not active!"))));
        assertFalse(ErrorMapper.collided(new IllegalStateException("x", new jakarta.transaction.RollbackException("commit failed") {
            { initCause(new SQLException("duplicate key", "23505")); }
        })));
        // A commit that failed for its own reason carries it as a suppressed exception: a fault (500) unless it collided.
        jakarta.transaction.RollbackException triggerError = new jakarta.transaction.RollbackException("commit failed");
        triggerError.addSuppressed(new SQLException("division by zero", "22012"));
        assertFalse(ErrorMapper.collided(triggerError));
        jakarta.transaction.RollbackException deadlockAtCommit = new jakarta.transaction.RollbackException("commit failed");
        deadlockAtCommit.addSuppressed(new SQLException("deadlock detected", "40P01"));
        assertTrue(ErrorMapper.collided(deadlockAtCommit));
    }

    /**
     * PostgreSQL ended the connection between the last statement and the commit (a fast shutdown: 57P01): the failed
     * commit carries that as a suppressed reason, under an XAException; an outage (503, Retry-After), not a fault.
     */
    @Test
    void aCommitThatLostItsConnectionIsAnOutageNotACollision() {
        jakarta.transaction.RollbackException commit = new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction.");
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException(javax.transaction.xa.XAException.XAER_RMERR);
        xa.initCause(new SQLException("terminating connection due to administrator command", "57P01"));
        commit.addSuppressed(xa);
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(commit));
        assertTrue(ServiceUnavailable.UNREACHABLE.causes(new IllegalStateException("Error invoking subclass method", commit)));
        assertFalse(ErrorMapper.collided(commit));
        assertFalse(ServiceUnavailable.BUSY.causes(commit));
    }

    /** Only the pool's own exception, thrown by Agroal, is "busy": the same words from elsewhere are not. */
    @Test
    void busyIsThePoolsOwnTimeoutOrARefusedTask() {
        assertFalse(ServiceUnavailable.BUSY.causes(new SQLException(io.hindsight.system.DatabaseFailures.POOL_EXHAUSTED)));
        assertFalse(ServiceUnavailable.UNREACHABLE.causes(new java.util.concurrent.RejectedExecutionException("queue full")));
        // PostgreSQL refusing one more client (max_connections shared by several instances) is busy, not down
        SQLException tooMany = new SQLException("FATAL: sorry, too many clients already", "53300");
        assertTrue(ServiceUnavailable.BUSY.causes(new IllegalStateException("no connection", tooMany)));
        assertFalse(ServiceUnavailable.UNREACHABLE.causes(new IllegalStateException("no connection", tooMany)));
    }

    /**
     * The worker pool (as Quarkus builds it: JBoss Threads, a bounded queue) refusing a task because its queue is full is
     * busy; the same pool refusing work because it is shutting down, another executor's refusal and the same exception
     * type raised anywhere else are faults, which must not pass for a moment of overload.
     */
    @Test
    void onlyTheWorkerPoolRefusingAFullQueueIsBusy() throws Exception {
        org.jboss.threads.EnhancedQueueExecutor workers = new org.jboss.threads.EnhancedQueueExecutor.Builder()
                .setCorePoolSize(1).setMaximumPoolSize(1).setMaximumQueueSize(1).setRegisterMBean(false).build();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        try {
            workers.execute(() -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(running.await(30, java.util.concurrent.TimeUnit.SECONDS), "control: the one worker is busy");
            workers.execute(() -> { }); // waits in the queue, which is now full
            java.util.concurrent.RejectedExecutionException full = assertThrows(java.util.concurrent.RejectedExecutionException.class,
                    () -> workers.execute(() -> { }));
            assertTrue(ServiceUnavailable.BUSY.causes(new IllegalStateException("x", full)), () -> "a full worker queue is busy: " + trace(full));
            assertFalse(ServiceUnavailable.UNREACHABLE.causes(full));
        } finally {
            release.countDown();
            workers.shutdown();
        }
        java.util.concurrent.RejectedExecutionException stopped = assertThrows(java.util.concurrent.RejectedExecutionException.class,
                () -> workers.execute(() -> { }));
        assertFalse(ServiceUnavailable.BUSY.causes(stopped), () -> "a pool shutting down is not busy: " + trace(stopped));

        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        other.shutdown();
        java.util.concurrent.RejectedExecutionException closed = assertThrows(java.util.concurrent.RejectedExecutionException.class,
                () -> other.execute(() -> { }));
        assertFalse(ServiceUnavailable.BUSY.causes(new IllegalStateException("x", closed)), () -> "another executor's refusal is a fault: " + trace(closed));
        assertFalse(ServiceUnavailable.BUSY.causes(new IllegalStateException("x", new java.util.concurrent.RejectedExecutionException("queue full"))));
    }

    private static String trace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void theProblemDocumentIsValidJsonThatSaysWhatHappened() throws Exception {
        String json = ServiceUnavailable.UNREACHABLE.problem("/api/v1/incidents/\"7\"").toJson(new com.fasterxml.jackson.databind.ObjectMapper());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        assertEquals(503, tree.get("status").asInt());
        assertEquals(ServiceUnavailable.UNREACHABLE.title(), tree.get("title").asText());
        assertEquals("/api/v1/incidents/\"7\"", tree.get("instance").asText());
        var busy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ServiceUnavailable.BUSY.problem("/api/v1/incidents").toJson(new com.fasterxml.jackson.databind.ObjectMapper()));
        assertEquals(503, busy.get("status").asInt());
        assertEquals(ServiceUnavailable.BUSY.type(), busy.get("type").asText());
        assertEquals(ServiceUnavailable.BUSY.title(), busy.get("title").asText());
    }
}
