package io.hindsight.system;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher's decisions before Quarkus boots: whether a database server is configured, and where
 * the embedded one keeps its data. Pure functions of the environment and system properties, so
 * they are tested without starting anything.
 */
class EmbeddedDatabaseTest {

    @Test
    void aJdbcUrlPropertyMeansAServerIsConfigured() {
        assertTrue(EmbeddedDatabase.isServerConfigured(Map.of(), properties("quarkus.datasource.jdbc.url",
                "jdbc:postgresql://db:5432/hindsight")));
    }

    @Test
    void aJdbcUrlInTheEnvironmentMeansAServerIsConfigured() {
        assertTrue(EmbeddedDatabase.isServerConfigured(Map.of("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://db/hindsight"),
                new Properties()));
    }

    @Test
    void nothingOrBlankValuesMeanNoServerIsConfigured() {
        assertFalse(EmbeddedDatabase.isServerConfigured(Map.of(), new Properties()));
        assertFalse(EmbeddedDatabase.isServerConfigured(Map.of("QUARKUS_DATASOURCE_JDBC_URL", "  "),
                properties("quarkus.datasource.jdbc.url", "")));
    }

    @Test
    void dataDirectoryDefaultsToDotHindsightInTheHomeDirectory() {
        Path dir = EmbeddedDatabase.dataDirectory(Map.of(), properties("user.home", "/home/ada"));

        assertEquals(Path.of("/home/ada", ".hindsight", "postgres"), dir);
    }

    @Test
    void dataDirectoryFromTheEnvironment() {
        Path dir = EmbeddedDatabase.dataDirectory(Map.of("HINDSIGHT_EMBEDDED_DB_DATA_DIR", "/var/lib/hindsight"),
                properties("user.home", "/home/ada"));

        assertEquals(Path.of("/var/lib/hindsight"), dir);
    }

    @Test
    void dataDirectoryPropertyWinsOverTheEnvironment() {
        Properties system = properties("user.home", "/home/ada");
        system.setProperty("hindsight.embedded-db.data-dir", "/srv/pg");

        Path dir = EmbeddedDatabase.dataDirectory(Map.of("HINDSIGHT_EMBEDDED_DB_DATA_DIR", "/var/lib/hindsight"), system);

        assertEquals(Path.of("/srv/pg"), dir);
    }

    @Test
    void aRelativeDataDirectoryIsMadeAbsolute() {
        Path dir = EmbeddedDatabase.dataDirectory(Map.of("HINDSIGHT_EMBEDDED_DB_DATA_DIR", "data/pg"), new Properties());

        assertTrue(dir.isAbsolute(), dir.toString());
        assertTrue(dir.endsWith(Path.of("data", "pg")), dir.toString());
    }

    @Test
    void aConfiguredServerStartsNothingAndPublishesNothing() {
        Properties system = properties("quarkus.datasource.jdbc.url", "jdbc:postgresql://db/hindsight");

        try (EmbeddedDatabase database = EmbeddedDatabase.startUnlessConfigured(Map.of(), system)) {
            assertEquals(null, database.dataDirectory());
        }
        assertEquals(null, system.getProperty("hindsight.database.embedded"));
        assertEquals(null, system.getProperty("hindsight.demo-data.enabled"));
    }

    private static Properties properties(String key, String value) {
        Properties properties = new Properties();
        properties.setProperty(key, value);
        return properties;
    }
}
