package io.hindsight.audit;

import io.hindsight.Addresses;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.AccountService;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.apitoken.ApiTokenService;
import io.hindsight.apitoken.Scope;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.notify.Outbox;
import io.hindsight.notify.SlackDestination;
import io.hindsight.notify.SlackDestinations;
import io.hindsight.notify.SlackStandIn;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log: who did what to whom, from where, for the security-relevant things the portal
 * records today (signing in and its failures and lockouts, account changes, personal access tokens,
 * Slack destinations). An event lands with its change; a failed sign-in lands even though nothing
 * else does. Each test reads only the rows of its own subject, as the log is shared by the whole run.
 */
@QuarkusTest
class AuditTrailTest {

    private static final String NEW_PASSWORD = "granite lanterns over a still harbour";

    @Inject
    Audit audit;

    @Inject
    AccountService accounts;

    @Inject
    ApiTokenService tokens;

    @Inject
    SlackDestinations destinations;

    @Inject
    Outbox outbox;

    @Inject
    TestClock clock;

    @BeforeEach
    void someoneExists() {
        // While nobody exists, /login sends to the one-time setup instead.
        TestAccounts.of(Role.VIEWER);
    }

    @AfterEach
    void quietDestinations() {
        Notifications.disableEveryDestination();
    }

    // --- Signing in ------------------------------------------------------------------------------

    @Test
    void aSignInIsRecordedWithWhoAndFromWhere() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String address = Addresses.unique();

        PortalClient.anonymous().from(address).signIn(account);

