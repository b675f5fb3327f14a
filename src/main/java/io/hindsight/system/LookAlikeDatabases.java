package io.hindsight.system;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The trap of the demo story: the server held several databases, one named almost like the right
 * one. The other databases this role can see on the server are listed once the portal has started (and every few
 * minutes), and those whose names look like ours are named in a warning — in the log, on the admin
 * footer and in the readiness report. Computed in the background, so no page ever waits for it.
 */
@ApplicationScoped
public class LookAlikeDatabases {

    private static final Logger LOG = Logger.getLogger(LookAlikeDatabases.class);
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);
    private static final int MAX_DISTANCE = 2;
    /** Suffixes people give copies: hindsight_old, hindsight-copy, hindsight2 … */
    private static final Set<String> COPY_SUFFIXES = Set.of("old", "new", "copy", "bak", "backup", "tmp", "temp", "restore",
            "restored", "test", "prod", "dev", "staging");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    InstallationGuard guard;

    private volatile List<String> warnings = List.of();
    private volatile List<String> others = List.of();

    @Inject
    AfterStart afterStart;

    void onStart(@Observes @Priority(InstallationGuard.LAST) StartupEvent event) {
        afterStart.run("Listing the databases on the server", () -> {
            refresh().forEach(LOG::warn);
            if (!others.isEmpty()) {
                LOG.infof("Other databases this role can see on the server: %s", String.join(", ", others));
            }
        });
    }

    @Scheduled(every = "10m", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshNow() {
        refresh();
    }

    /** The warnings as last computed. */
    public List<String> warnings() {
        return warnings;
    }

    /** Lists the databases on the server again and recomputes the warnings. */
    public List<String> refresh() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            String ours;
            try (ResultSet rs = statement.executeQuery("SELECT current_database()")) {
                rs.next();
                ours = rs.getString(1);
            }
            List<String> others = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname")) {
                while (rs.next()) {
                    others.add(rs.getString(1));
                }
            }
            GuardDecision.Identity identity = guard.found();
            String server = serverOf(identity.database());
            List<String> found = new ArrayList<>();
            for (String other : others) {
                if (!other.equals(ours) && looksAlike(ours, other)) {
                    found.add("The server " + server + " also has a database named \"" + other + "\", which looks like \"" + ours
                            + "\". Ours is \"" + ours + "\": it holds this installation (" + identity.id()
                            + (identity.name() == null ? "" : " \"" + identity.name() + "\"")
                            + "). Make sure every portal, script and backup points at the right one.");
                }
            }
            warnings = List.copyOf(found);
            this.others = others.stream().filter(name -> !name.equals(ours)).toList();
        } catch (SQLException | RuntimeException e) {
            LOG.debugf(e, "The databases on the server could not be listed");
        }
        return warnings;
    }

    /** Within a small edit distance once {@code -}, {@code _} and case are ignored, or ours with a number or copy suffix. */
    static boolean looksAlike(String ours, String other) {
        String a = normalise(ours);
        String b = normalise(other);
        int distance = DISTANCE.apply(a, b);
        if (distance >= 0 && distance <= MAX_DISTANCE) {
            return true;
        }
        String shorter = a.length() <= b.length() ? a : b;
        String longer = a.length() <= b.length() ? b : a;
        if (shorter.length() < 4) {
            return false;
        }
        String rest = longer.startsWith(shorter) ? longer.substring(shorter.length())
                : longer.endsWith(shorter) ? longer.substring(0, longer.length() - shorter.length()) : null;
        return rest != null && (rest.chars().allMatch(Character::isDigit) || COPY_SUFFIXES.contains(rest));
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
    }

    private static String serverOf(String target) {
        if (target == null) {
            return "this server";
        }
        int slash = target.indexOf('/');
        return slash > 0 ? target.substring(0, slash) : target;
    }
}
