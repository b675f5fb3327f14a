package io.hindsight.notify;

import io.hindsight.TestClock;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.WebhookStandIn.Answer;
import io.hindsight.notify.WebhookStandIn.Hook;
import io.hindsight.notify.WebhookStandIn.Received;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.hindsight.notify.Notifications.destination;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slack allows one message per second per incoming webhook. Measured at the stand-in, on the wall
 * clock: messages to one webhook arrive at least the pacing (1 s in tests, as in production) apart,
 * even from several destinations sharing it, and after a 429 not before its Retry-After; another
 * webhook is neither queued behind it nor slowed by a slow answer.
 */
@QuarkusTest
class WebhookPacingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long AT_LEAST_MS = 900;

    @Inject
    TestClock clock;

    SlackStandIn slack;

    @BeforeEach
    void standIn() {
        Notifications.disableEveryDestination();
        slack = SlackStandIn.shared(clock);
    }

    @AfterEach
    void cleanUp() {
        Notifications.disableEveryDestination();
        clock.reset();
    }

    @Test
    void destinationsSharingAWebhookArePacedAsOneAndAnotherWebhookIsNotKeptWaiting() {
        Hook shared = slack.hook();
        Hook other = slack.hook();
        SlackDestination everything = destination("#incidents", shared.url(), EventKey.INCIDENT_DECLARED);
        SlackDestination sev1 = destination("#incidents (SEV1)", shared.url(), EventKey.INCIDENT_DECLARED);
        SlackDestination elsewhere = destination(other, EventKey.INCIDENT_DECLARED);
        List<Long> all = List.of(everything.id, sev1.id, elsewhere.id);
        all.forEach(Notifications::hold);
        Incidents.draftJson().create();
        Incidents.draftJson().create();
        all.forEach(Notifications::release);

        List<Received> toShared = shared.awaitCount(4, WAIT);
        List<Received> toOther = other.awaitCount(2, WAIT);

        List<Long> gaps = gaps(toShared);
        assertTrue(gaps.stream().allMatch(gap -> gap >= AT_LEAST_MS), "arrivals at one webhook must be >= 0.9 s apart, got " + gaps + " ms");
        // The other webhook kept its own pace: both its messages were in before the shared one's third.
        assertTrue(toOther.get(1).wallClock().isBefore(toShared.get(2).wallClock()),
                "the other webhook waited for the shared one: " + toOther + " vs " + toShared);
        assertTrue(gaps(toOther).get(0) >= AT_LEAST_MS, "the other webhook is paced too: " + gaps(toOther));
    }

    @Test
    void aSlowWebhookDoesNotSlowAnother() {
        Hook slow = slack.hook().answer(Answer.slowOk(Duration.ofMillis(1800)));
        Hook fast = slack.hook();
        SlackDestination slowOne = destination(slow, EventKey.INCIDENT_DECLARED);
        SlackDestination fastOne = destination(fast, EventKey.INCIDENT_DECLARED);
        Notifications.hold(slowOne.id);
        Notifications.hold(fastOne.id);
        for (int i = 0; i < 3; i++) {
            Incidents.draftJson().create();
        }
        Notifications.release(slowOne.id);
        Notifications.release(fastOne.id);

        List<Received> fastArrivals = fast.awaitCount(3, WAIT);
        List<Received> slowArrivals = slow.awaitCount(2, WAIT);

        assertTrue(gaps(fastArrivals).stream().allMatch(gap -> gap >= AT_LEAST_MS), "the fast webhook is paced: " + gaps(fastArrivals));
        // The slow webhook answers after 1.8 s (under the 2 s read timeout) and its next message comes a pacing interval
        // after that answer, so its second arrival is >= 2.7 s after its first. Had the relay waited on it, the fast
        // webhook's second message would have come after that answer too; by ordering (not by a time limit) it came first.
        assertTrue(gaps(slowArrivals).get(0) >= 1800 + AT_LEAST_MS, "paced from the answer, got " + gaps(slowArrivals) + " ms");
        assertTrue(fastArrivals.get(1).wallClock().isBefore(slowArrivals.get(1).wallClock()),
                "the fast webhook waited for the slow one's answers: fast " + fastArrivals + " vs slow " + slowArrivals);
    }

    @Test
    void aRetryAfterHoldsEveryDestinationOfTheWebhook() {
        Hook shared = slack.hook().answer(Answer.tooManyRequests(2));
        SlackDestination one = destination("#one", shared.url(), EventKey.INCIDENT_DECLARED);
        SlackDestination two = destination("#two", shared.url(), EventKey.INCIDENT_DECLARED);
        Notifications.hold(one.id);
        Notifications.hold(two.id);
        Incidents.draftJson().create();
        Notifications.release(one.id);
        Notifications.release(two.id);

        List<Received> received = shared.awaitCount(3, WAIT);

        List<Long> gaps = gaps(received);
        assertTrue(gaps.get(0) >= 1900, "nothing reached the webhook within Retry-After (2 s) of the 429, got " + gaps + " ms");
        assertTrue(gaps.get(1) >= AT_LEAST_MS, "and then paced, got " + gaps + " ms");
    }

    private static List<Long> gaps(List<Received> received) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < received.size(); i++) {
            gaps.add(Duration.between(received.get(i - 1).wallClock(), received.get(i).wallClock()).toMillis());
        }
        return gaps;
    }
}
