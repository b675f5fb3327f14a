package io.hindsight.session;

import io.hindsight.Jwts;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.AccountService;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static io.hindsight.AuthAssertions.assertCookieRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * B5 A signed-in request reuses a few seconds' session state and verified token, yet a revocation
 * takes effect at once on the instance that made it and within moments on every other one, and no
 * deadline is ever stretched by the cache.
 */
@QuarkusTest
@DisplayName("B5 Session state cache: cheap checks, revocation within seconds everywhere")
class SessionCacheTest {

    /** How long another instance may take to hear a revocation, with room for a busy test machine. */
    static final Duration NOTICE_BOUND = Duration.ofSeconds(5);

    @Inject
    TestClock clock;

    @Inject
    SessionService sessions;

    @Inject
    SessionConfig config;

    @Inject
    SigningKeys keys;

    @Inject
    JwtConfig jwtConfig;

    @Inject
    AccountService accounts;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** Another instance: its own cache and its own LISTEN connection to the same database. */
    private static final class Instance implements AutoCloseable {
        final String name = "hindsight-test-" + UUID.randomUUID().toString().substring(0, 8);
        final SessionStateCache cache = new SessionStateCache(java.time.Clock.systemUTC(), Duration.ofMinutes(5), 100, Duration.ofMinutes(1));
        final String url;
        final RevocationListener listener;

        Instance() {
            this(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                    RevocationListener.HEARTBEAT, RevocationListener.ANSWER_WITHIN);
        }

        /** Listens through {@code url} (a relay in front of the database, say), checking a quiet connection every {@code heartbeat}. */
        Instance(String url, Duration heartbeat, Duration answerWithin) {
            this.url = url;
            this.listener = new RevocationListener(name, SessionRevocations.CHANNEL, this::connect, cache::onNotice, cache::clear,
                    heartbeat, answerWithin);
        }

        private Connection connect() throws SQLException {
            var config = ConfigProvider.getConfig();
            Properties properties = new Properties();
            config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(u -> properties.setProperty("user", u));
            config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(p -> properties.setProperty("password", p));
            properties.setProperty("ApplicationName", name);
            return DriverManager.getConnection(url, properties);
        }

        /** Caches a state for {@code sid} as a request on this instance would. */
        void remember(UUID sid, long userId) {
            Instant now = Instant.now();
            cache.state(sid, id -> Optional.of(new SessionStateCache.State(id, userId, "x@example.com", Set.of("viewer"), true,
                    now, now.plusSeconds(600), now.plusSeconds(3600), null, now)));
            assertTrue(cache.holds(sid), "control: the state is cached");
        }

        @Override
        public void close() {
            listener.close();
        }
    }

