package io.hindsight.e2e;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.alerting.AlertKind;
import io.hindsight.alerting.AlertSources;
import io.hindsight.incident.Severity;
import io.hindsight.notify.DestinationType;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.notify.OutboxMessage;
import io.hindsight.notify.SlackDestination;
import io.hindsight.notify.SlackDestinations;
import io.hindsight.notify.SlackStandIn;
import io.hindsight.notify.TeamsStandIn;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.awt.Dimension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screenshots of the admin pages in docs/integrations.md, taken from the running portal with realistic data:
 * a Slack and a Teams destination (at local stand-ins), an Alertmanager and a PagerDuty source with deliveries,
 * a GitHub connection, and the preview of a Markdown postmortem. Each page is checked for what a person sees —
 * and that no secret is in it in full — before it is saved at 1366 × 900.
 *
 * <p>The pictures go to {@code target/screenshots}; to refresh the ones in the docs:
 * {@code CI=true ./mvnw test -Dtest=IntegrationScreenshotsBrowserTest -Dscreenshots.dir=$PWD/docs/screenshots}.
 */
@QuarkusTest
class IntegrationScreenshotsBrowserTest {

    private static final int WIDTH = 1366;
    private static final int HEIGHT = 900;
    private static final String PAGERDUTY_SECRET = "pd-signing-secret-7c41e0d9a2b85f36";
    private static final String GITHUB_TOKEN = "github_pat_11ABCDEFG0hindsightbotissuesrw7f3e";
    private static final String GITHUB_WEBHOOK_SECRET = "whsec-5e0b1f2c8a7d4e6f-9d2c";

    private static final String POSTMORTEM = """
            # Checkout returned errors after a certificate expired

            Date: 2026-11-03
            Authors: Payments team

            ## Summary

            For 47 minutes about a third of checkout requests failed with TLS errors: the certificate of the
            internal payments gateway expired, and only the instances that had restarted since picked up the new one.

            ## Impact

            About 1,900 checkouts failed; customers who retried usually succeeded.

            ## Timeline

            All times UTC.

            | Time | Event |
            |---|---|
            | 09:12 | Error rate on checkout rises above 5 %; the SLO alert pages the on-call engineer |
            | 09:20 | On-call finds TLS handshake failures to payments-gateway in the logs |
            | 09:31 | Status page updated: some payments fail |
            | 09:44 | The renewed certificate is rolled out to every gateway instance |
            | 09:59 | Error rate back to normal; incident resolved |

            ## Root cause

            The renewal job wrote the new certificate, but the gateway reads it only at start.

            ## Action items

            | Action | Owner | Due | Priority |
            |---|---|---|---|
            | Reload certificates without a restart | Payments team | 2026-11-20 | P1 |
            | Alert 14 days before any certificate expires | SRE | 2026-11-27 | P2 |
            | Add certificate expiry to the on-call runbook | SRE | 2026-12-04 | P3 |
            """;

    @TestHTTPResource("/")
    URL portal;

    @Inject
    Clock clock;

    @Inject
    SlackDestinations destinations;

    @Inject
    AlertSources alertSources;

    @AfterEach
    void quietChannelsAndTrackers() {
        Notifications.disableEveryDestination();
        PortalClient.browserAs(Role.ADMIN).open("/admin/trackers").submit("/admin/trackers/github/disconnect", Map.of());
    }

