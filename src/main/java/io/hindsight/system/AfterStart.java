package io.hindsight.system;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Upkeep the portal does once it has started, one task after another on a single background thread, so that
 * readiness never waits for it: filling missing library cards, dropping scratch schemas an interrupted restore left,
 * listing look-alike databases. Tasks are handed over by start-up observers that run after the wrong-database guard
 * ({@link InstallationGuard}), so nothing here writes before the guard has decided.
 */
@ApplicationScoped
public class AfterStart {

    private static final Logger LOG = Logger.getLogger(AfterStart.class);

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "after-start");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    /** Runs {@code task} after the tasks handed over before it; a failure is logged, never thrown. */
    public synchronized CompletableFuture<Void> run(String what, Runnable task) {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf("%s did not finish: %s", what, e.getMessage());
                LOG.debug(what, e);
            }
        }, thread);
        last = done;
        return done;
    }

    /** Completes once every task handed over so far has run. */
    public CompletableFuture<Void> idle() {
        return last;
    }

    void onStop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
    }
}
