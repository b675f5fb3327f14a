package io.hindsight.web;

import io.hindsight.system.DatabaseFailures;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;


/**
 * PostgreSQL cannot be reached (restarting, failing over, a network cut): a passing condition, not a bug.
 * Requests that need the database are answered 503 with {@code Retry-After}, as a self-contained page (the usual
 * layout reads the database for its menus) or an RFC 9457 problem document, and nothing is written; the connection
 * pool reconnects by itself once the server is back, and {@code /q/health/ready} reports down meanwhile so a load
 * balancer stops sending traffic.
 */
public final class DatabaseUnavailable {

    /** Seconds a client should wait before trying again: a PostgreSQL restart usually takes a few. */
    public static final int RETRY_AFTER_SECONDS = 10;
    public static final String TITLE = "The database is not reachable right now";
    /**
     * Honest about a change whose commit was cut off: PostgreSQL may have saved it before the connection went, so the
     * writer is asked to look before sending it again rather than told that nothing was saved.
     */
    public static final String DETAIL = "Hindsight cannot reach its database at the moment. If you were saving a change, "
            + "it may or may not have been saved: look before sending it again. This usually passes within a minute: "
            + "try again shortly.";

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance unavailable(String title, String detail, int retryAfter);
    }

    private DatabaseUnavailable() {
    }

    /** Whether {@code failure} says PostgreSQL could not be reached or went away: {@link DatabaseFailures#unreachable}. */
    public static boolean causes(Throwable failure) {
        return DatabaseFailures.unreachable(failure);
    }

    /** The page a browser is shown: it needs nothing from the database. */
    public static String page() {
        return Templates.unavailable(TITLE, DETAIL, RETRY_AFTER_SECONDS).render();
    }

    /** The problem document a program is sent. */
    public static Problem problem(String path) {
        return new Problem("about:blank", TITLE, 503, DETAIL, path, java.util.List.of());
    }

    /** A short description for the log: {@link DatabaseFailures#reason}. */
    public static String reason(Throwable failure) {
        return DatabaseFailures.reason(failure);
    }
}
