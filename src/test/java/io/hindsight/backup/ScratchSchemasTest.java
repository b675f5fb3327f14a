package io.hindsight.backup;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restore or drill killed halfway leaves its scratch schema behind; the sweep run at every start
 * drops it, but never one a restore on another instance is still using, and never a schema that
 * merely looks similar.
 */
@QuarkusTest
class ScratchSchemasTest {

    @Inject
    ScratchSchemas scratch;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void dropLeftovers() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String schema : new String[] {"hindsight_restore_0badc0de", "hindsight_drill_0ddba11", "hindsight_restore_notes"}) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void leftoverScratchSchemasAreDroppedButOneInUseIsKept() throws SQLException {
        try (Connection setup = dataSource.getConnection(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE SCHEMA hindsight_restore_0badc0de");
            statement.execute("CREATE TABLE hindsight_restore_0badc0de.incident (id bigint)");
            statement.execute("INSERT INTO hindsight_restore_0badc0de.incident VALUES (1)");
            statement.execute("CREATE SCHEMA hindsight_drill_0ddba11");
            statement.execute("CREATE SCHEMA hindsight_restore_notes");
        }
        try (Connection otherInstance = dataSource.getConnection()) {
            ScratchSchemas.hold(otherInstance, "hindsight_drill_0ddba11");

            assertEquals(java.util.List.of("hindsight_restore_0badc0de"), scratch.sweep());
            assertFalse(exists("hindsight_restore_0badc0de"), "a schema nobody holds is dropped");
            assertTrue(exists("hindsight_drill_0ddba11"), "a schema a running drill holds is kept");
            assertTrue(exists("hindsight_restore_notes"), "only Hindsight's own scratch names are swept");

            ScratchSchemas.release(otherInstance, "hindsight_drill_0ddba11");
        }
        assertEquals(java.util.List.of("hindsight_drill_0ddba11"), scratch.sweep());
        assertFalse(exists("hindsight_drill_0ddba11"));
    }

    @Test
    void aKilledConnectionGivesUpItsScratchSchema() throws SQLException {
        try (Connection setup = dataSource.getConnection(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE SCHEMA hindsight_restore_0badc0de");
        }
        // The killed portal's own connection, outside this portal's pool.
        Connection dying = java.sql.DriverManager.getConnection(url(), config("quarkus.datasource.username"),
                config("quarkus.datasource.password"));
        ScratchSchemas.hold(dying, "hindsight_restore_0badc0de");
        assertTrue(scratch.sweep().isEmpty(), "held while the restore's connection lives");
        // Killed mid-restore: its server process ends and PostgreSQL releases its locks.
        int pid = dying.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        try (Connection killer = dataSource.getConnection();
             PreparedStatement kill = killer.prepareStatement("SELECT pg_terminate_backend(?)");
             PreparedStatement alive = killer.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            kill.setInt(1, pid);
            try (ResultSet killed = kill.executeQuery()) {
                assertTrue(killed.next() && killed.getBoolean(1));
            }
            // pg_terminate_backend only signals the process: its locks go when it has exited.
            alive.setInt(1, pid);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try (ResultSet still = alive.executeQuery()) {
                    still.next();
                    if (still.getLong(1) == 0) {
                        break;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "the killed connection's process did not exit within 30 s");
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
        }
        dying.close();
        assertEquals(java.util.List.of("hindsight_restore_0badc0de"), scratch.sweep());
    }

    private static String config(String name) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(name, String.class);
    }

    private String url() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL();
        }
    }

    private boolean exists(String schema) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            select.setString(1, schema);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }
}
