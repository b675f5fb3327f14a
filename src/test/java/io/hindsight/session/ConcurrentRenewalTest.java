package io.hindsight.session;

import io.hindsight.Jwts;
import io.hindsight.PortalClient;
import io.hindsight.SetCookies;
import io.hindsight.SetCookies.SetCookie;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * B8 Bug 3 of the story: a page opens many requests at once (or two tabs refresh together) with the
 * same aged cookie. Each may come back with a re-issued cookie, in any order; none of that may sign
 * the person out, and every cookie handed out stays good.
 */
@QuarkusTest
@DisplayName("B8 Concurrent renewal: out-of-order tokens are harmless")
class ConcurrentRenewalTest {

    static final int PARALLEL = 20;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** What one of the parallel requests got back. */
    record Outcome(int status, String location, List<SetCookie> sessionCookies) {
    }

    /** Sends one GET per cookie, all released at the same instant by a start gate. */
    private static List<Outcome> inParallel(List<String> cookies, String path) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(cookies.size());
        try {
            CountDownLatch ready = new CountDownLatch(cookies.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String cookie : cookies) {
                Callable<Outcome> call = () -> {
                    ready.countDown();
                    start.await();
                    Response response = RestAssured.given().redirects().follow(false)
                            .cookie(PortalClient.SESSION_COOKIE, cookie).accept(ContentType.HTML).get(path);
                    return new Outcome(response.statusCode(), response.header("Location"),
                            SetCookies.all(response).stream().filter(c -> c.name().equals(PortalClient.SESSION_COOKIE)).toList());
                };
                futures.add(pool.submit(call));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "all requests are lined up");
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every request got its page, and none was told to drop the cookie; returns the re-issued cookies. */
    private static Set<String> assertAllServed(List<Outcome> outcomes) {
        Set<String> renewed = new LinkedHashSet<>();
        for (Outcome outcome : outcomes) {
            assertEquals(200, outcome.status(), () -> "every parallel request is served, got " + outcome);
            for (SetCookie cookie : outcome.sessionCookies()) {
                assertFalse(cookie.clears(), () -> "no parallel request clears the cookie: " + cookie.raw());
                renewed.add(cookie.value());
            }
        }
        return renewed;
    }

    @Test
    @DisplayName("B8 20 parallel requests with one aged cookie: all 200, and afterwards every returned cookie and the original still work")
    void b8_parallelRequestsWithTheSameAgedCookieNeverSignThePersonOut() throws Exception {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String original = browser.cookie(PortalClient.SESSION_COOKIE);
        clock.advance(Duration.ofMinutes(2)); // old enough to be re-issued on every one of them

        Set<String> renewed = assertAllServed(inParallel(java.util.Collections.nCopies(PARALLEL, original), "/incidents"));

        assertFalse(renewed.isEmpty(), "the aged cookie was re-issued");
        for (String cookie : renewed) {
            assertEquals(Jwts.sid(original), Jwts.sid(cookie), "every re-issued cookie is for the same session");
            assertCookieAccepted(cookie);
        }
        assertCookieAccepted(original);
        UUID sid = UUID.fromString(Jwts.sid(original));
        assertNull(QuarkusTransaction.requiringNew().call(() -> UserSession.<UserSession>findById(sid).revokedAt),
                "the session was not ended");
    }

    @Test
    @DisplayName("B5 20 parallel requests with one aged cookie renew the session once: one row write, one re-issued token")
    void b5_aBurstWithAnAgedCookieWritesTheSessionRowOnce() throws Exception {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String original = browser.cookie(PortalClient.SESSION_COOKIE);
        UUID sid = UUID.fromString(Jwts.sid(original));
        clock.advance(Duration.ofMinutes(2));
        countSessionWrites(true);
        try {
            Set<String> renewed = assertAllServed(inParallel(java.util.Collections.nCopies(PARALLEL, original), "/incidents"));

            assertEquals(1, sessionWrites(sid), "the session row was written once for the whole burst");
            assertEquals(1, renewed.size(), () -> "every request of the burst got the same re-issued token: " + renewed.size());
            assertCookieAccepted(renewed.iterator().next());
        } finally {
            countSessionWrites(false);
        }
    }

    /** A trigger counting writes to user_session rows, for this test only. */
    private static void countSessionWrites(boolean on) {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = UserSession.getEntityManager();
            if (on) {
                em.createNativeQuery("CREATE TABLE IF NOT EXISTS test_session_write (sid uuid NOT NULL)").executeUpdate();
                em.createNativeQuery("""
                        CREATE OR REPLACE FUNCTION test_session_write() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN INSERT INTO test_session_write VALUES (NEW.id); RETURN NEW; END $$""").executeUpdate();
                em.createNativeQuery("""
                        CREATE TRIGGER test_session_write AFTER UPDATE ON user_session
                        FOR EACH ROW EXECUTE FUNCTION test_session_write()""").executeUpdate();
            } else {
                em.createNativeQuery("DROP TRIGGER IF EXISTS test_session_write ON user_session").executeUpdate();
                em.createNativeQuery("DROP FUNCTION IF EXISTS test_session_write()").executeUpdate();
                em.createNativeQuery("DROP TABLE IF EXISTS test_session_write").executeUpdate();
            }
        });
    }

    private static int sessionWrites(UUID sid) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) UserSession.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM test_session_write WHERE sid = :sid")
                .setParameter("sid", sid).getSingleResult()).intValue());
    }

    @Test
    @DisplayName("B8 the re-issued cookies arriving out of order in a second burst (two minutes later) are all accepted too")
    void b8_reissuedCookiesArrivingOutOfOrderAreAllAccepted() throws Exception {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String original = browser.cookie(PortalClient.SESSION_COOKIE);
        clock.advance(Duration.ofMinutes(2));
        List<String> firstBurst = new ArrayList<>(assertAllServed(inParallel(java.util.Collections.nCopies(PARALLEL, original), "/")));
        firstBurst.add(original);

        // Tabs and requests now hold a mix of older and newer tokens; they all come back at once.
        clock.advance(Duration.ofMinutes(2));
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            mixed.add(firstBurst.get(i % firstBurst.size()));
        }
        java.util.Collections.shuffle(mixed);
        Set<String> secondBurst = assertAllServed(inParallel(mixed, "/incidents"));

        for (String cookie : secondBurst) {
            assertCookieAccepted(cookie);
        }
        for (String cookie : firstBurst) {
            assertCookieAccepted(cookie);
        }
    }
}
