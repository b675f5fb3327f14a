package io.hindsight.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Runs a real PostgreSQL server next to the portal when no database server is configured, so that
 * a fresh machine with only a JDK can run Hindsight. The data directory persists across restarts.
 *
 * <p>The decision is taken before Quarkus boots, from the environment and system properties only:
 * a configured {@code QUARKUS_DATASOURCE_JDBC_URL} (or {@code -Dquarkus.datasource.jdbc.url}) always
 * wins and no embedded server is started. See docs/decisions/0001-embedded-postgresql.md.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE_NAME = "hindsight";
    static final String DATA_DIR_PROPERTY = "hindsight.embedded-db.data-dir";
    static final String DATA_DIR_ENV = "HINDSIGHT_EMBEDDED_DB_DATA_DIR";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final EmbeddedDatabase NONE = new EmbeddedDatabase(null, null);

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts the embedded server unless a datasource URL is configured, and publishes its connection
     * settings as system properties for Quarkus to read.
     */
    public static EmbeddedDatabase startUnlessConfigured(Map<String, String> env, Properties system) {
        if (isServerConfigured(env, system) || isServerConfigured(DotEnv.read(Path.of(".env")), new Properties())) {
            return NONE;
        }
        Path dataDir = dataDirectory(env, system);
        EmbeddedDatabase database = start(dataDir, false);
        system.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
        system.setProperty("quarkus.datasource.username", "postgres");
        system.setProperty("quarkus.datasource.password", "postgres");
        system.setProperty("hindsight.database.embedded", "true");
        // Trying out: only this machine can reach the portal unless the operator says otherwise.
        if (system.getProperty("quarkus.http.host") == null && env.get("QUARKUS_HTTP_HOST") == null) {
            system.setProperty("quarkus.http.host", "localhost");
        }
        if (system.getProperty("hindsight.environment.name") == null && env.get("HINDSIGHT_ENVIRONMENT_NAME") == null) {
            system.setProperty("hindsight.environment.name", "local");
        }
        // The installation this data directory holds is remembered beside it (InstallationGuard).
        if (system.getProperty("hindsight.installation.identity-file") == null && env.get("HINDSIGHT_INSTALLATION_IDENTITY_FILE") == null) {
            system.setProperty("hindsight.installation.identity-file", identityFileBeside(dataDir).toString());
        }
        // Trying Hindsight out on a fresh machine should show something worth reading.
        if (system.getProperty("hindsight.demo-data.enabled") == null && env.get("HINDSIGHT_DEMO_DATA_ENABLED") == null) {
            system.setProperty("hindsight.demo-data.enabled", "true");
        }
        return database;
    }

    static boolean isServerConfigured(Map<String, String> env, Properties system) {
        return notBlank(system.getProperty("quarkus.datasource.jdbc.url"))
                || notBlank(env.get("QUARKUS_DATASOURCE_JDBC_URL"));
    }

    static Path dataDirectory(Map<String, String> env, Properties system) {
        String configured = system.getProperty(DATA_DIR_PROPERTY, env.get(DATA_DIR_ENV));
        if (notBlank(configured)) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(system.getProperty("user.home"), ".hindsight", "postgres");
    }

    /** {@code ~/.hindsight/postgres} is remembered in {@code ~/.hindsight/postgres.installation.json}. */
    static Path identityFileBeside(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".installation.json");
    }

    /**
     * Starts PostgreSQL on a free local port with its data in {@code dataDir} and makes sure the
     * {@value #DATABASE_NAME} database exists.
     *
     * @param throwaway delete the data directory when the server stops (tests)
     */
    public static EmbeddedDatabase start(Path dataDir, boolean throwaway) {
        try {
            Files.createDirectories(dataDir);
            StaleServer.stopIfLeftBehind(dataDir.toAbsolutePath());
            LOG.infof("Starting the embedded PostgreSQL with its data in %s", dataDir);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(throwaway)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    .setLocaleConfig("encoding", "UTF8")
                    .start();
            EmbeddedDatabase database = new EmbeddedDatabase(server, dataDir);
            database.createDatabaseIfMissing();
            LOG.infof("Embedded PostgreSQL is listening on localhost:%d (database %s)", server.getPort(), DATABASE_NAME);
            return database;
        } catch (StartRefused e) {
            throw e;
        } catch (IOException | SQLException | RuntimeException e) {
            throw new IllegalStateException(explain(e, dataDir), e);
        }
    }

    /** The exception that says what to do, thrown when an embedded start cannot go on. */
    public static final class StartRefused extends IllegalStateException {
        StartRefused(String message) {
            super(message);
        }
    }

    private static String explain(Exception e, Path dataDir) {
        String text = String.valueOf(e.getMessage());
        String advice;
        if (text.contains("could not lock")) {
            advice = "Another Hindsight is already using " + dataDir + ". Stop it, or give this one its own data directory with "
                    + DATA_DIR_ENV + ".";
        } else if ("root".equals(System.getProperty("user.name"))) {
            advice = "PostgreSQL refuses to run as root; Hindsight then runs it in a user namespace with 'unshare -U'. "
                    + "If user namespaces are blocked here (sysctl kernel.unprivileged_userns_clone=0, or a container without "
                    + "CAP_SYS_ADMIN), run Hindsight as an ordinary user, or point it at a PostgreSQL server with "
                    + "QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD.";
        } else {
            advice = "Check that " + dataDir + " is writable, or point Hindsight at a PostgreSQL server with "
                    + "QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD.";
        }
        return "The embedded PostgreSQL could not start (" + text + "). " + advice;
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE_NAME + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + DATABASE_NAME + " ENCODING 'UTF8' TEMPLATE template0");
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE_NAME;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
