package io.hindsight.web;

import io.hindsight.system.DatabaseFailures;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

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
    public static final String DETAIL = "Hindsight has more requests than it can take on at this moment, so this one "
            + "could not be handled. If you were saving a change, look before sending it again. Try again in a few seconds.";

    /** The message of Agroal's exception when the pool is at its maximum size and no connection came back in time. */
    static final String POOL_EXHAUSTED = DatabaseFailures.POOL_EXHAUSTED;

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance busy(String title, String detail, int retryAfter);
    }

    private ServerBusy() {
    }

    /** Whether {@code failure} says the portal was too busy to start the request: {@link DatabaseFailures#busy}. */
    public static boolean causes(Throwable failure) {
        return DatabaseFailures.busy(failure);
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