    @Test
    void theAdminPagesOfEachIntegrationAsAPersonSeesThem() throws IOException {
        long admin = TestAccounts.of(Role.ADMIN).id();
        List<String> events = Arrays.stream(EventKey.values()).map(EventKey::key).toList();

        AlertSources.Issued alertmanager = alertSources.add(admin, new AlertSources.Form(AlertKind.ALERTMANAGER.name(),
                "Production Alertmanager", Severity.SEV3.name(), "checkout", ""));
        AlertSources.Issued pagerduty = alertSources.add(admin, new AlertSources.Form(AlertKind.PAGERDUTY.name(),
                "PagerDuty — Payments", Severity.SEV2.name(), "payments", PAGERDUTY_SECRET));
        String firing = sample("alertmanager-firing.json", Map.of("FINGERPRINT", "b2f1c9e04d7a6e53",
                "STARTS_AT", clock.instant().minusSeconds(900).toString()));
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + alertmanager.token())
                .body(firing).post(alertmanager.source().inboundPath()).then().statusCode(200);
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + alertmanager.token())
                .body(firing).post(alertmanager.source().inboundPath()).then().statusCode(200);
        String resolved = sample("alertmanager-resolved.json", Map.of("FINGERPRINT", "b2f1c9e04d7a6e53",
                "STARTS_AT", clock.instant().minusSeconds(900).toString(), "ENDS_AT", clock.instant().minusSeconds(60).toString()));
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + alertmanager.token())
                .body(resolved).post(alertmanager.source().inboundPath()).then().statusCode(200);
        String triggered = sample("pagerduty-triggered.json", Map.of("EVENT_ID", UUID.randomUUID().toString(),
                "INCIDENT_ID", "Q2XKJ7R0M5WBTN", "OCCURRED_AT", clock.instant().minusSeconds(300).toString()));
        RestAssured.given().contentType(ContentType.JSON).header("X-PagerDuty-Signature", signature(triggered))
                .body(triggered.getBytes(StandardCharsets.UTF_8)).post(pagerduty.source().inboundPath()).then().statusCode(200);

        // Added after the alerts, so that each destination's only message is the test message sent below.
        String slackUrl = SlackStandIn.shared(clock).hook().url();
        String teamsUrl = TeamsStandIn.shared(clock).hook().url();
        SlackDestination slack = destinations.add(admin, new SlackDestinations.Form("#incidents", slackUrl, events));
        SlackDestination teams = destinations.add(admin, new SlackDestinations.Form("Incidents channel in Teams", teamsUrl,
                events.stream().filter(e -> !e.contains("digest")).toList(), DestinationType.TEAMS.key()));

        Path upload = Files.createTempDirectory("hindsight-import-");
        Path postmortem = upload.resolve("checkout-certificate-2026-11-03.md");
        Files.writeString(postmortem, POSTMORTEM);
        Path dir = Files.createDirectories(Path.of(System.getProperty("screenshots.dir", "target/screenshots")));

        TestAccounts.Account account = TestAccounts.of(Role.ADMIN);
        try (Browser browser = Browser.open(portal.toString())) {
            browser.go("/");
            browser.waitForPath("/login");
            browser.signInHere(account.email(), account.password());
            browser.viewport(WIDTH, HEIGHT);

            // Chat destinations, each with a test message delivered.
            browser.go("/admin/integrations");
            for (SlackDestination destination : List.of(slack, teams)) {
                browser.find(By.cssSelector("form[action='/admin/integrations/" + destination.id + "/test'] button")).click();
                SlackStandIn.await(() -> !Notifications.rows(destination.id).isEmpty(), Duration.ofSeconds(10),
                        () -> "no test message queued for " + destination.name);
                Notifications.awaitStatus(Notifications.onlyRow(destination.id).id, OutboxMessage.Status.DELIVERED,
                        Duration.ofSeconds(30));
            }
            browser.go("/admin/integrations");
            browser.waitForText(By.id("destination-" + teams.id), "Delivered");
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Integrations");
            assertThat(browser.find(By.id("destination-" + slack.id)).getText()).contains("#incidents", "Slack", slackUrl.substring(slackUrl.length() - 4));
            assertThat(browser.find(By.id("destination-" + teams.id)).getText()).contains("Incidents channel in Teams", "Teams");
            assertNoneInFull(browser, slackUrl.substring(slackUrl.indexOf("/services/")), teamsUrl.substring(teamsUrl.indexOf("sig=")));
            save(browser, dir, "integrations-chat");

            // Alert sources, and one source with its deliveries.
            browser.go("/admin/integrations/alerts");
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Alert sources");
            assertThat(browser.text()).contains("Production Alertmanager", "Prometheus Alertmanager", "PagerDuty — Payments",
                    "PagerDuty (v3 webhooks)");
            assertNoneInFull(browser, alertmanager.token(), PAGERDUTY_SECRET);
            save(browser, dir, "alert-sources");

            browser.go("/admin/integrations/alerts/" + alertmanager.source().id);
            browser.waitForText(By.tagName("h2"), "Last deliveries");
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Production Alertmanager");
            assertThat(browser.text()).contains(alertmanager.source().inboundPath());
            assertThat(browser.text()).contains("Opened an incident", "Already known", "Resolved");
            assertNoneInFull(browser, alertmanager.token());
            save(browser, dir, "alert-source-deliveries");

            // GitHub connected through the Trackers form.
            browser.go("/admin/trackers");
            browser.find(By.id("github-apiBaseUrl")).clear();
            browser.find(By.id("github-apiBaseUrl")).sendKeys("https://api.github.com");
            browser.find(By.id("github-project")).clear();
            browser.find(By.id("github-project")).sendKeys("acme/platform");
            browser.find(By.id("github-token")).sendKeys(GITHUB_TOKEN);
            browser.find(By.id("github-webhookSecret")).sendKeys(GITHUB_WEBHOOK_SECRET);
            browser.find(By.cssSelector("form[action='/admin/trackers/github'] button[type=submit]")).click();
            browser.waitForText(By.tagName("body"), "Connected GitHub");
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Issue trackers");
            assertThat(browser.text()).contains("GitHub Issues", "acme/platform", "••••7f3e", "/api/v1/trackers/github/webhook");
            assertNoneInFull(browser, GITHUB_TOKEN, GITHUB_TOKEN.substring(0, 16), GITHUB_WEBHOOK_SECRET);
            save(browser, dir, "trackers-github");

            // The preview of a Markdown postmortem written elsewhere.
            browser.go("/import");
            browser.find(By.id("import-files")).sendKeys(postmortem.toAbsolutePath().toString());
            browser.find(By.cssSelector("form[action='/import/preview'] button[type=submit]")).click();
            browser.waitForText(By.tagName("h1"), "Import preview");
            assertThat(browser.text()).contains("checkout-certificate-2026-11-03.md", "written elsewhere",
                    "Checkout returned errors after a certificate expired", "5 timeline entries", "3 action items",
                    "Root cause → Learn");
            save(browser, dir, "import-preview");
        } finally {
            Files.deleteIfExists(postmortem);
            Files.deleteIfExists(upload);
        }
    }

    /** Neither the page nor its source holds any of {@code secrets}. */
    private static void assertNoneInFull(Browser browser, String... secrets) {
        String source = browser.driver().getPageSource();
        for (String secret : secrets) {
            assertThat(source).as("the page " + browser.path()).doesNotContain(secret);
        }
    }

    /** Saves what the window shows as {@code name}.png, at 1366 × 900. */
    private static void save(Browser browser, Path dir, String name) {
        assertThat(browser.screenshotInto(dir, name)).as(name + " size").isEqualTo(new Dimension(WIDTH, HEIGHT));
    }

    private static String sample(String name, Map<String, String> values) {
        try (InputStream in = IntegrationScreenshotsBrowserTest.class.getResourceAsStream("/alerts/" + name)) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> value : values.entrySet()) {
                body = body.replace(value.getKey(), value.getValue());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PagerDuty's {@code v1=} signature of a body, computed here independently of the portal. */
    private static String signature(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(PAGERDUTY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
