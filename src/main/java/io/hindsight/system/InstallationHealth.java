package io.hindsight.system;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * {@code /q/health/ready} says which installation this portal serves and on which database (host,
 * port and name; never credentials), so a load balancer, a script or a person can check it. While every database
 * connection is in use it reports the identity it read last instead of waiting for one (see {@link DatabaseHealth}).
 */
@Readiness
@ApplicationScoped
public class InstallationHealth implements HealthCheck {

    @Inject
    InstallationGuard guard;

    @Inject
    LookAlikeDatabases lookAlikes;

    @Inject
    io.agroal.api.AgroalDataSource dataSource;

    /** The identity read last, reported while the pool is busy rather than waiting for a connection. */
    private volatile GuardDecision.Identity lastRead;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Installation");
        try {
            GuardDecision.Identity identity;
            try {
                identity = DatabaseHealth.allInUse(dataSource) && lastRead != null ? lastRead : guard.found();
                lastRead = identity;
            } catch (RuntimeException e) {
                // Every connection in use: the installation is the one read last (it changes only by a rename);
                // whether the database is reachable is the "Database connections" check's to say.
                if (!DatabaseFailures.busy(e) || lastRead == null) {
                    throw e;
                }
                identity = lastRead;
            }
            response.up()
                    .withData("id", identity.id().toString())
                    .withData("name", String.valueOf(identity.name()))
                    .withData("environment", String.valueOf(identity.environment()))
                    .withData("database", identity.database());
            guard.verdict().ifPresent(v -> response.withData("guard", v.outcome().name().toLowerCase(java.util.Locale.ROOT)));
            List<String> warnings = lookAlikes.warnings();
            for (int i = 0; i < warnings.size(); i++) {
                response.withData("look-alike-database-" + (i + 1), warnings.get(i));
            }
        } catch (RuntimeException e) {
            response.down().withData("error", "The installation row could not be read");
        }
        return response.build();
    }
}
