package io.hindsight;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a browser with a session cookie, or a program with a bearer token, is let in to (or not).
 * Each request carries only the credential under test, nothing else from a client's jar.
 */
public final class AuthAssertions {

    public static final String SESSION_COOKIE = PortalClient.SESSION_COOKIE;
    /** A page every signed-in person may read. */
    public static final String PAGE = "/incidents";
    /** An API resource every token may read. */
    public static final String API = "/api/v1/incidents";

    private AuthAssertions() {
    }

    /** GET {@code path} as a browser that holds only the session cookie {@code token}. */
    public static Response pageWithCookie(String token, String path) {
        return RestAssured.given().redirects().follow(false).cookie(SESSION_COOKIE, token).accept(ContentType.HTML).get(path);
    }

    /** GET the API as a program that holds only the bearer {@code token}. */
    public static Response apiWithBearer(String token) {
        return RestAssured.given().redirects().follow(false).header("Authorization", "Bearer " + token)
                .accept(ContentType.JSON).get(API);
    }

    /** The cookie lets its browser read a page (200). */
    public static Response assertCookieAccepted(String token) {
        Response page = pageWithCookie(token, PAGE);
        assertEquals(200, page.statusCode(), () -> "the session cookie should be accepted, but GET " + PAGE + " answered "
                + page.statusCode() + " " + page.header("Location"));
        return page;
    }

    /**
     * The cookie is refused: the page is not rendered, the browser is sent to the login page with its
     * way back (and {@code reason}, unless null: then any or none), and told to drop the cookie.
     */
    public static Response assertCookieRefused(String token, String reason) {
        Response page = pageWithCookie(token, PAGE);
        assertEquals(303, page.statusCode(), () -> "the session cookie should be refused, but GET " + PAGE + " answered "
                + page.statusCode());
        String location = PortalClient.location(page);
        String expected = "/login?next=" + URLEncoder.encode(PAGE, StandardCharsets.UTF_8);
        assertTrue(location.startsWith(expected), () -> "sent to sign in with the way back: " + location);
        if (reason != null) {
            assertEquals(expected + "&reason=" + reason, location, "the login page is told why");
        }
        assertTrue(page.asString().isEmpty(), "nothing of the page is rendered for a refused cookie");
        assertTrue(SetCookies.named(page, SESSION_COOKIE).map(SetCookies.SetCookie::clears).orElse(false),
                () -> "the refused cookie is cleared: " + page.headers().getValues("Set-Cookie"));
        return page;
    }

    /** The bearer token lets its program read the API (200). */
    public static void assertBearerAccepted(String token) {
        Response response = apiWithBearer(token);
        assertEquals(200, response.statusCode(), () -> "the bearer token should be accepted: " + response.asString());
    }

    /** The bearer token is refused with a 401 problem document and a Bearer challenge. */
    public static Response assertBearerRefused(String token) {
        Response response = apiWithBearer(token);
        assertEquals(401, response.statusCode(), () -> "the bearer token should be refused: " + response.asString());
        assertTrue(String.valueOf(response.contentType()).startsWith(ProblemAssertions.PROBLEM_JSON),
                () -> "a problem document: " + response.contentType());
        assertEquals(401, response.jsonPath().getInt("status"));
        assertTrue(String.valueOf(response.header("WWW-Authenticate")).startsWith("Bearer"),
                () -> "a Bearer challenge: " + response.header("WWW-Authenticate"));
        return response;
    }
}
