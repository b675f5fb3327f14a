package io.hindsight;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import io.hindsight.account.Role;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the tests reach the portal: as a program calling the JSON API, or as a person in a browser
 * who opens a form, fills it in and sends it. A browser client keeps its cookies between requests
 * (CSRF, flash, time zone) the way a real browser would, and never follows redirects by itself so
 * that tests can assert the 303 and its {@code Location} before following it.
 *
 * <p>Every HTTP request of the test suite is built by {@link #request()}. Browsers sign in through
 * the real login form and keep the session cookie; programs get a bearer token from
 * {@code POST /api/v1/auth/token}. Both are editors unless a test asks for another role.
 */
public final class PortalClient {

    public static final String CSRF_COOKIE = "csrf-token";
    public static final String CSRF_FIELD = "csrf-token";
    public static final String FLASH_COOKIE = "hs_flash";
    public static final String ZONE_COOKIE = "tz";

    private static final Pattern CSRF_INPUT = Pattern.compile(
            "<input type=\"hidden\" name=\"" + Pattern.quote(CSRF_FIELD) + "\" value=\"([^\"]+)\">");

    public static final String SESSION_COOKIE = "hindsight_session";

    private static final Map<Role, String> ACCESS_TOKENS = new ConcurrentHashMap<>();
    private static final Map<Role, Instant> ACCESS_TOKEN_TIMES = new ConcurrentHashMap<>();

    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String bearer;

    private PortalClient() {
    }

    /** An editor with a fresh browser, signed in through the login form. */
    public static PortalClient browser() {
        return browserAs(Role.EDITOR);
    }

    /** A person of {@code role} with a fresh browser, signed in through the login form. */
    public static PortalClient browserAs(Role role) {
        return anonymous().signIn(TestAccounts.of(role));
    }

    /** A fresh browser that has not signed in. */
    public static PortalClient anonymous() {
        return new PortalClient();
    }

    /** Signs this browser in with the login form and keeps the session cookie. */
    public PortalClient signIn(TestAccounts.Account account) {
        FormPage login = open("/login");
        Response response = login.submit("/login", Map.of("email", account.email(), "password", account.password(), "next", "/"));
        assertEquals(303, response.statusCode(), () -> "signing in as " + account.email() + " should redirect: " + response.asString());
        assertNotNull(cookies.get(SESSION_COOKIE), "signing in should set the session cookie");
        return this;
    }

    /** An editor's program calling the JSON API: sends and accepts JSON, with a bearer token. */
    public static RequestSpecification api() {
        return apiAs(Role.EDITOR);
    }

    /** A program of a person with {@code role}. */
    public static RequestSpecification apiAs(Role role) {
        PortalClient client = new PortalClient();
        client.bearer = accessToken(role);
        return client.request().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** A program without any token. */
    public static RequestSpecification anonymousApi() {
        return new PortalClient().request().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** An access token for the shared account of {@code role}, renewed well before its five minutes run out. */
    public static synchronized String accessToken(Role role) {
        Instant issued = ACCESS_TOKEN_TIMES.get(role);
        if (issued == null || issued.isBefore(Instant.now().minusSeconds(120))) {
            TestAccounts.Account account = TestAccounts.of(role);
            String token = RestAssured.given().contentType(ContentType.JSON)
                    .body(Map.of("email", account.email(), "password", account.password()))
                    .post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
            ACCESS_TOKENS.put(role, token);
            ACCESS_TOKEN_TIMES.put(role, Instant.now());
        }
        return ACCESS_TOKENS.get(role);
    }

    /**
     * Forgets the access tokens kept for the shared accounts, so that the next API call signs in again: for tests that
     * take the sessions away underneath the running portal (emptying the accounts before a restore), whose tokens the
     * portal may then keep refusing for as long as it remembers them refused.
     */
    public static synchronized void forgetAccessTokens() {
        ACCESS_TOKENS.clear();
        ACCESS_TOKEN_TIMES.clear();
    }

    /** The browser's time zone, as /static/app.js reports it. */
    public PortalClient inZone(String zoneId) {
        cookies.put(ZONE_COOKIE, zoneId);
        return this;
    }

    /**
     * Sends {@code value} as header {@code name} on every later request of this client, e.g. a
     * {@code User-Agent} (the sessions page names the browser).
     */
    public PortalClient header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /**
     * This browser reaches the portal from {@code address}: the test profile trusts
     * {@code X-Forwarded-For} from localhost, so sign-in throttling and the sessions page see it.
     */
    public PortalClient from(String address) {
        return header("X-Forwarded-For", address);
    }

    /** Puts a cookie into this browser's jar, as a tampering person (or an old tab) would; null removes it. */
    public PortalClient withCookie(String name, String value) {
        if (value == null) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
        return this;
    }

    /** The single place where every request of the test suite starts: with this client's cookies or bearer token. */
    public RequestSpecification request() {
        RequestSpecification spec = RestAssured.given().redirects().follow(false).cookies(cookies).headers(headers);
        return bearer == null ? spec : spec.header("Authorization", "Bearer " + bearer);
    }

    /** GETs a page as this browser and keeps the cookies it sets. */
    public Response get(String path) {
        return remember(request().accept(ContentType.HTML).get(path));
    }

    /**
     * GETs an address that is already URL-encoded, such as a {@code Location} the portal sent, exactly
     * as given (REST Assured would otherwise encode its {@code %} signs a second time).
     */
    public Response visit(String encodedPathAndQuery) {
        return remember(request().urlEncodingEnabled(false).accept(ContentType.HTML).get(encodedPathAndQuery));
    }

    /** Follows a post-redirect-get: asserts the 303 and GETs its {@code Location} with the cookies set so far. */
    public Response follow(Response redirect) {
        assertEquals(303, redirect.statusCode(), "expected a redirect (see other)");
        return visit(location(redirect));
    }

    /**
     * Opens a page that holds a form: asserts it renders and takes the CSRF token from its hidden
     * input (the matching cookie is kept by this browser).
     */
    public FormPage open(String path) {
        Response page = get(path);
        assertEquals(200, page.statusCode(), () -> "GET " + path + " should render a page");
        String html = page.asString();
        Matcher token = CSRF_INPUT.matcher(html);
        assertTrue(token.find(), () -> "GET " + path + " should render a form with a CSRF token");
        assertNotNull(cookies.get(CSRF_COOKIE), () -> "GET " + path + " should set the CSRF cookie");
        return new FormPage(this, html, token.group(1));
    }

    /**
     * POSTs a form exactly as given: no CSRF token is added (see {@link FormPage#submit}). A list
     * value is sent as a repeated field, as a browser sends ticked checkboxes.
     */
    public Response postForm(String action, Map<String, ?> fields) {
        return remember(request().contentType(ContentType.URLENC.withCharset("UTF-8")).accept(ContentType.HTML)
                .formParams(fields).post(action));
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    /** The path (and query) a redirect points to, without the fragment a browser keeps to itself. */
    public static String location(Response redirect) {
        String location = redirect.header("Location");
        assertNotNull(location, "a redirect needs a Location");
        String path = location.replaceFirst("^https?://[^/]+", "");
        int fragment = path.indexOf('#');
        return fragment < 0 ? path : path.substring(0, fragment);
    }

    private Response remember(Response response) {
        for (Cookie cookie : response.getDetailedCookies()) {
            if (cookie.getMaxAge() == 0 || cookie.getValue() == null || cookie.getValue().isEmpty()) {
                cookies.remove(cookie.getName());
            } else {
                cookies.put(cookie.getName(), cookie.getValue());
            }
        }
        return response;
    }

    /** A rendered page with a form, ready to be submitted with its CSRF token. */
    public record FormPage(PortalClient browser, String html, String csrfToken) {

        /** Sends {@code fields} to {@code action} with this page's CSRF token, as the browser would. */
        public Response submit(String action, Map<String, ?> fields) {
            Map<String, Object> withToken = new LinkedHashMap<>(fields);
            withToken.put(CSRF_FIELD, csrfToken);
            return browser.postForm(action, withToken);
        }
    }
}
