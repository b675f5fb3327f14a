package io.hindsight.notify;

import java.time.Clock;
import java.util.UUID;

/**
 * Slack's incoming webhooks, played on a free local port ({@link WebhookStandIn}): a hook answers
 * {@code 200 ok} unless scripted, an unknown address {@code 404 no_service}.
 */
public final class SlackStandIn extends WebhookStandIn {

    private static SlackStandIn shared;

    private SlackStandIn(int port, Clock clock) {
        super("Slack", port, clock);
    }

    /** The stand-in the notification tests share, started on first use and stopped with the JVM. */
    public static synchronized SlackStandIn shared(Clock clock) {
        if (shared == null) {
            shared = new SlackStandIn(0, clock);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** A separate stand-in on {@code port}, e.g. one that comes up after the relay found the port closed. */
    public static SlackStandIn startOn(int port, Clock clock) {
        return new SlackStandIn(port, clock);
    }

    /** A new webhook with its own secret-looking path, answering {@code 200 ok} unless scripted. */
    public Hook hook() {
        String path = "/services/T0HINDSIGHT/B0TEST/" + UUID.randomUUID().toString().replace("-", "");
        return add("http://127.0.0.1:" + port() + path, Answer.ok());
    }

    /** The same webhook address on this (another) server: the scripts and records start empty. */
    public Hook hook(String url) {
        return add(url, Answer.ok());
    }

    @Override
    protected String notFound() {
        return "no_service";
    }
}
