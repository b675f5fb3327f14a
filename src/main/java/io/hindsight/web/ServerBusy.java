package io.hindsight.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.sql.SQLException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The portal has more requests than it can take on at once: every database connection of its pool is in use and none
 * came free within the pool's acquisition timeout ({@code quarkus.datasource.jdbc.acquisition-timeout}), or its worker
 * pool's queue is full ({@code quarkus.thread-pool.queue-size}). PostgreSQL itself is fine, so this is not
 * {@link DatabaseUnavailable}: the answer is a quick 503 with its own problem type and a short {@code Retry-After},
 * nothing is read or written, and readiness stays up (an overloaded instance taken out of the load balancer would only
 * push its share onto the others). Pages get a self-contained page, as for an outage: the usual layout needs the
 * database connection that could not be had.
 */
public final class ServerBusy {

    /** Seconds a client should wait before trying again: the queue moves in well under that. */
    public static final int RETRY_AFTER_SECONDS = 2;
    /** The problem type: an identifier, not an address to fetch (RFC 9457, 3.1.1). */
    public static final String TYPE = "urn:hindsight:problem:busy";
    public static final String TITLE = "Hindsight is busy, try again shortly";
    public static final String DETAIL = "Hindsight has more requests than it can take on at this moment, so this one was "
            + "not started and nothing was read or saved. Try again in a few seconds.";

    /** The message of Agroal's exception when the pool is at its maximum size and no connection came back in time. */
    static final String POOL_EXHAUSTED = "Sorry, acquisition timeout!";

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance busy(String title, String detail, int retryAfter);
    }

    private ServerBusy() {
    }

    /**
     * Whether {@code failure} (or anything that caused it) says the portal was too busy to start the request: Agroal
     * waited its acquisition timeout for one of the connections in use (every connection of the pool checked out, no new
     * one allowed), or a thread pool refused the task because its queue is full. A connection that could not be
     * <em>created</em> in time, or was refused, is an outage ({@link DatabaseUnavailable}), not this.
     */
    public static boolean causes(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedExecutionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null && sql.getCause() == null
                    && POOL_EXHAUSTED.equals(sql.getMessage()) && thrownByAgroal(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean thrownByAgroal(Throwable t) {
        StackTraceElement[] frames = t.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().startsWith("io.agroal.");
    }

    /** The page a browser is shown: it needs nothing from the database. */
    public static String page() {
        return Templates.busy(TITLE, DETAIL, RETRY_AFTER_SECONDS).render();
    }

    /** The problem document a program is sent. */
    public static Problem problem(String path) {
        return new Problem(TYPE, TITLE, 503, DETAIL, path, java.util.List.of());
    }
}
