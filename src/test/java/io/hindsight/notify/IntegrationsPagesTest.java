package io.hindsight.notify;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.WebhookStandIn.Answer;
import io.hindsight.notify.WebhookStandIn.Hook;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.hindsight.notify.Notifications.awaitStatus;
import static io.hindsight.notify.Notifications.onlyRow;
import static io.hindsight.notify.Notifications.rows;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admin → Integrations and Admin → Deliveries as an admin uses them: adding a webhook (validated,
 * then only ever shown masked, and never logged: SECURITY F26), choosing events, switching it off
 * and on, the test message, and replaying a failed delivery. Only admins get in.
 */
@QuarkusTest
class IntegrationsPagesTest {

    private static final String PAGE = "/admin/integrations";
    private static final String DELIVERIES = "/admin/deliveries";
    private static final Duration WAIT = Duration.ofSeconds(15);

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
    void anAdminAddsAWebhookAndOnlyEverSeesItMasked() {
        Hook hook = slack.hook();
        String secret = hook.url().substring(hook.url().lastIndexOf('/') + 1);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String name = "#incidents-" + Incidents.shortId();

        Response added = admin.open(PAGE).submit(PAGE, form(name, hook.url(), "incident-declared", "status-changed"));

        assertEquals(303, added.statusCode(), added::asString);
        assertEquals(PAGE, PortalClient.location(added));
        String page = admin.follow(added).asString();
        String masked = "http://127.0.0.1:" + slack.port() + "/…/" + secret.substring(secret.length() - 4);
        assertAll(
                () -> assertTrue(Html.flash(page).orElse("").startsWith("Added " + name), page),
                () -> assertTrue(page.contains(masked), "masked as scheme, host and last four: " + masked),
                () -> assertFalse(page.contains(secret), "the full address is never shown again"),
                () -> assertFalse(page.contains(secret.substring(0, 12)), "not even in part"));
        SlackDestination saved = destinationNamed(name);
        assertEquals(hook.url(), saved.webhookUrl, "stored as typed");
        assertEquals(List.of("incident-declared", "status-changed"), saved.events);
    }

    @Test
    void theFormSaysWhatIsWrongNextToTheField() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        Map<String, String> badUrls = new LinkedHashMap<>();
        badUrls.put("", "Paste the whole webhook address");
        badUrls.put("hooks.slack.com/services/T0/B0/x", "must start with https://");
        badUrls.put("/services/T0/B0/x", "must start with https://");
        badUrls.put("ftp://hooks.slack.com/services/x", "must start with https://");
        badUrls.put("javascript:alert(1)", "must start with https://");
        badUrls.put("https://hooks.slack.com/services/a b", "not a valid address");
        badUrls.put("https://user:pw@chat.example.com/hooks/x", "user name and password");
        badUrls.put("https:///services/x", "needs a host name");
        for (Map.Entry<String, String> bad : badUrls.entrySet()) {
            String name = "#bad-" + Incidents.shortId();
            Response refused = admin.open(PAGE).submit(PAGE, form(name, bad.getKey(), "incident-declared"));
            String html = refused.asString();
            assertEquals(400, refused.statusCode(), bad.getKey());
            assertTrue(Html.fieldError(html, "webhookUrl").orElse("").contains(bad.getValue()),
                    bad.getKey() + " → " + Html.fieldError(html, "webhookUrl"));
            assertEquals(name, Html.inputValue(html, "name").orElse(""), "what was typed is kept");
            assertEquals(0L, countNamed(name), "nothing saved");
        }

        Response noNameNoEvents = admin.open(PAGE).submit(PAGE, form(" ", "https://hooks.slack.com/services/T0/B0/abc"));
        String html = noNameNoEvents.asString();
        assertEquals(400, noNameNoEvents.statusCode());
        assertTrue(Html.fieldError(html, "name").isPresent(), html);
        assertEquals("Choose at least one event to send.", Html.fieldError(html, "events").orElse(""));

