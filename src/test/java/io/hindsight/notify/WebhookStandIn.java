package io.hindsight.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the chat services' stand-ins have in common: a JDK {@link HttpServer} on a local port where each test asks
 * for its own {@link Hook} (a unique path), scripts the answers it should give in order, and reads back what
 * arrived: the bodies with the moment each came in, on the application's clock (the {@code TestClock}) and on the
 * wall clock. A subclass says what its service's addresses look like, what it answers by default and to an
 * unknown address, and what it refuses before any scripted answer.
 */
public abstract class WebhookStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What an address has besides its path: scheme and host, and the query. */
    private static final Pattern NOT_PATH = Pattern.compile("^https?://[^/]+|\\?.*$");

    private final HttpServer server;
    private final ExecutorService threads;
    private final Clock clock;
    private final Map<String, Hook> hooks = new ConcurrentHashMap<>();

    protected WebhookStandIn(String service, int port, Clock clock) {
        this.clock = clock;
        String threadName = service.toLowerCase(java.util.Locale.ROOT) + "-stand-in";
        threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            threads.shutdownNow();
            throw new UncheckedIOException("the " + service + " stand-in could not listen on port " + port, e);
        }
        // Many threads: a hanging answer must not hold up the others.
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A local port nobody listens on (it was free a moment ago). */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** A new hook at {@code url}, answered at its path (the address without scheme, host and query). */
    protected final Hook add(String url, Answer otherwise) {
        Hook hook = new Hook(url, otherwise);
        hooks.put(NOT_PATH.matcher(url).replaceAll(""), hook);
        return hook;
    }

    /** The body answered to an address no test asked for, or to anything but a POST. */
    protected abstract String notFound();

    /** The service's refusal of a request it would not take whatever the script says; null when it takes it. */
    protected Answer refusal(Hook hook, byte[] body, String contentType) {
        return null;
    }

    private void handle(HttpExchange exchange) {
        try {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            Hook hook = hooks.get(exchange.getRequestURI().getPath());
            if (hook == null || !"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 404, notFound(), Map.of());
                return;
            }
            hook.inFlight.incrementAndGet();
            try {
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                hook.received.add(new Received(clock.instant(), Instant.now(), new String(bytes, StandardCharsets.UTF_8),
                        contentType));
                Answer refused = refusal(hook, bytes, contentType);
                Answer answer = refused != null ? refused : hook.next();
                if (answer.release != null) {
                    answer.release.await(60, TimeUnit.SECONDS);
                }
                if (answer.delay != null) {
                    Thread.sleep(answer.delay.toMillis());
                }
                respond(exchange, answer.status, answer.body, answer.headers);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                hook.inFlight.decrementAndGet();
            }
        } catch (IOException closedByClient) {
            // The relay gave up waiting; nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** One request as it arrived. */
    public record Received(Instant at, Instant wallClock, String body, String contentType) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("the relay sent a body that is not JSON: " + body, e);
            }
        }
    }

    /** A scripted answer. */
    public static final class Answer {
        final int status;
        final String body;
        final Map<String, String> headers;
        final CountDownLatch release;
        final Duration delay;

        private Answer(int status, String body, Map<String, String> headers, CountDownLatch release, Duration delay) {
            this.status = status;
            this.body = body;
            this.headers = headers;
            this.release = release;
            this.delay = delay;
        }

        /** Slack's success: {@code 200 ok}. */
        public static Answer ok() {
            return new Answer(200, "ok", Map.of(), null, null);
        }

        /** A Teams workflow's success: {@code 202 Accepted}, no body. */
        public static Answer accepted() {
            return new Answer(202, "", Map.of(), null, null);
        }

        /** What an Office 365 connector answered on success. */
        public static Answer legacyOk() {
            return new Answer(200, "1", Map.of(), null, null);
        }

        public static Answer status(int status, String body) {
            return new Answer(status, body, Map.of(), null, null);
        }

        /** Slack's rate limit. */
        public static Answer tooManyRequests(long retryAfterSeconds) {
            return tooManyRequests(retryAfterSeconds, "rate_limited");
        }

        public static Answer tooManyRequests(long retryAfterSeconds, String body) {
            return new Answer(429, body, Map.of("Retry-After", String.valueOf(retryAfterSeconds)), null, null);
        }

        /** Holds the request open until {@code release} is counted down, then answers {@code ok}. */
        public static Answer hangUntil(CountDownLatch release) {
            return new Answer(200, "ok", Map.of(), release, null);
        }

        /** Answers {@code ok} after {@code delay}, like a slow but healthy Slack. */
        public static Answer slowOk(Duration delay) {
            return new Answer(200, "ok", Map.of(), null, delay);
        }
    }

    /** One webhook address: its scripted answers, what it received and what the service found wrong with it. */
    public static final class Hook {
        private final String url;
        private final Deque<Answer> script = new ArrayDeque<>();
        private Answer otherwise;
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final List<String> problems = new CopyOnWriteArrayList<>();
        private final AtomicInteger inFlight = new AtomicInteger();

        private Hook(String url, Answer otherwise) {
            this.url = url;
            this.otherwise = otherwise;
        }

        public String url() {
            return url;
        }

        /** Answers these in order, then the stand-in's usual answer (or what {@link #otherwise} says). */
        public synchronized Hook answer(Answer... answers) {
            script.addAll(List.of(answers));
            return this;
        }

        public synchronized Hook otherwise(Answer answer) {
            otherwise = answer;
            return this;
        }

        private synchronized Answer next() {
            return script.isEmpty() ? otherwise : script.poll();
        }

        public List<Received> received() {
            return List.copyOf(received);
        }

        public int count() {
            return received.size();
        }

        /** Requests being answered right now (a hanging answer counts until released). */
        public int inFlight() {
            return inFlight.get();
        }

        /** What the service refused in every request so far; empty when it took them all. */
        public List<String> problems() {
            return List.copyOf(problems);
        }

        void refused(List<String> found) {
            problems.addAll(found);
        }

        /** Waits until at least {@code n} requests arrived, at most {@code timeout}. */
        public List<Received> awaitCount(int n, Duration timeout) {
            await(() -> received.size() >= n, timeout, () -> "expected " + n + " requests, got " + received.size());
            return received();
        }
    }

    /** A bounded polling wait: checks every 20 ms until {@code condition} holds or {@code timeout} passes. */
    public static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toMillis() + " ms: " + failure.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting");
            }
        }
    }
}
