package io.hindsight.backup;

import io.hindsight.system.AfterStart;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The scratch schemas a restore or a drill of an older archive stages rows in
 * ({@code hindsight_restore_<hex>}, {@code hindsight_drill_<hex>}). While one is in use, the
 * connection staging it holds a PostgreSQL session advisory lock named after it; a portal killed
 * halfway loses the lock with its connection, and the next start (of any instance) drops the
 * schemas nobody holds, in the background once the portal has started. A restore running on another instance keeps its lock and its schema.
 */
@ApplicationScoped
public class ScratchSchemas {

    private static final Logger LOG = Logger.getLogger(ScratchSchemas.class);

    /** First key of the advisory locks: "HsSc", so they never meet another feature's locks. */
    private static final int LOCK_SPACE = 0x48735363;

    static final String PATTERN = "^hindsight_(restore|drill)_[0-9a-f]+$";

    @Inject
    DataSource dataSource;

    @Inject
    AfterStart afterStart;

    /** In the background once started: a restore begun meanwhile holds its schema's lock, so the sweep leaves it alone. */
    void onStart(@Observes StartupEvent event) {
        afterStart.run("Looking for scratch schemas", () -> {
            try {
                List<String> dropped = sweep();
                if (!dropped.isEmpty()) {
                    LOG.infof("Dropped %d scratch schema(s) left by an interrupted restore or drill: %s", dropped.size(), dropped);
                }
            } catch (SQLException e) {
                LOG.warnf("Could not look for scratch schemas left by an interrupted restore or drill: %s", e.getMessage());
            }
        });
    }

    /** Drops every scratch schema whose lock nobody holds; returns their names. */
    public List<String> sweep() throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT nspname FROM pg_namespace WHERE nspname ~ ? ORDER BY nspname")) {
                select.setString(1, PATTERN);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
            }
            for (String schema : found) {
                if (!tryHold(connection, schema)) {
                    continue; // a restore or drill is using it right now
                }
                try (Statement drop = connection.createStatement()) {
                    drop.execute("DROP SCHEMA IF EXISTS " + SchemaCatalog.quote(schema) + " CASCADE");
                    dropped.add(schema);
                } finally {
                    release(connection, schema);
                }
            }
        }
        return dropped;
    }

    /** Marks {@code schema} as in use by {@code connection}'s session until {@link #release}. */
    static void hold(Connection connection, String schema) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_SPACE);
            lock.setString(2, schema);
            lock.execute();
        }
    }

    static boolean tryHold(Connection connection, String schema) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            lock.setInt(1, LOCK_SPACE);
            lock.setString(2, schema);
            try (ResultSet row = lock.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    /** Gives up the mark; never throws (a closed connection has given it up already). */
    static void release(Connection connection, String schema) {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            unlock.setInt(1, LOCK_SPACE);
            unlock.setString(2, schema);
            unlock.execute();
        } catch (SQLException e) {
            LOG.debugf("Scratch schema lock for %s already gone: %s", schema, e.getMessage());
        }
    }
}
