package io.hindsight.system;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.sql.SQLException;

/**
 * {@code /q/health/ready}'s database check, in place of the datasource extension's own (switched off with
 * {@code quarkus.datasource.health.enabled=false}): down when PostgreSQL cannot be reached, but <em>up</em> when it is
 * merely busy. The extension's check borrows a connection from the pool like any request, so with every connection in
 * use it waited the pool's acquisition timeout and then reported the database down: under overload the load balancer
 * took out every instance at once and answered everything 503 "not reachable" itself. An overloaded instance still
 * serves what it can and answers the rest 503 busy ({@code web.ServiceUnavailable}), quickly; taking it out only moves its share
 * onto the others (docs/operations.md, "Readiness under load").
 *
 * <p>With every connection checked out (the pool's metrics: none idle, as many in use as it may hold) the connections
 * are answering, so the check reports up without waiting for one. Otherwise it validates a pooled connection, as the
 * extension did; if the pool filled up meanwhile and none came back within the acquisition timeout, that is busy too.
 * When PostgreSQL goes away, the connections in use fail and are closed, the pool drops below its size, and the next
 * check finds the database down.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    static final String NAME = "Database connections";

    @Inject
    AgroalDataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (allInUse(dataSource)) {
            return response.up().withData("default", "UP").withData("busy", "every connection of the pool is in use").build();
        }
        try {
            if (dataSource.isHealthy(false)) {
                return response.up().withData("default", "UP").build();
            }
            return response.down().withData("default", "validation check failed").build();
        } catch (SQLException e) {
            if (DatabaseFailures.busy(e)) {
                return response.up().withData("default", "UP").withData("busy", "no connection came free within the acquisition timeout").build();
            }
            return response.down().withData("default", "unreachable: " + DatabaseFailures.reason(e)).build();
        }
    }

    /** Whether every connection the pool may hold is checked out (needs the pool's metrics, which are on). */
    static boolean allInUse(AgroalDataSource dataSource) {
        var metrics = dataSource.getMetrics();
        int max = dataSource.getConfiguration().connectionPoolConfiguration().maxSize();
        return metrics.availableCount() == 0 && metrics.activeCount() >= max;
    }
}
