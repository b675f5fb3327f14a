package io.hindsight.apitoken;

import io.hindsight.PortalClient;
import io.restassured.response.Response;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Personal access tokens, made the way a person makes them: on Your account → Tokens. */
final class Pats {

    private static final Pattern SHOWN = Pattern.compile("<code class=\"token-value\">(hs_pat_[A-Za-z0-9_-]+)</code>");

    /** A token just created: its id (for revoking), its value (shown this once) and the page that showed it. */
    record Created(long id, String name, String value, Response page) {
    }

    private Pats() {
    }

    static Created create(PortalClient browser, String name, String scope, int days) {
        Response page = browser.open("/account/tokens").submit("/account/tokens",
                Map.of("name", name, "scope", scope, "days", String.valueOf(days)));
        assertEquals(200, page.statusCode(), () -> "the token is created: " + page.asString());
        String html = page.asString();
        Matcher shown = SHOWN.matcher(html);
        assertTrue(shown.find(), "the new token's value is shown");
        return new Created(idOf(html, name), name, shown.group(1), page);
    }

    /** The id in the revoke form of the token listed under {@code name}. */
    static long idOf(String html, String name) {
        Matcher row = Pattern.compile("<td>" + Pattern.quote(name) + "</td>.*?/account/tokens/(\\d+)/revoke", Pattern.DOTALL)
                .matcher(html);
        assertTrue(row.find(), () -> "the token " + name + " is listed with a revoke form");
        return Long.parseLong(row.group(1));
    }
}