        AuditEvent event = only(events(AuditSubject.email(account.email())));
        assertAll(
                () -> assertEquals("login.succeeded", event.action),
                () -> assertEquals(account.id(), event.actorId),
                () -> assertEquals(address, event.ip),
                () -> assertTrue(event.occurredAt != null));
    }

    @Test
    void aFailedSignInSaysWhyWithoutTellingThePersonTrying() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        TestAccounts.Account disabled = TestAccounts.freshDisabled(Role.EDITOR);
        String unknown = "nobody-" + Incidents.shortId() + "@test.hindsight.example";
        String address = Addresses.unique();

        assertEquals(401, attempt(address, account.email(), "not the right password"));
        assertEquals(401, attempt(address, unknown, "not the right password"));
        assertEquals(401, attempt(address, disabled.email(), disabled.password()));

        AuditEvent wrongPassword = only(events(AuditSubject.email(account.email())));
        AuditEvent nobody = only(events(AuditSubject.email(unknown)));
        AuditEvent inactive = only(events(AuditSubject.email(disabled.email())));
        assertAll(
                () -> assertEquals("login.failed", wrongPassword.action),
                () -> assertEquals("wrong password", wrongPassword.detail),
                () -> assertEquals(account.id(), wrongPassword.actorId),
                () -> assertEquals(address, wrongPassword.ip),
                () -> assertEquals("login.failed", nobody.action),
                () -> assertEquals("unknown account", nobody.detail),
                () -> assertNull(nobody.actorId, "nobody to name"),
                () -> assertEquals("login.failed", inactive.action),
                () -> assertEquals("account disabled", inactive.detail),
                () -> assertEquals(disabled.id(), inactive.actorId));
    }

    @Test
    void aLockoutIsRecordedOnceAndRefusedAttemptsAddNothing() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String address = Addresses.unique();
        for (int i = 1; i <= 5; i++) {
            assertEquals(401, attempt(address, account.email(), "guess number " + i + " is wrong"));
        }

        assertEquals(429, attempt(address, account.email(), account.password()));
        assertEquals(429, attempt(address, account.email(), "another guess"));

        List<AuditEvent> events = events(AuditSubject.email(account.email()));
        assertEquals(List.of("login.failed", "login.failed", "login.failed", "login.failed", "login.failed",
                "login.lockout"), actions(events));
        assertTrue(events.get(5).detail.startsWith("locked until "), events.get(5).detail);
        assertTrue(events.stream().allMatch(e -> address.equals(e.ip)), "every row names the address");
    }

    // --- Accounts --------------------------------------------------------------------------------

    @Test
    void accountChangesNameTheAdminWhoMadeThem() {
        long admin = TestAccounts.of(Role.ADMIN).id();
        String email = "audited-" + Incidents.shortId() + "@test.hindsight.example";

        long user = accounts.invite(admin, email, "Ada Audited", Role.EDITOR, "a quiet river at dawn").id;
        accounts.changeRole(admin, user, Role.VIEWER);
        accounts.setDisabled(admin, user, true);
        accounts.setDisabled(admin, user, false);
        accounts.resetPassword(admin, user, "a quieter river at dusk");
        accounts.endSessions(admin, user);
        accounts.changeOwnPassword(user, "a quieter river at dusk", NEW_PASSWORD);

        List<AuditEvent> events = events(AuditSubject.account(user));
        assertEquals(List.of("user.created", "user.role-changed", "user.disabled", "user.enabled", "user.password-reset",
                "user.sessions-revoked", "user.password-changed"), actions(events));
        assertEquals(email + ", role EDITOR", events.get(0).detail);
        assertEquals(email + ", now VIEWER", events.get(1).detail);
        assertEquals(List.of(admin, admin, admin, admin, admin, admin, user), events.stream().map(e -> e.actorId).toList(),
                "the person changes their own password themselves");
    }

    @Test
    void aChangeThatChangesNothingRecordsNothing() {
        long admin = TestAccounts.of(Role.ADMIN).id();
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);

        accounts.changeRole(admin, account.id(), Role.EDITOR);
        accounts.setDisabled(admin, account.id(), false);

        assertEquals(List.of(), events(AuditSubject.account(account.id())));
    }

    @Test
    void personalAccessTokensAreRecordedWhenCreatedAndRevoked() {
        TestAccounts.Account owner = TestAccounts.fresh(Role.EDITOR);
        String name = "nightly export " + Incidents.shortId();

        long pat = QuarkusTransaction.requiringNew().call(() ->
                tokens.createPat(User.findById(owner.id()), name, Scope.READ, 30).token().id);
        QuarkusTransaction.requiringNew().run(() -> tokens.revokePat(owner.id(), pat));
        QuarkusTransaction.requiringNew().run(() -> tokens.revokePat(owner.id(), pat));

        List<AuditEvent> events = events(AuditSubject.token(pat));
        assertEquals(List.of("pat.created", "pat.revoked"), actions(events), "revoking twice is recorded once");
        assertEquals(name + " (READ)", events.get(0).detail);
        assertEquals(name, events.get(1).detail);
        assertTrue(events.stream().allMatch(e -> e.actorId == owner.id()));
        assertTrue(events.stream().noneMatch(e -> e.detail.contains("hs_pat_")), "never the token itself");
    }

    // --- Slack destinations ----------------------------------------------------------------------

    @Test
    void slackDestinationsAreRecordedWithoutTheirSecretUrl() {
        long admin = TestAccounts.of(Role.ADMIN).id();
        SlackStandIn.Hook hook = SlackStandIn.shared(clock).hook();
        String name = "#audited-" + Incidents.shortId();

        SlackDestination destination = destinations.add(admin, new SlackDestinations.Form(name, hook.url(),
                List.of(EventKey.INCIDENT_DECLARED.key())));
        destinations.setEvents(admin, destination.id, List.of(EventKey.POSTMORTEM_PUBLISHED.key()));
        long delivery = outbox.enqueueTest(admin, destination.id).id;
        destinations.setDisabled(admin, destination.id, true);
        destinations.setDisabled(admin, destination.id, false);
        destinations.setDisabled(admin, destination.id, true);

        List<AuditEvent> events = events(AuditSubject.destination(destination.id));
        assertEquals(List.of("notify.destination-added", "notify.destination-events", "notify.test-queued",
                "notify.destination-disabled", "notify.destination-enabled", "notify.destination-disabled"), actions(events));
        assertTrue(events.stream().allMatch(e -> e.actorId == admin));
        assertTrue(events.get(0).detail.endsWith(" " + EventKey.INCIDENT_DECLARED.key()), events.get(0).detail);
        assertEquals(EventKey.POSTMORTEM_PUBLISHED.key(), events.get(1).detail);
        assertEquals(AuditSubject.delivery(delivery), events.get(2).detail);
        assertTrue(events.stream().noneMatch(e -> e.detail.contains(hook.url()) || e.subject.contains(hook.url())),
                "the webhook URL is a secret");
    }

    // --- The log itself --------------------------------------------------------------------------

    @Test
    void anEventLandsOnlyWithItsChange() {
        String rolledBack = "rolled back " + Incidents.shortId();
        String kept = "kept " + Incidents.shortId();

        QuarkusTransaction.begin();
        try {
            audit.record(null, "test.recorded", rolledBack, "", "");
            audit.recordAlways(null, "test.recorded-always", kept, "", "");
        } finally {
            QuarkusTransaction.rollback();
        }

        assertEquals(List.of(), events(rolledBack), "recorded with a change that rolled back: gone with it");
        assertEquals(List.of("test.recorded-always"), actions(events(kept)), "failed sign-ins must stay on record");
    }

    @Test
    void missingFieldsAreEmptyAndLongOnesAreCut() {
        String subject = "s".repeat(240) + Incidents.shortId() + "-and-more-than-fits";
        String ip = "2001:db8::" + "f".repeat(80);

        QuarkusTransaction.requiringNew().run(() -> audit.record(null, "test.cut", subject, null, ip));

        AuditEvent event = only(events(subject.substring(0, 254)));
        assertEquals(254, event.subject.length());
        assertEquals("", event.detail);
        assertEquals(ip.substring(0, 64), event.ip);
    }

    private static int attempt(String address, String email, String password) {
        return PortalClient.anonymous().from(address).open("/login")
                .submit("/login", Map.of("email", email, "password", password, "next", "/")).statusCode();
    }

    private static List<AuditEvent> events(String subject) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list("subject = ?1 ORDER BY id", subject));
    }

    private static List<String> actions(List<AuditEvent> events) {
        return events.stream().map(e -> e.action).toList();
    }

    private static AuditEvent only(List<AuditEvent> events) {
        assertEquals(1, events.size(), () -> "expected one audit event, got " + actions(events));
        return events.get(0);
    }
}
