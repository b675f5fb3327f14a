package io.hindsight.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay in front of the database that can cut its connections the way a network does: without a word. After
 * {@link #goSilent()} the connections it relays so far still look open to both ends, but nothing sent on them arrives
 * (no answer, no reset, no close); connections made afterwards pass normally.
 */
final class SilentLink implements AutoCloseable {

    private final String host;
    private final int port;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "silent-link");
        t.setDaemon(true);
        return t;
    });
    private final List<AtomicBoolean> links = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    SilentLink(String host, int port) throws IOException {
        this.host = host;
        this.port = port;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** The port to connect to instead of the database's. */
    int port() {
        return server.getLocalPort();
    }

    /** Every connection relayed so far stops carrying anything, and stays open. */
    void goSilent() {
        links.forEach(silent -> silent.set(true));
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(host, port);
                sockets.add(client);
                sockets.add(upstream);
                AtomicBoolean silent = new AtomicBoolean();
                links.add(silent);
                threads.execute(() -> relay(client, upstream, silent));
                threads.execute(() -> relay(upstream, client, silent));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies from one end to the other until either closes; once silent, reads and drops. */
    private static void relay(Socket from, Socket to, AtomicBoolean silent) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!silent.get()) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            if (!silent.get()) {
                to.shutdownOutput();
            }
        } catch (IOException closed) {
            // one end went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        threads.shutdownNow();
    }
}
