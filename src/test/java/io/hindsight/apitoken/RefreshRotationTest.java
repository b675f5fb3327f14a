package io.hindsight.apitoken;

import io.hindsight.ApiTokens;
import io.hindsight.Hashes;
import io.hindsight.Jwts;
import io.hindsight.ProblemAssertions;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.hindsight.AuthAssertions.assertBearerAccepted;
import static io.hindsight.AuthAssertions.assertBearerRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * C14 Refresh rotation with reuse detection (RFC 9700 §4.14.2): every refresh issues a new refresh
 * token; the immediately previous one still yields the same successor for a short overlap (so
 * concurrent clients converge); anything older, or the previous one later, revokes the family.
 */
@QuarkusTest
@DisplayName("C14 Refresh rotation and reuse detection")
class RefreshRotationTest {

    static final int PARALLEL = 10;

    @Inject
    TestClock clock;

    @Inject
    ApiConfig config;

    @Inject
    EntityManager em;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static ApiTokens.Issued refreshed(String refreshToken) {
        return ApiTokens.Issued.of(ApiTokens.refresh(refreshToken));
    }

    private static void assertRefused(String refreshToken) {
        ProblemAssertions.assertProblem(ApiTokens.refresh(refreshToken), 401);
    }

    private long tokensInFamily(String accessToken) {
        UUID family = UUID.fromString(Jwts.sid(accessToken));
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM refresh_token WHERE family_id = ?1").setParameter(1, family).getSingleResult()).longValue());
    }

    @Test
    @DisplayName("C14 the overlap window is short: 10–30 s")
    void c14_overlapWindowIsShort() {
        assertTrue(config.refreshOverlap().compareTo(Duration.ofSeconds(10)) >= 0
                && config.refreshOverlap().compareTo(Duration.ofSeconds(30)) <= 0, config.refreshOverlap()::toString);
    }

    @Test
    @DisplayName("C14 a refresh issues a new refresh token and a new access token of the same sign-in")
    void c14_refreshRotates() {
        ApiTokens.Issued first = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR));
        ApiTokens.Issued second = refreshed(first.refreshToken());

        assertNotEquals(first.refreshToken(), second.refreshToken());
        assertTrue(second.refreshToken().startsWith("hs_rt_"));
        assertEquals(Jwts.sid(first.accessToken()), Jwts.sid(second.accessToken()), "same family");
        assertEquals(Jwts.longClaim(first.accessToken(), "auth_time"), Jwts.longClaim(second.accessToken(), "auth_time"));
        assertBearerAccepted(second.accessToken());
        assertEquals(1, (long) QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM refresh_token WHERE token_hash = ?1 AND used_at IS NOT NULL")
                .setParameter(1, Hashes.sha256(first.refreshToken())).getSingleResult()).longValue()), "the old one is marked used");
    }

    @Test
    @DisplayName("C14 10 concurrent refreshes with one token: all 200, all get the same successor, only one is minted, and it works")
    void c14_concurrentRefreshesConvergeOnOneSuccessor() throws Exception {
        ApiTokens.Issued first = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR));

        List<Response> responses = inParallel(first.refreshToken());

        List<ApiTokens.Issued> issued = responses.stream().map(ApiTokens.Issued::of).toList();
        Set<String> successors = issued.stream().map(ApiTokens.Issued::refreshToken).collect(Collectors.toSet());
        assertEquals(1, successors.size(), () -> "every concurrent refresh converges on one successor: " + successors);
        String successor = successors.iterator().next();
        assertNotEquals(first.refreshToken(), successor);
        assertEquals(2, tokensInFamily(first.accessToken()), "the original and exactly one successor: nobody minted twice");
        for (ApiTokens.Issued each : issued) {
            assertBearerAccepted(each.accessToken());
        }

        ApiTokens.Issued next = refreshed(successor);
        assertBearerAccepted(next.accessToken());
    }

    @Test
    @DisplayName("C14 the previous token within the overlap window returns the already-issued successor")
    void c14_previousTokenWithinTheWindowReturnsTheSameSuccessor() {
        ApiTokens.Issued first = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR));
        ApiTokens.Issued second = refreshed(first.refreshToken());

        clock.advance(config.refreshOverlap().minusSeconds(5));
        ApiTokens.Issued again = refreshed(first.refreshToken());

        assertEquals(second.refreshToken(), again.refreshToken());
        assertBearerAccepted(again.accessToken());
        assertBearerAccepted(refreshed(second.refreshToken()).accessToken());
    }

    @Test
    @DisplayName("C14 replaying the original after the overlap (30 s) → 401 and the whole family is revoked")
    void c14_replayAfterTheOverlapRevokesTheFamily() {
        ApiTokens.Issued first = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR));
        ApiTokens.Issued second = refreshed(first.refreshToken());
        assertBearerAccepted(second.accessToken());

        clock.advance(Duration.ofSeconds(30));
        assertRefused(first.refreshToken());

        // Whoever holds the successor, the attacker or the client, is out too.
        assertRefused(second.refreshToken());
        assertBearerRefused(first.accessToken());
        assertBearerRefused(second.accessToken());
        assertAudited(first.accessToken());
    }

    @Test
    @DisplayName("C14 replaying a grand-parent token, even within the window, revokes the whole family")
    void c14_replayOfAnOlderTokenRevokesTheFamilyEvenWithinTheWindow() {
        ApiTokens.Issued first = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR));
        ApiTokens.Issued second = refreshed(first.refreshToken());
        ApiTokens.Issued third = refreshed(second.refreshToken());

        assertRefused(first.refreshToken());

        assertRefused(third.refreshToken());
        assertBearerRefused(third.accessToken());
        assertBearerRefused(second.accessToken());
        assertAudited(first.accessToken());
    }

    @Test
    @DisplayName("C14 an unknown refresh token is refused with a problem document")
    void c14_unknownRefreshTokenIsRefused() {
        assertRefused("hs_rt_" + "A".repeat(43));
        assertRefused("not-a-refresh-token");
    }

    private void assertAudited(String accessToken) {
        String family = Jwts.sid(accessToken);
        long events = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM audit_event WHERE action = 'api.refresh-reuse' AND detail LIKE ?1")
                .setParameter(1, "%" + family + "%").getSingleResult()).longValue());
        assertEquals(1, events, "the reuse is in the audit log");
    }

    private static List<Response> inParallel(String refreshToken) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            CountDownLatch ready = new CountDownLatch(PARALLEL);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                Callable<Response> call = () -> {
                    ready.countDown();
                    start.await();
                    return ApiTokens.refresh(refreshToken);
                };
                futures.add(pool.submit(call));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS));
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
