package io.hindsight;

import java.util.List;
import java.util.function.Supplier;

/**
 * Counts the SQL statements the portal runs while something happens, such as one HTTP request, as Hibernate prepares
 * them ({@link ForegroundStatements}). Every statement a page runs goes through Hibernate (entities, HQL and native
 * queries alike); the few plain-JDBC paths (seeding, backups, the bare baselines, the public address, which is cached)
 * serve no main page. The relays' polling and the scheduled jobs are left out, so they never land in a measurement.
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    /**
     * The statements prepared while {@code action} runs, on any thread but the background ones: a test sends one
     * request (or calls the portal) at a time.
     */
    public static <T> Counted<T> during(Supplier<T> action) {
        ForegroundStatements.start();
        try {
            T result = action.get();
            return new Counted<>(result, ForegroundStatements.stop());
        } finally {
            ForegroundStatements.stop();
        }
    }

    /** What the action returned and the SQL of each statement it ran, in order. */
    public record Counted<T>(T result, List<String> sql) {

        public long statements() {
            return sql.size();
        }

        /** The statements one per line, for a failure message. */
        public String listing() {
            return String.join("\n", sql);
        }
    }
}
