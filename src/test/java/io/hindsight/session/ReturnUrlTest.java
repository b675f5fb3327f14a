package io.hindsight.session;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** B9 After signing in, a person returns to where they were going, on this site only (no open redirect). */
@QuarkusTest
@DisplayName("B9 Return URL after sign-in")
class ReturnUrlTest {

    @BeforeEach
    void someoneExists() {
        // While nobody exists, /login sends to the one-time setup instead.
        TestAccounts.of(Role.VIEWER);
    }

    /** The Location of a redirect: a path on this site, never another origin. */
    private static String sameSiteTarget(Response redirect) {
        assertEquals(303, redirect.statusCode(), redirect::asString);
        String location = redirect.header("Location");
        assertTrue(location.matches("^(https?://localhost(:\\d+)?)?/.*"), () -> "stays on this site: " + location);
        return PortalClient.location(redirect);
    }

    private static Response signInWithNext(PortalClient browser, String next) {
        TestAccounts.Account account = TestAccounts.of(Role.EDITOR);
        return browser.open("/login").submit("/login",
                Map.of("email", account.email(), "password", account.password(), "next", next));
    }

    @ParameterizedTest(name = "B9 next={0} lands on /")
    @ValueSource(strings = {"//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)",
            "\\\\evil.example", "/\t/evil.example", " //evil.example", "http:evil.example", "//evil.example/incidents",
            "/login?next=//evil.example"})
    void b9_foreignReturnUrlsLandOnTheHomePage(String next) {
        Response signedIn = signInWithNext(PortalClient.anonymous(), next);
        assertEquals("/", sameSiteTarget(signedIn));
    }

    @ParameterizedTest(name = "B9 the login form does not carry next={0} along")
    @ValueSource(strings = {"//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"})
    void b9_theLoginFormCarriesOnlySafeReturnUrls(String next) {
        String html = PortalClient.anonymous().get("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)).asString();
        assertEquals(Optional.of("/"), Html.inputValue(html, "next"));
    }

    @ParameterizedTest(name = "B9 a signed-in person opening /login?next={0} lands on /")
    @ValueSource(strings = {"//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)"})
    void b9_signedInLoginPageRedirectsOnlyOnThisSite(String next) {
        Response redirect = PortalClient.browser().get("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        assertEquals("/", sameSiteTarget(redirect));
    }

    @Test
    @DisplayName("B9 a path with a query on this site is kept: /incidents?status=resolved")
    void b9_aPathOnThisSiteIsKeptWithItsQuery() {
        PortalClient browser = PortalClient.anonymous();

        // Asking for the page sends the browser to sign in with the way back …
        Response challenge = browser.get("/incidents?status=resolved");
        assertEquals(303, challenge.statusCode());
        String login = PortalClient.location(challenge);
        assertEquals("/login?next=" + URLEncoder.encode("/incidents?status=resolved", StandardCharsets.UTF_8), login);
        assertEquals(Optional.of("/incidents?status=resolved"), Html.inputValue(browser.visit(login).asString(), "next"));

        // … and signing in leads back there.
        Response signedIn = signInWithNext(browser, "/incidents?status=resolved");
        assertEquals("/incidents?status=resolved", sameSiteTarget(signedIn));
        assertEquals(200, browser.follow(signedIn).statusCode());
    }

    @ParameterizedTest(name = "B9 signing in with next={0} still signs in (303 on this site)")
    @ValueSource(strings = {"/incidents?q=a b", "/incidents?q=\"x\"", "/a<b>", "/a|b", "/incidents?q={x}"})
    void b9_returnUrlsNeedingEncodingDoNotBreakSignIn(String next) {
        PortalClient browser = PortalClient.anonymous();
        Response signedIn = signInWithNext(browser, next);

        sameSiteTarget(signedIn);
        assertTrue(browser.cookie(PortalClient.SESSION_COOKIE) != null, "signed in");
    }
}
