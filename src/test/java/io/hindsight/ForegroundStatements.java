package io.hindsight;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Counts the statements Hibernate prepares for requests and for the test's own calls, leaving out the portal's
 * background work: the scheduled jobs and the relays' own threads, which poll the outbox every second and would
 * otherwise land in whatever a test happens to be measuring. Test-only; it returns every statement unchanged.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class ForegroundStatements implements StatementInspector {

    /** The statements of the running measurement, in the order Hibernate prepared them. */
    private static final ConcurrentLinkedQueue<String> STATEMENTS = new ConcurrentLinkedQueue<>();
    /** Whether a measurement is running; the stack is only looked at then. */
    private static volatile boolean counting;

    /** Classes whose frames mark a statement as background work rather than something a test measures. */
    private static final String[] BACKGROUND = {
            "io.quarkus.scheduler.",
            "io.hindsight.notify.OutboxRelay",
            "io.hindsight.tracker.TrackerRelay",
    };

    @Override
    public String inspect(String sql) {
        if (counting && !inBackground()) {
            STATEMENTS.add(sql);
        }
        return sql;
    }

    static void start() {
        STATEMENTS.clear();
        counting = true;
    }

    static List<String> stop() {
        counting = false;
        return new ArrayList<>(STATEMENTS);
    }

    private static boolean inBackground() {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame -> {
            String name = frame.getClassName();
            for (String prefix : BACKGROUND) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }));
    }
}
