package io.hindsight.session;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser for the single sign-on tests: one cookie jar shared by the portal (localhost) and the OpenID
 * provider (127.0.0.1), redirects followed one hop at a time so each can be checked, forms posted as a
 * browser posts them.
 */
final class OidcBrowser {

    /** One request and its answer. */
    record Hop(String method, URI uri, HttpResponse<String> response) {
        int status() {
            return response.statusCode();
        }

        String location() {
            return response.headers().firstValue("Location").orElse(null);
        }

        List<HttpCookie> setCookies() {
            List<HttpCookie> all = new ArrayList<>();
            for (String header : response.headers().allValues("Set-Cookie")) {
                all.addAll(HttpCookie.parse("set-cookie:" + header));
            }
            return all;
        }

        /** The Set-Cookie headers of this answer that store a value (not the ones that clear a cookie). */
        List<HttpCookie> storedCookies() {
            return setCookies().stream().filter(c -> !c.getValue().isEmpty() && c.getMaxAge() != 0).toList();
        }

        String body() {
            return response.body();
        }
    }

    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    final List<Hop> hops = new ArrayList<>();

    Hop get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }

    Hop post(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Follows redirects from {@code hop} while they go to {@code host} (a GET each, as browsers do after 302/303). */
    Hop followWhile(Hop hop, String host) {
        Hop current = hop;
        while (current.status() / 100 == 3 && current.location() != null) {
            URI next = current.uri().resolve(current.location());
            if (!host.equals(next.getHost())) {
                return current;
            }
            current = get(next);
        }
        return current;
    }

    /** Follows every redirect from {@code hop}. */
    Hop follow(Hop hop) {
        Hop current = hop;
        for (int i = 0; i < 20 && current.status() / 100 == 3 && current.location() != null; i++) {
            current = get(current.uri().resolve(current.location()));
        }
        return current;
    }

    /** The cookies the jar would send to {@code uri}. */
    List<HttpCookie> cookiesFor(URI uri) {
        return cookies.getCookieStore().get(uri);
    }

    /** The action of the first form on the page, resolved against the page's address. */
    static URI formAction(Hop page) {
        Matcher m = Pattern.compile("<form[^>]*\\baction=\"([^\"]+)\"").matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no form on " + page.uri() + ": " + page.body());
        }
        return page.uri().resolve(m.group(1).replace("&amp;", "&"));
    }

    private Hop send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Hop hop = new Hop(request.method(), request.uri(), response);
            hops.add(hop);
            return hop;
        } catch (IOException e) {
            throw new AssertionError("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
