package io.hindsight.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.system.DatabaseFailures;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Optional;

/**
 * The two passing conditions that stop a request without being a bug, both answered 503 with {@code Retry-After}, nothing
 * read or written, and nobody signed out (see {@link DatabaseFailures} for how a failure is told to be one of them):
 * <ul>
 *   <li>{@link #BUSY}: the portal has more requests than it can take on at once. Every database connection of its pool
 *   is in use and none came free within the pool's acquisition timeout ({@code quarkus.datasource.jdbc.acquisition-timeout}),
 *   PostgreSQL refused one more client, or the worker pool's queue is full ({@code quarkus.thread-pool.queue-size}).
 *   PostgreSQL itself is fine: a quick answer with its own problem type and a short {@code Retry-After}, and readiness
 *   stays up (an overloaded instance taken out of the load balancer would only push its share onto the others).</li>
 *   <li>{@link #UNREACHABLE}: PostgreSQL cannot be reached (restarting, failing over, a network cut). The connection pool
 *   reconnects by itself once the server is back, and {@code /q/health/ready} reports down meanwhile so a load balancer
 *   stops sending traffic.</li>
 * </ul>
 * Pages get a self-contained page, the same for both with the differences as data: the usual layout reads the database
 * (menus, notices), which is what could not be had. Programs get an RFC 9457 problem document. Both are written by
 * {@link #answer}, above JAX-RS ({@link ErrorMapper}) and below it (the sign-in check) alike.
 */
public enum ServiceUnavailable {

    BUSY(2, "urn:hindsight:problem:busy",
            "Hindsight is busy, try again shortly",
            "Hindsight has more requests than it can take on at this moment, so this one could not be handled. If you "
                    + "were saving a change, look before sending it again. Try again in a few seconds.",
            "Nothing you did caused this: many people are using Hindsight at once. Try again in a few seconds (%d or so); "
                    + "you stay signed in."),

    /**
     * Honest about a change whose commit was cut off: PostgreSQL may have saved it before the connection went, so the
     * writer is asked to look before sending it again rather than told that nothing was saved.
     */
    UNREACHABLE(10, "about:blank",
            "The database is not reachable right now",
            "Hindsight cannot reach its database at the moment. If you were saving a change, it may or may not have been "
                    + "saved: look before sending it again. This usually passes within a minute: try again shortly.",
            "Nothing you did caused this. The page will work again without you signing in anew; try again in about %d seconds.");

    public static final int STATUS = 503;
    static final String PAGE_TYPE = "text/html;charset=UTF-8";

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance unavailable(String title, String detail, String reassurance);
    }

    private final int retryAfterSeconds;
    private final String type;
    private final String title;
    private final String detail;
    private final String reassurance;

    ServiceUnavailable(int retryAfterSeconds, String type, String title, String detail, String reassurance) {
        this.retryAfterSeconds = retryAfterSeconds;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.reassurance = reassurance;
    }

    /**
     * The condition {@code failure} (or anything that caused it) says, if either: busy first, since the pool's timeout
     * may reach the portal wrapped like a lost connection.
     */
    public static Optional<ServiceUnavailable> of(Throwable failure) {
        return BUSY.causes(failure) ? Optional.of(BUSY) : UNREACHABLE.causes(failure) ? Optional.of(UNREACHABLE) : Optional.empty();
    }

    /** Whether {@code failure} says this condition: {@link DatabaseFailures#busy} or {@link DatabaseFailures#unreachable}. */
    public boolean causes(Throwable failure) {
        return this == BUSY ? DatabaseFailures.busy(failure) : DatabaseFailures.unreachable(failure);
    }

    /** Seconds a client should wait before trying again: the queue moves in well under 2; a restart usually takes a few. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The problem type: an identifier, not an address to fetch (RFC 9457, 3.1.1). */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The page a browser is shown: it needs nothing from the database. */
    public String page() {
        return Templates.unavailable(title, detail, reassurance.formatted(retryAfterSeconds)).render();
    }

    /** The problem document a program is sent. */
    public Problem problem(String path) {
        return new Problem(type, title, STATUS, detail, path, List.of());
    }

    /**
     * The whole answer to a request at {@code path}: status {@value #STATUS}, {@code Retry-After}, {@code Cache-Control:
     * no-store}, and a problem document for a program (written with the application's own mapper, so the text is what
     * JAX-RS writes for any other problem) or the page for a person.
     */
    public Answer answer(String path, boolean program, ObjectMapper json) {
        return program ? new Answer(Problem.MEDIA_TYPE, problem(path).toJson(json), retryAfterSeconds)
                : new Answer(PAGE_TYPE, page(), retryAfterSeconds);
    }

    /** What {@link #answer} says, for whichever layer writes it. */
    public record Answer(String contentType, String body, int retryAfterSeconds) {

        public static final String CACHE_CONTROL = "no-store";

        public MediaType mediaType() {
            return MediaType.valueOf(contentType);
        }
    }
}