        Response unknownEvent = admin.open(PAGE).submit(PAGE, form("#x", "https://hooks.slack.com/services/T0/B0/abc", "everything"));
        assertEquals(400, unknownEvent.statusCode());
        assertEquals("Choose events from the list.", Html.fieldError(unknownEvent.asString(), "events").orElse(""));
    }

    @Test
    void slackCompatibleWebhooksOfOtherChatsAreAccepted() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        for (String url : List.of("https://hooks.slack.com/services/T000/B000/XXXXXXXX",
                "https://mattermost.example.com/hooks/xoq7b3p1fjdu5kyq3yfz7w1g4c",
                "http://rocket.internal:3000/hooks/5f4dcc3b5aa765d6/qwerty1234")) {
            String name = "#ok-" + Incidents.shortId();
            Response added = admin.open(PAGE).submit(PAGE, form(name, url, "daily-digest"));
            assertEquals(303, added.statusCode(), () -> url + ": " + Html.fieldError(added.asString(), "webhookUrl"));
            assertEquals(1L, countNamed(name));
        }
        String page = admin.get(PAGE).asString();
        assertTrue(page.contains("https://hooks.slack.com/…/XXXX"), page);
        assertTrue(page.contains("https://mattermost.example.com/…/1g4c"));
        assertTrue(page.contains("http://rocket.internal:3000/…/1234"));
    }

    @Test
    void onlyAdminsManageIntegrationsAndDeliveries() {
        SlackDestination destination = Notifications.destination(slack.hook(), EventKey.INCIDENT_DECLARED);
        for (Role role : List.of(Role.EDITOR, Role.VIEWER)) {
            PortalClient browser = PortalClient.browserAs(role);
            assertEquals(403, browser.get(PAGE).statusCode(), role + " opens integrations");
            assertEquals(403, browser.get(DELIVERIES).statusCode(), role + " opens deliveries");
            // A valid CSRF token from a page they may open, so only the role stops them.
            PortalClient.FormPage any = browser.open("/account/password");
            assertEquals(403, any.submit(PAGE, form("#sneaky", "https://hooks.slack.com/services/T/B/x", "incident-declared")).statusCode());
            assertEquals(403, any.submit(PAGE + "/" + destination.id + "/test", Map.of()).statusCode());
            assertEquals(403, any.submit(PAGE + "/" + destination.id + "/disable", Map.of()).statusCode());
            assertEquals(403, any.submit(DELIVERIES + "/1/replay", Map.of()).statusCode());
        }
        assertEquals(0L, countNamed("#sneaky"));
        assertEquals(0, rows(destination.id).size(), "no test message was queued");
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        assertTrue(admin.get("/").asString().contains("href=\"/admin/users\""), "admins see Admin in the top bar");
        assertTrue(admin.get("/admin/users").asString().contains("href=\"/admin/integrations\""), "and Integrations under Admin");
        assertFalse(PortalClient.browserAs(Role.EDITOR).get("/").asString().contains("href=\"/admin/integrations\""));
    }

    @Test
    void theTestMessageIsQueuedAtOnceAndItsResultShowsWhenDelivered() throws Exception {
        Hook hook = slack.hook();
        SlackDestination destination = Notifications.destination(hook, EventKey.DAILY_DIGEST);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);

        Response queued = admin.open(PAGE).submit(PAGE + "/" + destination.id + "/test", Map.of());

        assertEquals(303, queued.statusCode());
        String page = admin.follow(queued).asString();
        assertTrue(Html.flash(page).orElse("").contains("queued for " + destination.name), page);
        String body = hook.awaitCount(1, WAIT).get(0).body();
        assertTrue(body.contains("Hindsight is connected"), body);
        awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.DELIVERED, WAIT);
        String after = admin.get(PAGE).asString();
        String row = after.substring(after.indexOf("id=\"destination-" + destination.id + "\""));
        assertTrue(row.substring(0, row.indexOf("</tr>")).contains("status-delivered\">Delivered</span> Test message"), row);
    }

    @Test
    void aTestMessageThatFailsShowsWhy() {
        Hook hook = slack.hook().answer(Answer.status(404, "channel_not_found"));
        SlackDestination destination = Notifications.destination(hook, EventKey.DAILY_DIGEST);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);

        admin.open(PAGE).submit(PAGE + "/" + destination.id + "/test", Map.of());
        awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.FAILED, WAIT);

        String page = admin.get(PAGE).asString();
        assertTrue(page.contains("status-failed\">Failed</span> Test message"), page);
        assertTrue(page.contains("HTTP 404: channel_not_found"));
    }

    @Test
    void aDisabledDestinationGetsNothingUntilEnabledAgain() {
        Hook hook = slack.hook();
        SlackDestination destination = Notifications.destination(hook, EventKey.INCIDENT_DECLARED);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);

        Response disabled = admin.open(PAGE).submit(PAGE + "/" + destination.id + "/disable", Map.of());
        assertEquals(303, disabled.statusCode());
        assertTrue(admin.follow(disabled).asString().contains("Disabled since"));
        Incidents.draftJson().create();
        assertEquals(0, rows(destination.id).size());
        Response refusedTest = admin.open(PAGE).submit(PAGE + "/" + destination.id + "/test", Map.of());
        assertTrue(Html.flash(admin.follow(refusedTest).asString()).orElse("").startsWith("Enable "));
        assertEquals(0, rows(destination.id).size());

        assertEquals(303, admin.open(PAGE).submit(PAGE + "/" + destination.id + "/enable", Map.of()).statusCode());
        Incidents.draftJson().create();
        assertEquals(1, rows(destination.id).size());
    }

    @Test
    void eventsCanBeChangedLater() {
        SlackDestination destination = Notifications.destination(slack.hook(), EventKey.INCIDENT_DECLARED);
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        PortalClient.FormPage page = admin.open(PAGE);

        Response changed = page.browser().postForm(PAGE + "/" + destination.id + "/events",
                Map.of(PortalClient.CSRF_FIELD, page.csrfToken(), "events", "daily-digest"));
        assertEquals(303, changed.statusCode());
        assertEquals(List.of("daily-digest"), destinationNamed(destination.name).events);

        Response none = admin.open(PAGE).submit(PAGE + "/" + destination.id + "/events", Map.of());
        assertEquals(400, none.statusCode());
        assertEquals("Choose at least one event to send.", Html.fieldError(none.asString(), "events-" + destination.id).orElse(""));
        assertEquals(List.of("daily-digest"), destinationNamed(destination.name).events, "unchanged");
    }

    @Test
    void aFailedDeliveryIsListedWithItsReasonAndCanBeReplayed() {
        Hook hook = slack.hook().answer(Answer.status(400, "invalid_payload"));
        SlackDestination destination = Notifications.destination(hook, EventKey.INCIDENT_DECLARED);
        Incidents.draftJson().create();
        long id = awaitStatus(onlyRow(destination.id).id, OutboxMessage.Status.FAILED, WAIT).id;
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);

        String failed = admin.get(DELIVERIES + "?status=failed").asString();
        String row = failed.substring(failed.indexOf("id=\"delivery-" + id + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertTrue(row.contains("HTTP 400: invalid_payload"), row);
        assertTrue(row.contains(">Replay</button>"), row);
        assertTrue(row.contains(destination.name));
        assertFalse(failed.contains(hook.url().substring(hook.url().lastIndexOf('/') + 1)), "no webhook address on the page");

        Response replayed = admin.open(DELIVERIES + "?status=failed").submit(DELIVERIES + "/" + id + "/replay", Map.of("status", "failed"));
        assertEquals(303, replayed.statusCode());
        assertEquals(DELIVERIES + "?status=failed", PortalClient.location(replayed));
        assertTrue(Html.flash(admin.follow(replayed).asString()).orElse("").contains("queued again"));

        OutboxMessage delivered = awaitStatus(id, OutboxMessage.Status.DELIVERED, WAIT);
        assertEquals(2, delivered.attempts, "attempts are kept across a replay");
        assertEquals(2, hook.count());
        String all = admin.get(DELIVERIES + "?status=delivered").asString();
        assertTrue(all.contains("id=\"delivery-" + id + "\""));

        Response again = admin.open(DELIVERIES).submit(DELIVERIES + "/" + id + "/replay", Map.of());
        assertTrue(Html.flash(admin.follow(again).asString()).orElse("").contains("nothing to replay"));
        assertEquals(2, hook.count(), "a delivered message is not sent again");
    }

    @Test
    void theWebhookAddressNeverReachesTheLog() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            Hook refusing = slack.hook().answer(Answer.status(400, "invalid_payload"));
            Hook flaky = slack.hook().answer(Answer.status(500, "oops"));
            String unreachable = "http://127.0.0.1:" + SlackStandIn.closedPort() + "/services/T0/B0/unreachablesecret";
            PortalClient admin = PortalClient.browserAs(Role.ADMIN);
            for (String url : List.of(refusing.url(), flaky.url(), unreachable)) {
                assertEquals(303, admin.open(PAGE).submit(PAGE, form("#log-" + Incidents.shortId(), url, "incident-declared")).statusCode());
            }
            Incidents.draftJson().create();
            long unreachableId = destinationByUrl(unreachable);
            Notifications.awaitAttempts(onlyRow(unreachableId).id, 2, WAIT);
            refusing.awaitCount(1, WAIT);
            flaky.awaitCount(2, WAIT);

            assertTrue(lines.stream().anyMatch(l -> l.contains("invalid_payload")), "the relay did log: " + lines);
            for (String secret : List.of(last(refusing.url()), last(flaky.url()), "unreachablesecret")) {
                assertTrue(lines.stream().noneMatch(l -> l.contains(secret)), "logged a webhook address: " + lines);
            }
        } finally {
            root.removeHandler(capture);
        }
    }

    /** The add form; the ticked events go as a repeated field, as checkboxes do. */
    private static Map<String, Object> form(String name, String url, String... events) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("webhookUrl", url);
        if (events.length > 0) {
            fields.put("events", List.of(events));
        }
        return fields;
    }

    private static String last(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static long countNamed(String name) {
        return QuarkusTransaction.requiringNew().call(() -> SlackDestination.count("name", name));
    }

    private static SlackDestination destinationNamed(String name) {
        return QuarkusTransaction.requiringNew().call(() -> SlackDestination.<SlackDestination>find("name", name).singleResult());
    }

    private static long destinationByUrl(String url) {
        return QuarkusTransaction.requiringNew().call(() -> SlackDestination.<SlackDestination>find("webhookUrl", url).singleResult().id);
    }
}
