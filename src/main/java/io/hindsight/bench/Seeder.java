package io.hindsight.bench;

import io.agroal.api.AgroalDataSource;
import io.hindsight.account.Passwords;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.lesson.LessonCards;
import io.hindsight.system.Installation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fills the database with realistic history for benchmarks, set-based in SQL ({@code bench/seed.sql}):
 * incidents with timelines, postmortems (published, in review, drafts), their writers and reviewers,
 * action items owned by several people, and checklists from the library. Everything in one transaction;
 * no revisions, notifications or per-row audit events, and one audit event for the whole run. What the
 * portal derives from those rows is built once per run, in bulk, and equals what its own write path
 * builds: the list's counts and known tags and services (one trigger run per statement), the search
 * documents (deferred to the end of the script), the lesson cards and the library's factor list
 * ({@link LessonCards#storeInBulk}, a batch of postmortems per statement).
 */
@ApplicationScoped
public class Seeder {

    /** Every seeded person's address ends with this; the first twenty are editors, the last four viewers. */
    public static final String PEOPLE_DOMAIN = "seed.hindsight.example";
    public static final int PEOPLE = 24;
    private static final Pattern STATEMENT_END = Pattern.compile(";\\s*\\n");

    @Inject
    LessonCards lessonCards;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Passwords passwords;

    @Inject
    Audit audit;

    /** What one run added. */
    public record Seeded(int incidents, long firstIncidentId, long lastIncidentId, long postmortems, long timelineEntries,
                         long actionItems, long checklists, long lessonCards, Duration took) {
    }

    /** The address of the n-th seeded person (1 to {@link #PEOPLE}). */
    public static String personEmail(int n) {
        return String.format(Locale.ROOT, "person%02d@%s", n, PEOPLE_DOMAIN);
    }

    /**
     * Why this database must not be seeded, or null when it may: an installation whose environment is
     * production (as recorded in the database, or configured when the row names none yet) is refused
     * unless forced.
     */
    public static String refusal(String installationEnvironment, String configuredEnvironment, boolean force) {
        String environment = installationEnvironment != null && !installationEnvironment.isBlank()
                ? installationEnvironment : configuredEnvironment;
        if (force || environment == null || !environment.strip().toLowerCase(Locale.ROOT).startsWith("prod")) {
            return null;
        }
        return "this installation's environment is \"" + environment.strip() + "\": generated incidents would mix with real"
                + " ones. Seed a database of another environment (HINDSIGHT_ENVIRONMENT_NAME=bench on its first start),"
                + " or add --force if this really is a scratch database.";
    }

    /**
     * Adds {@code count} incidents with everything that hangs off them.
     *
     * @param password what the seeded people sign in with; null gives them a random one nobody knows
     */
    public Seeded seed(int count, String password) {
        if (count < 1) {
            throw new IllegalArgumentException("the number of incidents must be at least 1");
        }
        String hash = passwords.hash(password != null ? password : randomSecret());
        long started = System.nanoTime();
        Seeded seeded;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                long after = scalar(connection, "SELECT coalesce(max(id), 0) FROM incident");
                try (PreparedStatement settings = connection.prepareStatement("SELECT set_config('hindsight.seed.count', ?, true),"
                        + " set_config('hindsight.seed.after', ?, true), set_config('hindsight.seed.password', ?, true)")) {
                    settings.setString(1, Integer.toString(count));
                    settings.setString(2, Long.toString(after));
                    settings.setString(3, hash);
                    settings.execute();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL synchronous_commit = off");
                    for (String sql : statements()) {
                        statement.execute(sql);
                    }
                }
                // The Lessons library reads the card each published postmortem gets when it is published; the seeded ones
                // get theirs here, in the same transaction, a batch of postmortems per statement.
                int cards = lessonCards.storeInBulk(connection, after);
                seeded = new Seeded(count, after + 1, scalar(connection, "SELECT max(id) FROM incident"),
                        counted(connection, "postmortem", after), counted(connection, "timeline_entry", after),
                        counted(connection, "action_item", after), counted(connection, "incident_checklist", after), cards,
                        Duration.ofNanos(System.nanoTime() - started));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            // Fresh statistics, so the first benchmark requests meet the plans a long-lived database would have.
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed and was rolled back: " + e.getMessage(), e);
        }
        Seeded done = seeded;
        QuarkusTransaction.requiringNew().run(() -> audit.record(null, AuditAction.DATA_SEEDED,
                AuditSubject.installation(Installation.current().id),
                String.format(Locale.ROOT, "%d incidents (ids %d–%d), %d postmortems, %d timeline entries, %d action items, %d checklists",
                        done.incidents(), done.firstIncidentId(), done.lastIncidentId(), done.postmortems(),
                        done.timelineEntries(), done.actionItems(), done.checklists()), ""));
        return done;
    }

    private static long counted(Connection connection, String table, long after) throws SQLException {
        return scalar(connection, "SELECT count(*) FROM " + table + " WHERE incident_id > " + after);
    }

    private static long scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static List<String> statements() {
        try (InputStream in = Seeder.class.getResourceAsStream("/bench/seed.sql")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            return STATEMENT_END.splitAsStream(script + "\n").map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }
}
