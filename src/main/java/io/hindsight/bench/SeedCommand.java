package io.hindsight.bench;

import io.hindsight.system.EnvironmentConfig;
import io.hindsight.system.Installation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Generates benchmark history, run by the launcher instead of the web portal (docs/performance.md):
 * <pre>
 * java -jar quarkus-run.jar seed [--incidents N] [--force]
 * </pre>
 * Adds N incidents (default 100,000) with postmortems, timelines, action items and checklists, and 24
 * people (person01@seed.hindsight.example …) who sign in with the password in HINDSIGHT_SEED_PASSWORD
 * (a random one when unset). Refuses a production installation unless {@code --force}. Exit status:
 * 0 done, 1 failed or refused, 2 wrong arguments.
 */
@Dependent
@io.quarkus.arc.Unremovable
public class SeedCommand implements QuarkusApplication {

    public static final String COMMAND = "seed";
    static final int DEFAULT_INCIDENTS = 100_000;
    static final int MAX_INCIDENTS = 10_000_000;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final String PASSWORD_ENV = "HINDSIGHT_SEED_PASSWORD";
    static final String USAGE_TEXT = "Usage: java -jar quarkus-run.jar seed [--incidents N] [--force]";

    @Inject
    Seeder seeder;

    @Inject
    EnvironmentConfig environment;

    PrintStream out = System.out;
    PrintStream err = System.err;
    /** What the seeded people sign in with; the environment's HINDSIGHT_SEED_PASSWORD unless a test sets it. */
    String password = System.getenv(PASSWORD_ENV);

    /** Whether the launcher's arguments ask for this command. */
    public static boolean isCommand(String... args) {
        return args.length > 0 && COMMAND.equals(args[0]);
    }

    @Override
    public int run(String... args) {
        List<String> words = List.of(args);
        if (words.isEmpty() || !COMMAND.equals(words.get(0))) {
            return usage("Name a command.");
        }
        int incidents = DEFAULT_INCIDENTS;
        boolean force = false;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if ("--force".equals(word)) {
                force = true;
            } else if ("--incidents".equals(word) && i + 1 < words.size()) {
                try {
                    incidents = Integer.parseInt(words.get(++i).replace("_", "").replace(",", ""));
                } catch (NumberFormatException e) {
                    return usage("--incidents needs a whole number, not \"" + words.get(i) + "\".");
                }
                if (incidents < 1 || incidents > MAX_INCIDENTS) {
                    return usage("--incidents must be between 1 and " + MAX_INCIDENTS + ".");
                }
            } else {
                return usage("Unknown option " + word + " for seed.");
            }
        }
        String recorded = QuarkusTransaction.requiringNew().call(() -> {
            Installation installation = Installation.current();
            return installation == null ? null : installation.environment;
        });
        String refusal = Seeder.refusal(recorded, environment.name(), force);
        if (refusal != null) {
            err.println("hindsight seed: refused: " + refusal);
            return FAILED;
        }
        try {
            Seeder.Seeded seeded = seeder.seed(incidents, password);
            out.printf(Locale.ROOT, "Seeded %,d incidents (ids %d–%d) in %.1f s: %,d postmortems, %,d timeline entries, %,d action items,"
                            + " %,d checklists, %,d lesson cards; %d people %s…%s%s.%n",
                    seeded.incidents(), seeded.firstIncidentId(), seeded.lastIncidentId(), seeded.took().toMillis() / 1000.0,
                    seeded.postmortems(), seeded.timelineEntries(), seeded.actionItems(), seeded.checklists(), seeded.lessonCards(), Seeder.PEOPLE,
                    Seeder.personEmail(1), Seeder.personEmail(Seeder.PEOPLE),
                    password == null ? " (random password: set " + PASSWORD_ENV + " to sign in as them)" : "");
            return 0;
        } catch (RuntimeException e) {
            err.println("hindsight seed failed: " + e.getMessage());
            return FAILED;
        }
    }

    private int usage(String problem) {
        err.println("hindsight: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
