package io.hindsight;

import io.hindsight.system.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of the portal. When no database server is configured it first starts the embedded
 * PostgreSQL (see {@link EmbeddedDatabase}) so that trying Hindsight needs nothing but a JDK.
 */
@QuarkusMain
public class Hindsight {

    public static void main(String... args) {
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.startUnlessConfigured(System.getenv(), System.getProperties());
        } catch (IllegalStateException e) {
            // Says what happened and what to do; the stack trace would only bury it.
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        try {
            Quarkus.run(args);
        } finally {
            database.close();
        }
    }
}
