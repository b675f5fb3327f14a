package io.hindsight.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.notify.OutboxMessage;
import io.hindsight.notify.OutboxRelay;
import io.hindsight.notify.SlackDestination;
import io.hindsight.notify.SlackStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Sharing a postmortem, in a real browser: an admin connects a Slack channel (the stand-in) to
 * "Postmortem published" on Admin → Integrations; an editor writes the postmortem, the admin approves
 * and publishes it; the channel gets exactly one message about it; then the admin downloads the
 * Markdown report from the postmortem page, and finally switches the destination off again.
 */
@QuarkusTest
class ShareBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL portal;

    @Inject
    TestClock clock;

    @Inject
    OutboxRelay relay;

    SlackStandIn slack;

    @BeforeEach
    void standIn() {
        Notifications.disableEveryDestination();
        slack = SlackStandIn.shared(clock);
    }

    @AfterEach
    void cleanUp() {
        // The test disables its destination in the browser; this is the safety net if it failed before that.
        Notifications.disableEveryDestination();
    }

    @Test
    void publishingAnnouncesItInSlackAndTheReportDownloadsAsMarkdown() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String title = "Production site pointed at an empty database " + suffix;
        String channel = "#postmortems-" + suffix;
        SlackStandIn.Hook hook = slack.hook();
        TestAccounts.Account editor = TestAccounts.of(Role.EDITOR);
        TestAccounts.Account admin = TestAccounts.of(Role.ADMIN);
        Path downloads = Files.createDirectories(Path.of("target", "downloads", "share-" + suffix)).toAbsolutePath();

        try (Browser browser = Browser.open(portal.toString())) {
            // Admin → Integrations: a destination for "Postmortem published" only.
            Retrospective retrospective = new Retrospective(browser).signInOn("/admin/integrations", admin)
                    .addSlackDestination(channel, hook.url(), EventKey.POSTMORTEM_PUBLISHED);
            SlackDestination destination = destinationNamed(channel);
            assertThat(destination.events).containsExactly(EventKey.POSTMORTEM_PUBLISHED.key());
            assertThat(destination.webhookUrl).isEqualTo(hook.url());
            WebElement row = browser.find(By.id("destination-" + destination.id));
            assertThat(row.findElements(By.cssSelector(".chips .chip")).stream().map(WebElement::getText).toList())
                    .containsExactly(EventKey.POSTMORTEM_PUBLISHED.key());
            assertThat(row.getText()).contains("Enabled").doesNotContain(hook.url());
            browser.screenshot("share-integrations");
            retrospective.signOut();

            // The editor records the incident and writes the postmortem.
            retrospective.signInOn("/incidents/new", editor)
                    .declareIncident(title)
                    .openPostmortem()
                    .startFromSuggestedTemplate()
                    .writePostmortem(Retrospective.BLAMELESS_LEARN)
                    .addActionItem()
                    .openReview();
            String incident = retrospective.incident();
            long incidentId = retrospective.incidentId();
            assertThat(browser.driver().findElements(By.cssSelector(".finding"))).isEmpty();
            retrospective.sendForReview(admin)
                    .signOut();

            // Nothing so far is what the channel asked for.
            assertThat(outboxRows(destination.id)).as("no message before publishing").isEmpty();

            // The admin approves and publishes.
            retrospective.signInHere(admin)
                    .approveAndPublish();
            browser.screenshot("share-published");

            // Slack hears about it once.
            awaitDelivered(hook, destination.id);
            for (int i = 0; i < 3; i++) {
                relay.relayOnce();
            }
            List<SlackStandIn.Received> received = hook.received();
            assertThat(received).as("messages the channel received").hasSize(1);
            List<OutboxMessage> rows = outboxRows(destination.id);
            assertThat(rows).extracting(m -> m.eventKey).containsExactly(EventKey.POSTMORTEM_PUBLISHED.key());
            assertThat(rows.get(0).status).isEqualTo(OutboxMessage.Status.DELIVERED);
            assertThat(rows.get(0).attempts).isEqualTo(1);
            JsonNode json = received.get(0).json();
            assertThat(received.get(0).contentType()).startsWith("application/json");
            assertThat(json.path("text").isTextual()).as("text in " + json).isTrue();
            assertThat(json.path("text").asText()).contains(title);
            assertThat(json.path("blocks").isArray()).as("blocks in " + json).isTrue();
            assertThat(json.path("blocks")).isNotEmpty();
            assertThat(json.path("blocks").get(0).path("text").path("text").asText())
                    .isEqualTo("Postmortem published: " + title);
            assertThat(json.toString())
                    .contains("Tested backups are the cheapest rescue.")
                    .contains("https://hindsight.test.example/incidents/" + incidentId + "/postmortem\"");

            // Download Markdown from the postmortem page: a real download into a folder of ours...
            browser.downloadInto(downloads);
            browser.go(incident + "/postmortem");
            browser.waitForText(By.tagName("h1"), title);
            browser.screenshot("share-postmortem");
            WebElement download = browser.find(By.linkText("Download Markdown"));
            String href = download.getAttribute("href");
            String fileName = incidentId + "-production-site-pointed-at-an-empty-database-" + suffix + ".md";
            assertThat(href).endsWith("/incidents/" + incidentId + "/export.md");
            download.click();
            Path file = Browser.awaitDownload(downloads, fileName);
            String downloaded = Files.readString(file, StandardCharsets.UTF_8);
            assertThat(downloaded).startsWith("---\n").contains(title).contains("Tested backups are the cheapest rescue.");

            // ...and the same link fetched with the browser's cookies, for what the headers say.
            Map<String, String> cookies = new LinkedHashMap<>();
            for (Cookie cookie : browser.driver().manage().getCookies()) {
                cookies.put(cookie.getName(), cookie.getValue());
            }
            Response response = RestAssured.given().redirects().follow(false).cookies(cookies).get(href);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.contentType()).startsWith("text/markdown");
            assertThat(response.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + fileName + "\"");
            String body = response.asString();
            assertThat(body).startsWith("---\n").contains(title).isEqualTo(downloaded);
            Response anonymous = RestAssured.given().redirects().follow(false).get(href);
            assertThat(anonymous.statusCode()).as("without the session").isNotEqualTo(200);

            // Switch the destination off again, on the page.
            browser.go("/admin/integrations");
            browser.find(By.cssSelector("#destination-" + destination.id + " form[action$='/disable'] button[type=submit]")).click();
            browser.waitForText(By.cssSelector(".flash"), channel + " is disabled");
            assertThat(browser.find(By.id("destination-" + destination.id)).getText()).contains("Disabled since");
            assertThat(destinationNamed(channel).disabledAt).isNotNull();
            browser.screenshot("share-destination-disabled");
        }
    }

    /** Waits (bounded) until the message reached the stand-in and its row says delivered, relaying directly too. */
    private void awaitDelivered(SlackStandIn.Hook hook, long destinationId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<OutboxMessage> rows = outboxRows(destinationId);
            if (hook.count() >= 1 && !rows.isEmpty() && rows.stream().allMatch(m -> m.status != OutboxMessage.Status.PENDING)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + WAIT.toSeconds() + " s for the postmortem-published message: stand-in got "
                        + hook.count() + ", outbox " + rows.stream().map(m -> m.eventKey + "=" + m.status + "/" + m.lastError).toList());
            }
            relay.relayOnce();
            sleep(100);
        }
    }

    private static SlackDestination destinationNamed(String name) {
        return QuarkusTransaction.requiringNew().call(() -> SlackDestination.<SlackDestination>find("name", name).singleResult());
    }

    private static List<OutboxMessage> outboxRows(long destinationId) {
        return Notifications.rows(destinationId);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
