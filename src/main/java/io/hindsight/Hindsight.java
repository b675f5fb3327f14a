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

    /** Set by Quarkus when packaging runs the portal to record the classes it loads (AppCDS). */
    static final String APPCDS_GENERATION = "quarkus.appcds.generate";

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
        if (Boolean.getBoolean(APPCDS_GENERATION)) {
            // Packaging records the classes a start loads (class-data sharing); that run stops before any database is
            // used, so it must not start (or create) one in the user's data directory.
            Quarkus.run(args);
            return;
        }
        StaticInit staticInit = StaticInit.begin();
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.startUnlessConfigured(System.getenv(), System.getProperties());
        } catch (IllegalStateException e) {
            // Says what happened and what to do; the stack trace would only bury it.
            System.err.println((command ? "hindsight " + args[0] + ": " : "") + e.getMessage());
            System.exit(1);
            return;
        }
        Throwable failed = staticInit.await();
        if (failed != null) {
            database.close();
            System.err.println("Hindsight could not start:");
            failed.printStackTrace();
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

    /**
     * Quarkus's static initialisation (building the bean container, Hibernate's metamodel, the REST deployment) needs
     * no database and no runtime setting, so it runs on its own thread while the embedded PostgreSQL starts: the two
     * take about as long as each other, and the start no longer pays for both in turn. Quarkus then finds the class
     * initialised and goes on with the runtime start, which reads the database settings published meanwhile.
     */
    static final class StaticInit {

        private final Thread thread;
        private volatile Throwable failure;

        private StaticInit(Thread thread) {
            this.thread = thread;
        }

        static StaticInit begin() {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            StaticInit[] self = new StaticInit[1];
            Thread thread = new Thread(() -> {
                try {
                    Class.forName("io.quarkus.runner.ApplicationImpl", true, loader);
                } catch (ClassNotFoundException e) {
                    // not a packaged application (development mode): Quarkus initialises it itself
                } catch (ExceptionInInitializerError e) {
                    self[0].failure = e.getCause() == null ? e : e.getCause();
                } catch (Throwable e) {
                    self[0].failure = e;
                }
            }, "static-init");
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            self[0] = new StaticInit(thread);
            thread.start();
            return self[0];
        }

        /** Waits for it; the failure, or null. */
        Throwable await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return failure;
        }
    }
}
