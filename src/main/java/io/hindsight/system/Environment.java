package io.hindsight.system;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.Locale;

/**
 * Where this portal runs and which database it talks to, shown on every page so nobody wonders
 * whether they are looking at production.
 */
@ApplicationScoped
@Unremovable
public class Environment {

    @Inject
    EnvironmentConfig config;

    @Inject
    DatabaseConfig database;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    jakarta.enterprise.inject.Instance<LookAlikeDatabases> lookAlikes;

    public String name() {
        return config.name();
    }

    public boolean isProduction() {
        return name().toLowerCase(Locale.ROOT).startsWith("prod");
    }

    /** CSS modifier for the badge: production is red, staging amber, everything else calm. */
    public String badgeKind() {
        String n = name().toLowerCase(Locale.ROOT);
        if (isProduction()) {
            return "production";
        }
        return n.startsWith("stag") || n.startsWith("pre") ? "staging" : "other";
    }

    /** Host, port and database name, without credentials or parameters: {@code localhost:5432/hindsight}. */
    public String databaseTarget() {
        String jdbcUrl = dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl();
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
            return "unknown";
        }
        try {
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            String target = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
            return database.embedded() ? target + " (embedded)" : target;
        } catch (IllegalArgumentException e) {
            return "unknown";
        }
    }

    /** Other databases on the server whose names look like ours (for admins, on every page's footer). */
    public java.util.List<String> lookAlikeWarnings() {
        return lookAlikes.get().warnings();
    }
}
