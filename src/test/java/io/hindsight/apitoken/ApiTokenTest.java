package io.hindsight.apitoken;

import io.hindsight.Addresses;
import io.hindsight.ApiTokens;
import io.hindsight.Hashes;
import io.hindsight.Jwts;
import io.hindsight.ProblemAssertions;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.hindsight.AuthAssertions.assertBearerAccepted;
import static io.hindsight.AuthAssertions.assertBearerRefused;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C13 Programs sign in at POST /api/v1/auth/token: a short access JWT and an opaque refresh token. */
@QuarkusTest
@DisplayName("C13 API tokens")
class ApiTokenTest {

    @Inject
    EntityManager em;

    private long count(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = em.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return ((Number) query.getSingleResult()).longValue();
        });
    }

    @Test
    @DisplayName("C13 credentials give an access JWT (use=api, ≤ 5 min) and a refresh token hs_rt_… of 256 random bits")
    void c13_credentialsGiveAShortAccessTokenAndAnOpaqueRefreshToken() {
        Response response = ApiTokens.requestWithPassword(TestAccounts.fresh(Role.EDITOR).email(), "a quiet river at dawn");
        ApiTokens.Issued issued = ApiTokens.Issued.of(response);

        Map<String, Object> claims = Jwts.claims(issued.accessToken());
        long lifetime = Jwts.longClaim(issued.accessToken(), "exp") - Jwts.longClaim(issued.accessToken(), "iat");
        assertAll(
                () -> assertEquals("no-store", response.header("Cache-Control")),
                () -> assertEquals("Bearer", response.path("token_type")),
                () -> assertTrue(issued.expiresIn() > 0 && issued.expiresIn() <= 300, "expires_in ≤ 300: " + issued.expiresIn()),
                () -> assertTrue(lifetime > 0 && lifetime <= 300, "exp − iat ≤ 300 s: " + lifetime),
                () -> assertEquals("api", claims.get("use")),
                () -> assertEquals("RS256", Jwts.header(issued.accessToken()).get("alg")),
                () -> UUID.fromString((String) claims.get("sid")),
                () -> assertTrue(claims.containsKey("auth_time")),
                () -> assertTrue(issued.refreshToken().matches("hs_rt_[A-Za-z0-9_-]{43,}"),
                        "opaque, ≥ 256 bits of base64url: " + issued.refreshToken()));
    }

    @Test
    @DisplayName("C13 refresh tokens are stored only as SHA-256 hashes")
    void c13_refreshTokensAreStoredOnlyAsHashes() {
        ApiTokens.Issued issued = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR));

        assertEquals(1, count("SELECT count(*) FROM refresh_token WHERE token_hash = ?1", Hashes.sha256(issued.refreshToken())));
        assertEquals(0, count("SELECT count(*) FROM refresh_token WHERE token_hash = ?1 OR token_hash = ?2",
                issued.refreshToken(), issued.refreshToken().substring("hs_rt_".length())), "the raw value is nowhere");
    }

    @Test
    @DisplayName("C13 the access token works as Bearer on /api/v1/incidents")
    void c13_bearerWorksOnTheApi() {
        assertBearerAccepted(ApiTokens.signIn(TestAccounts.fresh(Role.VIEWER)).accessToken());
    }

    @Test
    @DisplayName("C13 without a token the API answers 401 problem+json with a Bearer challenge")
    void c13_anonymousApiCallsGetAProblem() {
        Response response = io.restassured.RestAssured.given().accept("application/json").get("/api/v1/incidents");

        assertEquals(401, response.statusCode());
        assertTrue(response.contentType().startsWith(ProblemAssertions.PROBLEM_JSON), response.contentType());
        assertTrue(response.header("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    @DisplayName("C13/D18 a wrong password is refused with a 401 problem that says nothing about which part was wrong")
    void c13_wrongCredentialsAreRefusedGenerically() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        String address = Addresses.unique();
        Response wrongPassword = ApiTokens.requestWithPassword(account.email(), "not the password at all", address);
        Response unknownEmail = ApiTokens.requestWithPassword("nobody-" + UUID.randomUUID() + "@test.hindsight.example",
                "not the password at all", address);

        ProblemAssertions.assertProblem(wrongPassword, 401);
        ProblemAssertions.assertProblem(unknownEmail, 401);
        assertEquals(wrongPassword.path("detail").toString(), unknownEmail.path("detail").toString());
        assertEquals(wrongPassword.path("title").toString(), unknownEmail.path("title").toString());
    }

    @Test
    @DisplayName("C13 POST /api/v1/auth/revoke ends the program's sign-in: refresh and access tokens are refused")
    void c13_revokeEndsTheWholeSignIn() {
        ApiTokens.Issued issued = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR));
        assertBearerAccepted(issued.accessToken());

        assertEquals(204, ApiTokens.revoke(issued.refreshToken()).statusCode());

        assertBearerRefused(issued.accessToken());
        ProblemAssertions.assertProblem(ApiTokens.refresh(issued.refreshToken()), 401);
    }
}
