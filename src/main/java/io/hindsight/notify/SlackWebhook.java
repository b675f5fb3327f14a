package io.hindsight.notify;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Posts one message to an incoming webhook and says what came of it, in Slack's terms: 200 with
 * body {@code ok} is delivered; 429 waits for {@code Retry-After}; 5xx, 408, timeouts and
 * connection errors are worth retrying; anything else ({@code invalid_payload}, {@code no_service},
 * {@code channel_not_found}, …) will not get better by itself.
 *
 * <p>The JDK's {@link HttpClient} rather than a {@code @RegisterRestClient}: every destination
 * has its own URL, entered by an admin at run time, while a REST client's base URL comes from
 * configuration; and we need the raw status, body and headers, not a mapped entity.
 */
@ApplicationScoped
public class SlackWebhook implements ChatWebhook {

    /** What the relay does next. */
    public enum Verdict { DELIVERED, RATE_LIMITED, RETRY, FAILED }

    /**
     * @param status     the HTTP status, or 0 when there was no answer
     * @param reason     why it was not delivered, fit for admins and logs (never the URL)
     * @param retryAfter what a 429 asked for, when it said
     */
    public record Outcome(Verdict verdict, int status, String reason, Duration retryAfter) {
    }

    /** Slack answers in a few bytes; keep no more than this of any answer. */
    static final int MAX_BODY = 4096;
    private static final Pattern URL = Pattern.compile("https?://\\S+");
    private static final Pattern ROCKET_CHAT_SUCCESS = Pattern.compile("\"success\"\\s*:\\s*true");

    @Inject
    NotifyConfig config;

    @Inject
    Clock clock;

    private HttpClient client;

    @PostConstruct
    void init() {
        client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Starts the POST. The future never completes exceptionally and completes within connect
     * plus read timeout, however the other side behaves.
     */
    @Override
    public CompletableFuture<Outcome> post(String url, String payload) {
        return send(url, payload, this::classify);
    }

    /** How one kind of webhook's answer is read. */
    @FunctionalInterface
    interface Reading {
        Outcome of(int status, String body, Optional<String> retryAfter);
    }

    /**
     * Starts the POST and reads the answer with {@code reading}; the same transport, timeouts and
     * answer size for every kind of webhook.
     */
    CompletableFuture<Outcome> send(String url, String payload, Reading reading) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(config.readTimeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "Hindsight notifications")
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Outcome(Verdict.FAILED, 0, "the webhook address is not a valid URL", null));
        }
        Body body = new Body();
        long deadline = config.connectTimeout().plus(config.readTimeout()).toMillis();
        return client.sendAsync(request, info -> HttpResponse.BodySubscribers.ofByteArrayConsumer(body))
                .orTimeout(deadline, TimeUnit.MILLISECONDS)
                .handle((response, error) -> error == null
                        ? reading.of(response.statusCode(), body.text(), response.headers().firstValue("Retry-After"))
                        : failure(error));
    }

    Outcome classify(int status, String body, Optional<String> retryAfter) {
        String answer = excerpt(body);
        if (status == 200) {
            if (answer.equals("ok") || ROCKET_CHAT_SUCCESS.matcher(answer).find()) {
                return new Outcome(Verdict.DELIVERED, status, null, null);
            }
            return new Outcome(Verdict.FAILED, status, "HTTP 200 without \"ok\": " + (answer.isEmpty() ? "(empty)" : answer), null);
        }
        return refused(status, answer, retryAfter);
    }

    /** Any answer but success, the same for every kind of webhook: 429 waits, 5xx and 408 retry, the rest fail. */
    Outcome refused(int status, String answer, Optional<String> retryAfter) {
        String reason = "HTTP " + status + (answer.isEmpty() ? "" : ": " + answer);
        if (status == 429) {
            return new Outcome(Verdict.RATE_LIMITED, status, reason, retryAfter.flatMap(this::parseRetryAfter).orElse(null));
        }
        if (status >= 500 || status == 408) {
            return new Outcome(Verdict.RETRY, status, reason, null);
        }
        return new Outcome(Verdict.FAILED, status, reason, null);
    }

    /** Seconds, or an HTTP date; nonsense is ignored (the relay then backs off as for a server error). */
    Optional<Duration> parseRetryAfter(String value) {
        String text = value.strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    Outcome failure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String reason;
        if (cause instanceof HttpConnectTimeoutException) {
            reason = "could not connect within " + seconds(config.connectTimeout());
        } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            reason = "no answer within " + seconds(config.readTimeout());
        } else if (cause instanceof ConnectException) {
            reason = "could not connect" + detail(cause.getCause() != null ? cause.getCause() : cause);
        } else if (cause instanceof IOException) {
            reason = "connection error" + detail(cause);
        } else {
            reason = "could not send" + detail(cause);
        }
        return new Outcome(Verdict.RETRY, 0, reason, null);
    }

    /** What went wrong, in words for the admin reading the delivery list; the exception's own text only when it has one. */
    static String detail(Throwable cause) {
        String said;
        if (cause instanceof java.nio.channels.UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
            said = "the host name was not found";
        } else if (cause instanceof java.nio.channels.ClosedChannelException) {
            said = "the connection was closed before an answer";
        } else if (cause instanceof ConnectException) {
            said = "the connection was refused";
        } else if (cause instanceof javax.net.ssl.SSLException) {
            said = "the TLS handshake failed" + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } else if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
            said = cause.getMessage();
        } else {
            said = cause.getClass().getSimpleName();
        }
        return " (" + excerpt(said) + ")";
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** One line of at most 300 characters, with anything that looks like a URL masked (it could be the secret). */
    static String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String line = URL.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(SlackDestination.mask(m.group())))
                .replaceAll("\\s+", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 299) + "…";
    }

    /** Keeps the first {@link #MAX_BODY} bytes of an answer and drops the rest. */
    private static final class Body implements Consumer<Optional<byte[]>> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void accept(Optional<byte[]> chunk) {
            chunk.ifPresent(b -> bytes.write(b, 0, Math.min(b.length, Math.max(0, MAX_BODY - bytes.size()))));
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
