package io.hindsight;

import io.hindsight.system.EmbeddedDatabase;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real PostgreSQL every test talks to.
 * <ul>
 *   <li>{@code @QuarkusTest}: a throwaway embedded PostgreSQL in {@code target/}, or the server named
 *       by {@code HINDSIGHT_TEST_JDBC_URL} (+ {@code _USERNAME}, {@code _PASSWORD}).</li>
 *   <li>{@code @QuarkusIntegrationTest} (the packaged portal, prod profile): the server named by
 *       {@code HINDSIGHT_IT_JDBC_URL}, or nothing, so that the portal's own launcher starts its
 *       embedded PostgreSQL, exactly as on a user's machine.</li>
 * </ul>
 */
@WithTestResource(value = TestDatabase.class, scope = TestResourceScope.GLOBAL)
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    /** Set by the failsafe plugin, which runs only the {@code *IT} tests against the packaged portal. */
    static final String PACKAGED_PORTAL = "hindsight.test.packaged-portal";

    public static final String PACKAGED_ADMIN_EMAIL = "first.admin@packaged.hindsight.example";
    public static final String PACKAGED_ADMIN_PASSWORD = "lanterns over a harbour";

    private EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        return Boolean.getBoolean(PACKAGED_PORTAL) ? forPackagedPortal() : forTests();
    }

    private Map<String, String> forTests() {
        String external = System.getenv("HINDSIGHT_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            return datasource(external, "HINDSIGHT_TEST_JDBC");
        }
        database = EmbeddedDatabase.start(freshDirectory("test-postgres"), true);
        return Map.of("quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    private Map<String, String> forPackagedPortal() {
        String external = System.getenv("HINDSIGHT_IT_JDBC_URL");
        Map<String, String> config = new HashMap<>();
        if (external != null && !external.isBlank()) {
            config.putAll(datasource(external, "HINDSIGHT_IT_JDBC"));
        } else {
            config.put("hindsight.embedded-db.data-dir", freshDirectory("it-postgres").toString());
        }
        // Each run meets a fresh database: it must not compare it with an identity recorded in the home directory.
        config.put("hindsight.installation.identity-file", freshDirectory("it-identity").resolve("installation.json").toString());
        config.put("hindsight.demo-data.enabled", "true");
        // What an unattended install does: HINDSIGHT_ADMIN_EMAIL / HINDSIGHT_ADMIN_PASSWORD.
        config.put("hindsight.admin.email", PACKAGED_ADMIN_EMAIL);
        config.put("hindsight.admin.password", PACKAGED_ADMIN_PASSWORD);
        return config;
    }

    private static Map<String, String> datasource(String url, String envPrefix) {
        return Map.of("quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", envOr(envPrefix + "_USERNAME", "postgres"),
                "quarkus.datasource.password", envOr(envPrefix + "_PASSWORD", "postgres"));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path freshDirectory(String name) {
        try {
            Path parent = Files.createDirectories(Path.of("target").toAbsolutePath());
            return Files.createTempDirectory(parent, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
