package io.hindsight.system;

import org.jboss.threads.StoppedExecutorException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;

/**
 * Tells the two passing database conditions apart from bugs: the portal being <em>busy</em> (every pooled connection in
 * use, PostgreSQL refusing more clients, the worker pool's full queue) and PostgreSQL being <em>unreachable</em> (restarting,
 * failing over, a network cut). The web layer answers them with 503 pages and problem documents; the readiness checks
 * report busy as up and unreachable as down.
 */
public final class DatabaseFailures {

    /** The message of Agroal's exception when the pool is at its maximum size and no connection came back in time. */
    public static final String POOL_EXHAUSTED = "Sorry, acquisition timeout!";

    private DatabaseFailures() {
    }

    /**
     * Whether {@code failure} (or anything that caused it) says the portal was too busy to start the request: Agroal
     * waited its acquisition timeout for one of the connections in use, PostgreSQL refused a new client because it has
     * as many as it allows (SQLSTATE 53300), or the worker pool refused the task because its queue is full (see
     * {@link #workerQueueFull}). A connection that could not be <em>created</em> in time, or was refused, is
     * {@link #unreachable}, not this.
     */
    public static boolean busy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedExecutionException rejected && workerQueueFull(rejected)) {
                return true;
            }
            if (t instanceof SQLException sql && "53300".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null && sql.getCause() == null
                    && POOL_EXHAUSTED.equals(sql.getMessage()) && thrownByAgroal(sql)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The worker pool refused a task because its queue was full: Quarkus' worker pool (JBoss Threads'
     * {@code EnhancedQueueExecutor}, which also runs Vert.x's blocking work and the sign-in checks) hands a task it
     * cannot queue to its rejecting executor, which throws, from the pool's {@code rejectQueueFull}. The same pool
     * refusing work because it is shutting down (the same exception, from {@code rejectShutdown}; or a
     * {@link StoppedExecutorException}), and any other executor's refusal (a scheduler or HTTP client that was closed,
     * a queue of the portal's own), are faults to be seen as such, not the portal being busy.
     */
    static boolean workerQueueFull(RejectedExecutionException rejected) {
        if (rejected instanceof StoppedExecutorException) {
            return false;
        }
        StackTraceElement[] frames = rejected.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 4); i++) {
            if (frames[i].getClassName().equals(WORKER_POOL) && frames[i].getMethodName().equals("rejectQueueFull")) {
                return true;
            }
        }
        return false;
    }

    private static final String WORKER_POOL = "org.jboss.threads.EnhancedQueueExecutor";

    private static boolean thrownByAgroal(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("io.agroal.");
    }

    /**
     * Whether {@code failure} (or anything that caused it) says the database server could not be reached or went away:
     * SQLSTATE class 08 (connection exception), 57P01–57P03 (the server shutting down, crashed, or not yet accepting
     * connections), the pool giving up waiting for a new connection, or a refused TCP connection. Not a busy portal:
     * see {@link #busy}.
     */
    public static boolean unreachable(Throwable failure) {
        if (busy(failure)) {
            return false; // however the pool's timeout was wrapped (Hibernate: JDBCConnectionException), PostgreSQL is up
        }
        return lost(failure, failure);
    }

    private static boolean lost(Throwable failure, Throwable outermost) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
                return true;
            }
            // A commit that failed carries its reason as a suppressed exception, not as its cause (Narayana's
            // RollbackException; the reason an XAException caused by the driver's): PostgreSQL shutting down between a
            // transaction's last statement and its commit ends the connection with 57P01 there.
            for (Throwable reason : t.getSuppressed()) {
                if (reason != outermost && reason != t && !busy(reason) && lost(reason, outermost)) {
                    return true;
                }
            }
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            // Agroal, when a new connection could not be made within its acquisition timeout (no SQLSTATE of its own).
            // Its other timeout, every connection of a full pool in use, is the portal being busy.
            if (t instanceof SQLException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    /** A short description for the log: the innermost message, never a stack trace for a passing outage. */
    public static String reason(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
    }
}
