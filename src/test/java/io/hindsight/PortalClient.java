package io.hindsight;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.LinkedHashMap;
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
 * <p>Every HTTP request of the test suite is built by {@link #request()}. When Hindsight gets
 * sign-in, that is the one method to change.
 */
public final class PortalClient {

    public static final String CSRF_COOKIE = "csrf-token";
    public static final String CSRF_FIELD = "csrf-token";
    public static final String FLASH_COOKIE = "hs_flash";
    public static final String ZONE_COOKIE = "tz";

    private static final Pattern CSRF_INPUT = Pattern.compile(
            "<input type=\"hidden\" name=\"" + Pattern.quote(CSRF_FIELD) + "\" value=\"([^\"]+)\">");

    private final Map<String, String> cookies = new LinkedHashMap<>();

    private PortalClient() {
    }

    /** A person with a fresh browser: no cookies yet. */
    public static PortalClient browser() {
        return new PortalClient();
    }

    /** A program calling the JSON API: sends and accepts JSON. */
    public static RequestSpecification api() {
        return new PortalClient().request().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    /** The browser's time zone, as /static/app.js reports it. */
    public PortalClient inZone(String zoneId) {
        cookies.put(ZONE_COOKIE, zoneId);
        return this;
    }

    /**
     * The single place where every request of the test suite starts.
     *
     * <p>A future login goes here: sign this client in once (e.g. lazily on the first call) and
     * attach the session cookie for pages or the bearer token for the API to the returned spec.
     */
    public RequestSpecification request() {
        return RestAssured.given().redirects().follow(false).cookies(cookies);
    }

    /** GETs a page as this browser and keeps the cookies it sets. */
    public Response get(String path) {
        return remember(request().accept(ContentType.HTML).get(path));
    }

    /** Follows a post-redirect-get: asserts the 303 and GETs its {@code Location} with the cookies set so far. */
    public Response follow(Response redirect) {
        assertEquals(303, redirect.statusCode(), "expected a redirect (see other)");
        return get(location(redirect));
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

    /** POSTs a form exactly as given: no CSRF token is added (see {@link FormPage#submit}). */
    public Response postForm(String action, Map<String, String> fields) {
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
        public Response submit(String action, Map<String, String> fields) {
            Map<String, String> withToken = new LinkedHashMap<>(fields);
            withToken.put(CSRF_FIELD, csrfToken);
            return browser.postForm(action, withToken);
        }
    }
}
