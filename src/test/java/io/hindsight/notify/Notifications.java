package io.hindsight.notify;

import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Test data for notifications: destinations pointing at the Slack stand-in, made the way an admin
 * makes them (through {@link SlackDestinations}), and the outbox read back. No destination exists
 * unless a test makes one, and every test disables all of them when it ends, so the relay never
 * sends anything for other tests.
 */
public final class Notifications {

    private Notifications() {
    }

    /** An enabled destination for {@code hook}, subscribed to {@code events}. */
    public static SlackDestination destination(SlackStandIn.Hook hook, EventKey... events) {
        return destination("#test-" + Long.toHexString(System.nanoTime()), hook.url(), events);
    }

    public static SlackDestination destination(String name, String url, EventKey... events) {
        SlackDestinations destinations = Arc.container().instance(SlackDestinations.class).get();
        return destinations.add(TestAccounts.of(Role.ADMIN).id(),
                new SlackDestinations.Form(name, url, Arrays.stream(events).map(EventKey::key).toList()));
    }

    /** An enabled Microsoft Teams destination for {@code hook}, subscribed to {@code events}. */
    public static SlackDestination teamsDestination(TeamsStandIn.Hook hook, EventKey... events) {
        SlackDestinations destinations = Arc.container().instance(SlackDestinations.class).get();
        return destinations.add(TestAccounts.of(Role.ADMIN).id(), new SlackDestinations.Form("Teams " + Long.toHexString(System.nanoTime()),
                hook.url(), Arrays.stream(events).map(EventKey::key).toList(), DestinationType.TEAMS.key()));
    }

    /** Turns every destination off; their pending messages stay in the outbox, undelivered. */
    public static void disableEveryDestination() {
        QuarkusTransaction.requiringNew().run(() -> SlackDestination.update(
                "disabledAt = ?1 WHERE disabledAt IS NULL", Instant.now()));
    }

    /**
     * Keeps the relay away from a destination (as if it had just sent), so a test can line up
     * messages before letting relays race for them.
     */
    public static void hold(long destinationId) {
        QuarkusTransaction.requiringNew().run(() -> SlackDestination.update(
                "pacedUntil = ?1 WHERE id = ?2", Instant.now().plus(Duration.ofDays(1)), destinationId));
    }

    public static void release(long destinationId) {
        QuarkusTransaction.requiringNew().run(() -> SlackDestination.update(
                "pacedUntil = ?1 WHERE id = ?2", Instant.EPOCH, destinationId));
    }

    public static OutboxMessage row(long id) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.<OutboxMessage>findById(id));
    }

    /** The outbox rows of a destination, oldest first. */
    public static List<OutboxMessage> rows(long destinationId) {
        return QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.<OutboxMessage>list("destination.id = ?1 ORDER BY id", destinationId));
    }

    /** The only outbox row of a destination. */
    public static OutboxMessage onlyRow(long destinationId) {
        List<OutboxMessage> rows = rows(destinationId);
        assertEquals(1, rows.size(), "expected exactly one outbox row for destination " + destinationId);
        return rows.get(0);
    }

    public static OutboxMessage awaitStatus(long id, OutboxMessage.Status status, Duration timeout) {
        OutboxMessage[] last = new OutboxMessage[1];
        SlackStandIn.await(() -> (last[0] = row(id)).status == status, timeout,
                () -> "delivery #" + id + " is " + last[0].status + " after " + last[0].attempts + " attempts ("
                        + last[0].lastError + "), expected " + status);
        return last[0];
    }

    /** Waits until the relay has tried a message at least {@code attempts} times. */
    public static OutboxMessage awaitAttempts(long id, int attempts, Duration timeout) {
        OutboxMessage[] last = new OutboxMessage[1];
        SlackStandIn.await(() -> (last[0] = row(id)).attempts >= attempts && last[0].leaseUntil == null, timeout,
                () -> "delivery #" + id + " has " + last[0].attempts + " attempts, expected " + attempts);
        return last[0];
    }
}