    private static void eventually(Duration bound, String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), () -> what + " within " + bound.toSeconds() + " s");
            Thread.sleep(20);
        }
    }

    private static void awaitListening(Instance... instances) throws InterruptedException {
        for (Instance instance : instances) {
            eventually(Duration.ofSeconds(30), "the listener connects", instance.listener::listening);
        }
    }

    @Test
    @DisplayName("B5 a session revoked on one instance is forgotten by two other instances' caches within seconds")
    void b5_revocationReachesEveryInstance() throws Exception {
        String token = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)).cookie(PortalClient.SESSION_COOKIE);
        UUID sid = UUID.fromString(Jwts.sid(token));
        try (Instance a = new Instance(); Instance b = new Instance()) {
            awaitListening(a, b);
            a.remember(sid, 1);
            b.remember(sid, 1);

            Instant revoked = Instant.now();
            sessions.revoke(sid, "test");

            eventually(NOTICE_BOUND, "instance A forgets the revoked session", () -> !a.cache.holds(sid));
            eventually(NOTICE_BOUND, "instance B forgets the revoked session", () -> !b.cache.holds(sid));
            System.out.printf("Revocation reached two other instances in %d ms%n", Duration.between(revoked, Instant.now()).toMillis());
        }
    }

    @Test
    @DisplayName("B5/B11 ending every session of a person (account change) reaches the other instances too")
    void b11_accountChangeReachesEveryInstance() throws Exception {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String token = PortalClient.anonymous().signIn(account).cookie(PortalClient.SESSION_COOKIE);
        UUID sid = UUID.fromString(Jwts.sid(token));
        UUID unrelated = UUID.randomUUID();
        try (Instance a = new Instance(); Instance b = new Instance()) {
            awaitListening(a, b);
            a.remember(sid, account.id());
            b.remember(sid, account.id());
            b.remember(unrelated, account.id() + 1_000_000);

            accounts.setDisabled(TestAccounts.of(Role.ADMIN).id(), account.id(), true);

            eventually(NOTICE_BOUND, "instance A forgets the person's sessions", () -> !a.cache.holds(sid));
            eventually(NOTICE_BOUND, "instance B forgets the person's sessions", () -> !b.cache.holds(sid));
            assertTrue(b.cache.holds(unrelated), "someone else's session stays cached");
        }
    }

    @Test
    @DisplayName("B5 a listener whose connection is cut forgets everything it cached, listens again, and hears later revocations")
    void b5_listenerReconnectsAndForgets() throws Exception {
        String token = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)).cookie(PortalClient.SESSION_COOKIE);
        UUID sid = UUID.fromString(Jwts.sid(token));
        UUID other = UUID.randomUUID();
        try (Instance a = new Instance()) {
            awaitListening(a);
            a.remember(other, 1);

            int cut = QuarkusTransaction.requiringNew().call(() -> ((Number) UserSession.getEntityManager().createNativeQuery(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = :name")
                    .setParameter("name", a.name).getSingleResult()).intValue());
            assertEquals(1, cut, "control: the listener's connection was cut");

            eventually(NOTICE_BOUND, "the cache is cleared when notices may have been missed", () -> !a.cache.holds(other));
            eventually(Duration.ofSeconds(30), "the listener reconnects", a.listener::listening);
            a.remember(sid, 1);
            sessions.revoke(sid, "test");
            eventually(NOTICE_BOUND, "a revocation after the reconnect is heard", () -> !a.cache.holds(sid));
        }
    }

    @Test
    @DisplayName("B5 a listener whose connection goes silent (a network cut: no error, no close) notices within its heartbeat, forgets, listens again and hears later revocations")
    void b5_listenerNoticesASilentConnection() throws Exception {
        String token = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)).cookie(PortalClient.SESSION_COOKIE);
        UUID sid = UUID.fromString(Jwts.sid(token));
        UUID other = UUID.randomUUID();
        java.util.regex.Matcher database = java.util.regex.Pattern.compile("jdbc:postgresql://([^/:]+)(?::(\\d+))?(/.*)")
                .matcher(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class));
        assertTrue(database.matches(), "control: a TCP address of the database");
        int port = database.group(2) == null ? 5432 : Integer.parseInt(database.group(2));
        try (SilentLink link = new SilentLink(database.group(1), port);
             Instance a = new Instance("jdbc:postgresql://127.0.0.1:" + link.port() + database.group(3),
                     Duration.ofMillis(500), Duration.ofSeconds(1))) {
            awaitListening(a);
            a.remember(other, 1);

            link.goSilent();

            eventually(NOTICE_BOUND, "the silent connection is noticed and what was cached is forgotten", () -> !a.cache.holds(other));
            eventually(Duration.ofSeconds(30), "the listener reconnects", a.listener::listening);
            a.remember(sid, 1);
            sessions.revoke(sid, "test");
            eventually(NOTICE_BOUND, "a revocation after the reconnect is heard", () -> !a.cache.holds(sid));
        }
    }

    @Test
    @DisplayName("B11 a disabled person is refused on the next request, though their session was cached a moment ago")
    void b11_disabledPersonIsRefusedAtOnce() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String token = PortalClient.anonymous().signIn(account).cookie(PortalClient.SESSION_COOKIE);
        assertCookieAccepted(token);

        accounts.setDisabled(TestAccounts.of(Role.ADMIN).id(), account.id(), true);

        assertCookieRefused(token, "revoked");
    }

    @Test
    @DisplayName("B5 a change no notice announced (made straight in the database) counts once the cache lifetime has passed")
    void b5_cachedStateLivesOnlyForTheCacheLifetime() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String token = PortalClient.anonymous().signIn(account).cookie(PortalClient.SESSION_COOKIE);
        assertCookieAccepted(token);
        QuarkusTransaction.requiringNew().run(() -> User.<User>findById(account.id()).disabledAt = Instant.now());

        assertCookieAccepted(token); // the cached state, within its lifetime
        clock.advance(config.cacheTtl());

        assertCookieRefused(token, "revoked");
    }

    @Test
    @DisplayName("B5 a cached session never outlives its idle deadline: the deadline is checked against the clock on every request")
    void b5_cachedSessionStillEndsAtItsDeadline() {
        String token = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)).cookie(PortalClient.SESSION_COOKIE);
        UUID sid = UUID.fromString(Jwts.sid(token));
        Instant soon = Instant.now().plusSeconds(2);
        QuarkusTransaction.requiringNew().run(() -> UserSession.<UserSession>findById(sid).idleExpiresAt = soon);
        assertCookieAccepted(token); // caches the state with the near deadline

        clock.advance(Duration.ofSeconds(3)); // past the deadline, well within the cache lifetime

        assertCookieRefused(token, "idle");
    }

    @Test
    @DisplayName("A2 a verified token is reused only until its exp (with the 5 s skew) by the application clock")
    void a2_cachedVerificationNeverOutlivesExp() throws Exception {
        TokenMint mint = new TokenMint(keys, jwtConfig);
        String real = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)).cookie(PortalClient.SESSION_COOKIE);
        Map<String, Object> claims = mint.claimsOf(real);
        long now = Instant.now().getEpochSecond();
        claims.put("iat", now - 60);
        claims.put("exp", now - 3); // expired, but within the tolerated skew
        String token = mint.sign(claims);
        keys.verify(token); // verified and cached
        keys.verify(token);

        clock.advance(Duration.ofSeconds(4)); // now past exp + skew, within the cache lifetime

        assertThrows(ParseException.class, () -> keys.verify(token));
    }

    @Test
    @DisplayName("B5 the cache is bounded and short-lived by default")
    void b5_defaults() {
        assertEquals(Duration.ofSeconds(5), config.cacheTtl());
        assertEquals(10_000, config.cacheSize());
        assertFalse(config.cacheTtl().compareTo(NOTICE_BOUND) > 0);
    }
}
