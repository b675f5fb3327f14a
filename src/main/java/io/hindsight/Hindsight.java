package io.hindsight;

import io.hindsight.backup.BackupCommand;
import io.hindsight.bench.SeedCommand;
import io.hindsight.system.EmbeddedDatabase;
import io.hindsight.system.InstallationGuard;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the portal. When no database server is configured it first starts the embedded
 * PostgreSQL (see {@link EmbeddedDatabase}) so that trying Hindsight needs nothing but a JDK.
 * With {@code backup}, {@code restore} or {@code drill} as arguments it runs that command against
 * the same database instead of serving the portal (see {@link BackupCommand}); with {@code seed}, it fills the
 * database with benchmark history (see {@link SeedCommand}).
 */
@QuarkusMain
public class Hindsight {

    public static void main(String... args) {
        boolean seed = SeedCommand.isCommand(args);
        boolean command = BackupCommand.isCommand(args) || seed;
        if (command) {
            BackupCommand.prepare(System.getProperties());
            if ("restore".equals(args[0])) {
                System.setProperty(InstallationGuard.RESTORING, "true");
            }
        }
        int[] exit = {0};
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.startUnlessConfigured(System.getenv(), System.getProperties());
        } catch (IllegalStateException e) {
            // Says what happened and what to do; the stack trace would only bury it.
            System.err.println((command ? "hindsight " + args[0] + ": " : "") + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            if (command) {
                Quarkus.run(seed ? SeedCommand.class : BackupCommand.class, (code, failure) -> {
                    exit[0] = code;
                    if (failure != null) {
                        System.err.println("hindsight " + args[0] + ": Hindsight could not start (" + failure.getMessage()
                                + "). Check the database settings (QUARKUS_DATASOURCE_JDBC_URL, _USERNAME, _PASSWORD).");
                    }
                }, args);
            } else {
                Quarkus.run(args);
            }
        } finally {
            database.close();
        }
        if (command) {
            System.exit(exit[0]);
        }
    }
}
