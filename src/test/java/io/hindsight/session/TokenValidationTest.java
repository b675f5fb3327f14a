package io.hindsight.session;

import io.hindsight.ApiTokens;
import io.hindsight.Jwts;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.session.TokenMint.Defect;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.hindsight.AuthAssertions.assertBearerAccepted;
import static io.hindsight.AuthAssertions.assertBearerRefused;
import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static io.hindsight.AuthAssertions.assertCookieRefused;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A. Only tokens this portal signed, with RS256 and its own key, for this issuer and audience, for
 * this purpose, naming a live session or sign-in, and not expired, let anyone in. Every bad token is
 * minted from a real one with exactly one defect; the same recipe without a defect is accepted.
 */
@QuarkusTest
@DisplayName("A1–A4 Token validation")
class TokenValidationTest {

    @Inject
    SigningKeys keys;

    @Inject
    JwtConfig jwtConfig;

    @Inject
    TestClock clock;

    TokenMint mint;

    @BeforeEach
    void mint() {
        mint = new TokenMint(keys, jwtConfig);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The claims of a real, freshly opened browser session (its sid names a live session row). */
    private Map<String, Object> liveSessionClaims() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        return mint.claimsOf(browser.cookie(PortalClient.SESSION_COOKIE));
    }

    /** The claims of a real API access token (its sid names a live refresh family). */
    private Map<String, Object> liveApiClaims() {
        return mint.claimsOf(ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR)).accessToken());
    }

    @Test
    @DisplayName("A control: a self-minted session token with a real sid is accepted, so the refusals below mean something")
    void a3_selfMintedSessionTokenWithALiveSidIsAccepted() {
        assertCookieAccepted(mint.mint(liveSessionClaims(), Defect.NONE));
    }

    @Test
    @DisplayName("A control: a self-minted API token with a real family sid is accepted as Bearer")
    void a3_selfMintedApiTokenWithALiveSidIsAccepted() {
        assertBearerAccepted(mint.mint(liveApiClaims(), Defect.NONE));
    }

    @ParameterizedTest(name = "A1–A3 session cookie refused when {0}")
    @EnumSource(value = Defect.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void a1_a3_badSessionCookieIsRefusedOnPagesAndCleared(Defect defect) {
        assertCookieRefused(mint.mint(liveSessionClaims(), defect), "invalid");
    }

    @ParameterizedTest(name = "A1–A3 API bearer token refused when {0}")
    @EnumSource(value = Defect.class, mode = EnumSource.Mode.EXCLUDE, names = "NONE")
    void a1_a3_badApiTokenIsRefusedWithAProblem(Defect defect) {
        assertBearerRefused(mint.mint(liveApiClaims(), defect));
    }

    @Test
    @DisplayName("A3 a real session cookie is no bearer token, and a real API access token is no session cookie")
    void a3_tokensAreOnlyAcceptedForTheirOwnUse() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String sessionToken = browser.cookie(PortalClient.SESSION_COOKIE);
        String accessToken = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR)).accessToken();

        // Controls: each works where it belongs.
        assertCookieAccepted(sessionToken);
        assertBearerAccepted(accessToken);

        assertBearerRefused(sessionToken);
        assertCookieRefused(accessToken, "invalid");
    }

    @Test
    @DisplayName("A2 exp is checked against the application clock with at most five seconds of skew")
    void a2_expiryIsCheckedOnEveryRequestWithSmallSkew() {
        // A token that lives one minute; the application clock, not the token, says when it is over.
        Map<String, Object> claims = liveSessionClaims();
        Instant now = Instant.now();
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofSeconds(60)).getEpochSecond());
        String token = mint.sign(claims);

        assertCookieAccepted(token);
        clock.advance(Duration.ofSeconds(58));
        assertCookieAccepted(token);
        clock.advance(Duration.ofSeconds(10)); // 8 s past exp: beyond the tolerated 5 s
        assertCookieRefused(token, null);
    }

    @Test
    @DisplayName("A2 an API access token stops working once the application clock passes its exp")
    void a2_apiAccessTokenExpiresByTheApplicationClock() {
        String token = ApiTokens.signIn(TestAccounts.fresh(Role.EDITOR)).accessToken();
        long lifetime = Jwts.longClaim(token, "exp") - Instant.now().getEpochSecond();

        assertBearerAccepted(token);
        clock.advance(Duration.ofSeconds(lifetime + 10));
        assertBearerRefused(token);
    }

    @Test
    @DisplayName("A4 a second stored key verifies its tokens (rotation); once retired, its tokens are refused")
    void a4_aRetiredKeyNoLongerVerifies() throws Exception {
        java.security.KeyPair pair = SigningKeys.generate();
        String kid = SigningKeys.kidOf(pair.getPublic());
        QuarkusTransaction.requiringNew().run(() -> {
            SigningKey key = new SigningKey();
            key.kid = kid;
            key.algorithm = "RS256";
            key.privateKey = SigningKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded());
            key.publicKey = SigningKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded());
            key.createdAt = Instant.parse("2000-01-01T00:00:00Z"); // older than the current key: never the one that signs
            key.persist();
        });
        try {
            String token = io.smallrye.jwt.build.Jwt.claims(liveSessionClaims()).jws().keyId(kid)
                    .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(pair.getPrivate());
            assertCookieAccepted(token); // control: a known, active key of this installation

            QuarkusTransaction.requiringNew().run(() -> SigningKey.<SigningKey>findById(kid).retiredAt = Instant.now());
            // Instances re-read a key's row at most every 30 seconds (SigningKeys.KEY_RECHECK).
            clock.advance(SigningKeys.KEY_RECHECK.plusSeconds(1));

            assertCookieRefused(token, "invalid");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> SigningKey.deleteById(kid));
        }
    }

    @Test
    @DisplayName("A1/A4 real tokens are RS256 under a kid of a ≥2048-bit RSA key stored in signing_key")
    void a4_realTokensAreSignedWithAStoredStrongKey() {
        String token = PortalClient.browser().cookie(PortalClient.SESSION_COOKIE);
        Map<String, Object> header = Jwts.header(token);
        Map<String, Object> claims = Jwts.claims(token);

        String kid = (String) header.get("kid");
        String storedAlgorithm = QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>findByIdOptional(kid)
                .map(k -> k.algorithm).orElse(null));
        assertAll(
                () -> assertEquals("RS256", header.get("alg")),
                () -> assertEquals(keys.signer().kid(), kid, "signed with the current key"),
                () -> assertNotNull(storedAlgorithm, "the key is kept in signing_key, shared by every instance"),
                () -> assertEquals("RS256", storedAlgorithm),
                () -> assertTrue(((RSAPublicKey) keys.signer().publicKey()).getModulus().bitLength() >= 2048, "RSA ≥ 2048 bits"),
                () -> assertEquals(jwtConfig.issuer(), claims.get("iss")),
                () -> assertEquals(jwtConfig.audience(), String.valueOf(claims.get("aud")).replaceAll("[\\[\\]]", "")),
                () -> assertEquals("session", claims.get("use")),
                () -> assertTrue(claims.keySet().containsAll(java.util.Set.of("sub", "sid", "auth_time", "iat", "exp")),
                        () -> "claims: " + claims.keySet()));
    }
}
