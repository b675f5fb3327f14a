package io.hindsight.settings;

import io.agroal.api.AgroalDataSource;
import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.TestPublicAddress;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.notify.SlackStandIn;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.postmortem.Postmortems;
import io.hindsight.web.PublicUrl;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public address every outside link starts with: recorded from the first admin's setup,
 * changed by admins on Admin → Settings (audited, validated), used by share links and Slack
 * messages, and a dashboard warning while it is a loopback address.
 */
@QuarkusTest
class PublicAddressTest {

    private static final Pattern SHARE_URL = Pattern.compile("<code class=\"token-value\">(https?://[^<]+/share/[A-Za-z0-9_-]+)</code>");

    @Inject
    PublicUrl publicUrl;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EntityManager entityManager;

    @Inject
    TestClock clock;

    @Inject
    PostmortemService postmortems;

    @AfterEach
    void putTheTestAddressBack() {
        TestPublicAddress.reset(publicUrl);
        Notifications.disableEveryDestination();
    }

    @Test
    void theFirstAdminsSetupRecordsTheAddressTheyUsed() throws Exception {
        for (Role role : Role.values()) {
            TestAccounts.of(role);
            PortalClient.accessToken(role);
        }
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        Path archive = Files.createTempFile("public-address-", ".zip");
        Files.write(archive, admin.open("/admin/backup").submit("/admin/backup/download", Map.of()).asByteArray());
        try {
            truncateAccounts();
            PortalClient first = PortalClient.anonymous().header("Host", "hindsight.example.org:8443");
            var setup = first.open("/setup");
            Response created = setup.submit("/setup", Map.of("email", "first.admin@example.org", "name", "First Admin",
                    "password", "lanterns over a quiet harbour"));
            assertEquals(303, created.statusCode(), created.asString());

            publicUrl.forget();
            assertEquals("http://hindsight.example.org:8443", publicUrl.recorded().orElseThrow());
            assertEquals("http://hindsight.example.org:8443", publicUrl.base());
            String settings = first.get("/admin/settings").asString();
            assertTrue(settings.contains("<code class=\"public-address\">http://hindsight.example.org:8443</code>"), settings);
            assertFalse(first.get("/").asString().contains("public-address-warning"), "not a loopback address");
        } finally {
            truncateAccounts();
            PortalClient restorer = PortalClient.anonymous();
            var page = restorer.open("/setup");
            Response restored = restorer.request().multiPart("csrf-token", page.csrfToken())
                    .multiPart("archive", archive.toFile(), "application/zip").post("/setup/restore");
            assertEquals(200, restored.statusCode(), restored.asString());
            publicUrl.forget();
            Files.deleteIfExists(archive);
        }
    }

    @Test
    void anAdminChangesTheAddressAndShareLinksAndMessagesFollowIt() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        var page = admin.open("/admin/settings");
        assertTrue(page.html().contains("https://hindsight.test.example"), page.html());

        for (String wrong : List.of("hindsight.example.com", "ftp://files.example.com", "javascript:alert(1)",
                "https://user:pw@example.com", "https://example.com/?x=1", "")) {
            Response refused = page.submit("/admin/settings/public-address", Map.of("publicAddress", wrong));
            assertEquals(400, refused.statusCode(), wrong);
            assertTrue(Html.fieldError(refused.asString(), "publicAddress").orElse("").contains("https://"), refused.asString());
            publicUrl.forget();
            assertEquals(TestPublicAddress.ADDRESS, publicUrl.base(), "nothing changed for " + wrong);
        }

        Response saved = page.submit("/admin/settings/public-address", Map.of("publicAddress", "https://Portal.Example.com/hindsight/"));
        assertEquals(303, saved.statusCode(), saved.asString());
        assertEquals("https://portal.example.com/hindsight", publicUrl.base());
        String detail = (String) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "SELECT detail FROM audit_event WHERE action = 'settings.public-address' ORDER BY id DESC LIMIT 1").getSingleResult());
        assertEquals(TestPublicAddress.ADDRESS + " → https://portal.example.com/hindsight", detail);

        // A share link made now starts there.
        long incidentId = Incidents.draftJson().create();
        Postmortems.put(incidentId, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> postmortems.recordPublished(incidentId, Instant.now()));
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        Response share = editor.open("/incidents/" + incidentId + "/postmortem/share")
                .submit("/incidents/" + incidentId + "/postmortem/share", Map.of());
        Matcher url = SHARE_URL.matcher(share.asString());
        assertTrue(url.find(), share.asString());
        assertTrue(url.group(1).startsWith("https://portal.example.com/hindsight/share/"), url.group(1));

        // And so does a Slack message.
        SlackStandIn.Hook hook = SlackStandIn.shared(clock).hook();
        Notifications.destination(hook, EventKey.INCIDENT_DECLARED);
        long declared = Incidents.draftJson().create();
        String message = hook.awaitCount(1, Duration.ofSeconds(15)).get(0).body();
        assertTrue(message.contains("https://portal.example.com/hindsight/incidents/" + declared), message);
        assertFalse(message.contains("localhost"), message);
    }

    @Test
    void adminsAreWarnedOnTheDashboardWhileLinksPointAtThisMachine() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        for (String loopback : List.of("http://localhost:8080", "http://127.0.0.1:8080", "http://127.8.9.10", "http://[::1]:8080")) {
            publicUrl.record(loopback);
            String dashboard = admin.get("/").asString();
            assertTrue(dashboard.contains("id=\"public-address-warning\""), loopback + ": " + dashboard);
            assertTrue(dashboard.contains("href=\"/admin/settings#public-address\""), dashboard);
            assertFalse(viewer.get("/").asString().contains("public-address-warning"), "only admins can change it");
        }
        for (String reachable : List.of("https://hindsight.test.example", "http://10.0.0.5:8080", "https://localhost.example.com")) {
            publicUrl.record(reachable);
            assertFalse(admin.get("/").asString().contains("public-address-warning"), reachable);
        }
    }

    @Test
    void viewersAndEditorsCannotSeeOrChangeTheSetting() {
        for (Role role : List.of(Role.VIEWER, Role.EDITOR)) {
            PortalClient person = PortalClient.browserAs(role);
            assertEquals(403, person.get("/admin/settings").statusCode(), role.name());
            String csrf = person.open("/account/password").csrfToken();
            Response post = person.postForm("/admin/settings/public-address",
                    Map.of("publicAddress", "https://evil.example", "csrf-token", csrf));
            assertEquals(403, post.statusCode(), role.name());
            publicUrl.forget();
            assertEquals(TestPublicAddress.ADDRESS, publicUrl.base());
        }
    }

    private void truncateAccounts() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE app_user CASCADE");
        }
    }
}
