package io.hindsight.system;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections of their own to the portal's database, outside the pool, for work that holds one for as long as the portal
 * runs (the caches' {@code LISTEN}). They are opened as the pool opens its connections: the same address and account and
 * the same driver properties ({@code quarkus.datasource.jdbc.additional-jdbc-properties.*}: {@code tcpKeepAlive},
 * {@code connectTimeout}, {@code socketTimeout}, and whatever else an operator sets, such as {@code sslmode}), so a
 * setting made for the pool reaches them too. Each is named in {@code pg_stat_activity} by what it is for.
 */
@ApplicationScoped
public class DedicatedConnections {

    @Inject
    AgroalDataSource dataSource;

    /** A new connection named {@code applicationName}; the caller closes it. */
    public Connection open(String applicationName) throws SQLException {
        var factory = dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration();
        return DriverManager.getConnection(factory.jdbcUrl(), properties(factory.jdbcProperties(), applicationName));
    }

    static Properties properties(Properties pool, String applicationName) {
        var config = ConfigProvider.getConfig();
        Properties properties = new Properties();
        properties.putAll(pool);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(user -> properties.setProperty("user", user));
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("ApplicationName", applicationName);
        return properties;
    }
}
