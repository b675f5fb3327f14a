package io.hindsight.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

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
    public static final String DETAIL = "Hindsight cannot reach its database at the moment, so nothing was read or saved. "
            + "This usually passes within a minute: try again shortly.";

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance unavailable(String title, String detail, int retryAfter);
    }

    private DatabaseUnavailable() {
    }

    /**
     * Whether {@code failure} (or anything that caused it) says the database server could not be reached or went away:
     * SQLSTATE class 08 (connection exception), 57P01–57P03 (the server shutting down, crashed, or not yet accepting
     * connections), the pool giving up waiting for a new connection, or a refused TCP connection. Not a pool whose
     * connections are all in use: that is {@link ServerBusy}.
     */
    public static boolean causes(Throwable failure) {
        if (ServerBusy.causes(failure)) {
            return false; // however the pool's timeout was wrapped (Hibernate: JDBCConnectionException), PostgreSQL is up
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
                return true;
            }
            // A commit that failed carries its reason as a suppressed exception, not as its cause (Narayana's
            // RollbackException; the reason an XAException caused by the driver's): PostgreSQL shutting down between a
            // transaction's last statement and its commit ends the connection with 57P01 there.
            for (Throwable reason : t.getSuppressed()) {
                if (reason != failure && reason != t && causes(reason)) {
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
            // Its other timeout, every connection of a full pool in use, is the portal being busy: see ServerBusy.
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

    /** The page a browser is shown: it needs nothing from the database. */
    public static String page() {
        return Templates.unavailable(TITLE, DETAIL, RETRY_AFTER_SECONDS).render();
    }

    /** The problem document a program is sent. */
    public static Problem problem(String path) {
        return new Problem("about:blank", TITLE, 503, DETAIL, path, java.util.List.of());
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
