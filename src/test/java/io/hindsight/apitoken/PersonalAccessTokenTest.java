package io.hindsight.apitoken;

import io.hindsight.ApiTokens;
import io.hindsight.Hashes;
import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.hindsight.AuthAssertions.assertBearerAccepted;
import static io.hindsight.AuthAssertions.assertBearerRefused;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C15 Personal access tokens: named, scoped, expiring, stored hashed, shown once, revocable. */
@QuarkusTest
@DisplayName("C15 Personal access tokens")
class PersonalAccessTokenTest {

    @Inject
    TestClock clock;

    @Inject
    EntityManager em;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static String name() {
        return "alerting bridge " + Incidents.shortId();
    }

    /** POST /api/v1/incidents with {@code bearer}, tagged with {@code tag}. */
    private static Response record(String bearer, String tag) {
        return RestAssured.given().header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON)
                .accept(ContentType.JSON).body(Incidents.draftJson().tags(tag).body()).post(Incidents.API);
    }

    @Test
    @DisplayName("C15 a new token is shown once (no-store), listed afterwards only by name and prefix, and stored as a hash")
    void c15_createdTokenIsShownOnceAndStoredHashed() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        String name = name();
        Pats.Created created = Pats.create(browser, name, "READ", 30);

        assertTrue(created.value().matches("hs_pat_[A-Za-z0-9_-]{43,}"), created.value());
        assertEquals("no-store", created.page().header("Cache-Control"));

        String list = browser.get("/account/tokens").asString();
        assertAll(
                () -> assertFalse(list.contains(created.value()), "never shown again"),
                () -> assertTrue(list.contains(name)),
                () -> assertTrue(list.contains(created.value().substring(0, "hs_pat_".length() + 4) + "…"), "listed by prefix"));

        List<?> stored = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT token_hash, prefix FROM personal_access_token WHERE id = ?1").setParameter(1, created.id()).getResultList());
        Object[] row = (Object[]) stored.get(0);
        assertEquals(Hashes.sha256(created.value()), row[0], "only the SHA-256 fingerprint is stored");
        assertTrue(created.value().length() > String.valueOf(row[1]).length() + 30, "the prefix is a small part of it");
    }

    @Test
    @DisplayName("C15 a read token can GET but gets a 403 problem on POST /api/v1/incidents, and nothing is written")
    void c15_readScopeCanReadButNotWrite() {
        String pat = Pats.create(PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)), name(), "READ", 30).value();
        String tag = Incidents.uniqueTag();

        assertBearerAccepted(pat);
        io.restassured.response.Response refused = record(pat, tag);
        ProblemAssertions.assertProblem(refused, 403);
        assertEquals("This token is read-only", refused.jsonPath().getString("title"), "it names the token, not the role");
        assertTrue(refused.jsonPath().getString("detail").contains("write scope"), refused.asString());
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("C15 a write token of an editor can record an incident")
    void c15_writeScopeCanWrite() {
        String pat = Pats.create(PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)), name(), "WRITE", 30).value();
        String tag = Incidents.uniqueTag();

        assertEquals(201, record(pat, tag).statusCode());
        assertEquals(1, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("C15 a write token never does more than its owner's role: a viewer's write token cannot record")
    void c15_writeScopeNeverExceedsTheOwnersRole() {
        String pat = Pats.create(PortalClient.anonymous().signIn(TestAccounts.fresh(Role.VIEWER)), name(), "WRITE", 30).value();
        String tag = Incidents.uniqueTag();

        assertBearerAccepted(pat);
        io.restassured.response.Response refused = record(pat, tag);
        ProblemAssertions.assertProblem(refused, 403);
        assertEquals("You can read this, but not change it", refused.jsonPath().getString("title"), "the role is what refuses");
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("C15 a token past its expiry is refused, directly and in exchange")
    void c15_expiredTokenIsRefused() {
        String pat = Pats.create(PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)), name(), "READ", 1).value();
        assertBearerAccepted(pat);

        clock.advance(Duration.ofDays(1).plusMinutes(1));

        assertBearerRefused(pat);
        ProblemAssertions.assertProblem(ApiTokens.exchange(pat), 401);
    }

    @Test
    @DisplayName("C15 a revoked token is refused at once, directly and in exchange; the list says Revoked")
    void c15_revokedTokenIsRefused() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        Pats.Created created = Pats.create(browser, name(), "READ", 30);
        assertBearerAccepted(created.value());

        Response revoked = browser.open("/account/tokens").submit("/account/tokens/" + created.id() + "/revoke", Map.of());

        assertEquals(303, revoked.statusCode());
        assertBearerRefused(created.value());
        ProblemAssertions.assertProblem(ApiTokens.exchange(created.value()), 401);
        assertTrue(browser.follow(revoked).asString().contains("Revoked"));
    }

    @Test
    @DisplayName("C15 nobody can revoke someone else's token (404), and it keeps working")
    void c15_cannotRevokeSomeoneElsesToken() {
        Pats.Created victims = Pats.create(PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)), name(), "READ", 30);
        PortalClient attacker = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));

        Response attempt = attacker.open("/account/tokens").submit("/account/tokens/" + victims.id() + "/revoke", Map.of());

        assertEquals(404, attempt.statusCode());
        assertBearerAccepted(victims.value());
    }

    @Test
    @DisplayName("C15 a token can be exchanged at /api/v1/auth/token for an access token of its scope")
    void c15_tokenCanBeExchangedForAnAccessTokenOfItsScope() {
        String pat = Pats.create(PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)), name(), "READ", 30).value();

        ApiTokens.Issued issued = ApiTokens.Issued.of(ApiTokens.exchange(pat));

        assertEquals("read", issued.scope());
        assertBearerAccepted(issued.accessToken());
        String tag = Incidents.uniqueTag();
        ProblemAssertions.assertProblem(record(issued.accessToken(), tag), 403);
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    @DisplayName("C15 names, scopes and lifetimes are validated with a message per field")
    void c15_invalidInputIsExplained() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        Response page = browser.open("/account/tokens").submit("/account/tokens", Map.of("name", " ", "scope", "ADMIN", "days", "400"));

        assertEquals(400, page.statusCode());
        String html = page.asString();
        assertTrue(Html.fieldError(html, "name").isPresent(), "name");
        assertTrue(html.contains("Choose read or write."), "scope");
        assertTrue(Html.fieldError(html, "days").isPresent(), "days");
        assertFalse(html.contains("hs_pat_"), "nothing was created");
    }

    @Test
    @DisplayName("C15 revoking a token also ends what was exchanged for it")
    void c15_revokingATokenEndsTheSignInsExchangedFromIt() {
        PortalClient browser = PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR));
        Pats.Created created = Pats.create(browser, name(), "READ", 30);
        ApiTokens.Issued exchanged = ApiTokens.Issued.of(ApiTokens.exchange(created.value()));
        assertNull(exchanged.refreshToken(), "an exchanged token is re-exchanged, not refreshed");
        assertBearerAccepted(exchanged.accessToken());

        browser.open("/account/tokens").submit("/account/tokens/" + created.id() + "/revoke", Map.of());

        assertBearerRefused(exchanged.accessToken());
    }

    @Test
    @DisplayName("C15 a token's expiry also bounds what was exchanged for it")
    void c15_anExchangedTokenCannotOutliveItsExpiry() {
        String pat = Pats.create(PortalClient.anonymous().signIn(TestAccounts.fresh(Role.EDITOR)), name(), "READ", 1).value();

        // Exchanged two minutes before the PAT expires: the access token stops with it.
        clock.advance(Duration.ofDays(1).minusMinutes(2));
        ApiTokens.Issued exchanged = ApiTokens.Issued.of(ApiTokens.exchange(pat));
        assertTrue(exchanged.expiresIn() <= 120, "expires with the PAT: " + exchanged.expiresIn());
        assertNull(exchanged.refreshToken());

        clock.advance(Duration.ofMinutes(3));
        assertBearerRefused(pat);
        assertBearerRefused(exchanged.accessToken());
    }
}
