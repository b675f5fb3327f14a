package io.hindsight.session;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Listens on a PostgreSQL channel ({@value SessionRevocations#CHANNEL} unless another is named) over a connection of
 * its own and hands every notice to {@code onNotice}. When the connection fails it reconnects, and since notices may
 * have been missed meanwhile, calls {@code onReconnect} (which forgets everything cached on the strength of the
 * notices) once it listens again.
 *
 * <p>A connection whose other end went away without a word (a network cut, a server host that vanished, a NAT or
 * firewall that dropped the idle connection) delivers no notices and no error either: waiting for notices alone it
 * would count as listening for ever while every notice went missing. So every {@code heartbeat} without a round trip
 * the listener asks the server a trivial question, and gives up on the connection when no answer came within
 * {@code answerWithin}: it then stops counting as listening, forgets, and reconnects.
 */
public final class RevocationListener implements AutoCloseable {

    /** Opens a new JDBC connection to the database. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private static final Logger LOG = Logger.getLogger(RevocationListener.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration RETRY = Duration.ofSeconds(2);
    /** How often a connection that has been quiet is asked whether it is still there. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** How long the server may take to answer on the listening connection before the connection counts as lost. */
    public static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    private final String channel;
    private final Connector connector;
    private final Consumer<String> onNotice;
    private final Runnable onReconnect;
    private final Duration heartbeat;
    private final Duration answerWithin;
    private final ExecutorService thread;
    private volatile boolean running = true;
    private volatile boolean listening;

    public RevocationListener(String name, Connector connector, Consumer<String> onNotice, Runnable onReconnect) {
        this(name, SessionRevocations.CHANNEL, connector, onNotice, onReconnect);
    }

    /** Listens on {@code channel} (an SQL identifier of lower-case letters and underscores). */
    public RevocationListener(String name, String channel, Connector connector, Consumer<String> onNotice,
                              Runnable onReconnect) {
        this(name, channel, connector, onNotice, onReconnect, HEARTBEAT, ANSWER_WITHIN);
    }

    /** Listens on {@code channel}, checking a quiet connection every {@code heartbeat}; see the class comment. */
    public RevocationListener(String name, String channel, Connector connector, Consumer<String> onNotice,
                              Runnable onReconnect, Duration heartbeat, Duration answerWithin) {
        if (!channel.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        if (heartbeat.isNegative() || heartbeat.isZero() || answerWithin.toMillis() < 1) {
            throw new IllegalArgumentException("heartbeat and answer time must be positive");
        }
        this.channel = channel;
        this.connector = connector;
        this.onNotice = onNotice;
        this.onReconnect = onReconnect;
        this.heartbeat = heartbeat;
        this.answerWithin = answerWithin;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        thread.execute(this::run);
    }

    /** Whether the LISTEN is in place right now. */
    public boolean listening() {
        return listening;
    }

    private void run() {
        boolean first = true;
        while (running) {
            try (Connection connection = connector.open(); Statement statement = connection.createStatement()) {
                // Every wait for the server on this connection ends after answerWithin, whatever the driver's
                // socketTimeout; waiting for notices sets its own shorter wait and restores this one.
                connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, answerWithin.toMillis()));
                statement.execute("LISTEN " + channel);
                PGConnection pg = connection.unwrap(PGConnection.class);
                if (!first) {
                    onReconnect.run();
                    LOG.infof("Listening on %s again; what was cached on the strength of its notices was forgotten", channel);
                }
                first = false;
                listening = true;
                long nextCheck = System.nanoTime() + heartbeat.toNanos();
                while (running) {
                    PGNotification[] notices = pg.getNotifications(POLL_MILLIS);
                    if (notices != null && notices.length > 0) {
                        for (PGNotification notice : notices) {
                            onNotice.accept(notice.getParameter());
                        }
                        nextCheck = System.nanoTime() + heartbeat.toNanos();
                    } else if (System.nanoTime() - nextCheck >= 0) {
                        statement.execute("SELECT 1"); // no answer within answerWithin: the connection is gone
                        nextCheck = System.nanoTime() + heartbeat.toNanos();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warnf("Lost the listener on %s (%s); reconnecting in %s s", channel, e.getMessage(), RETRY.toSeconds());
                }
            } finally {
                if (listening) {
                    listening = false;
                    onReconnect.run(); // while not listening, nothing cached may be trusted
                }
            }
            first = false;
            pause();
        }
    }

    private void pause() {
        if (!running) {
            return;
        }
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
