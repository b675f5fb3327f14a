package io.hindsight;

import io.quarkus.arc.Arc;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

import java.util.function.Supplier;

/**
 * Counts the SQL statements the portal runs while something happens, such as one HTTP request, from Hibernate's
 * statistics ({@code quarkus.hibernate-orm.statistics=true} in the test profile). Every statement a page runs goes
 * through Hibernate (entities, HQL and native queries alike); the few plain-JDBC paths (seeding, backups, the bare
 * baselines, the public address, which is cached) serve no main page.
 */
public final class SqlStatements {

    private SqlStatements() {
    }

    /** The statements prepared while {@code action} runs; the count is process-wide, so run nothing else meanwhile. */
    public static <T> Counted<T> during(Supplier<T> action) {
        Statistics statistics = Arc.container().instance(SessionFactory.class).get().getStatistics();
        if (!statistics.isStatisticsEnabled()) {
            throw new IllegalStateException("Hibernate statistics are off: set quarkus.hibernate-orm.statistics=true");
        }
        statistics.clear();
        T result = action.get();
        return new Counted<>(result, statistics.getPrepareStatementCount());
    }

    public record Counted<T>(T result, long statements) {
    }
}
