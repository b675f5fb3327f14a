package io.hindsight.lesson;

import io.hindsight.Hashes;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestPublicAddress;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Private feed addresses: a secret in the URL for feed readers that cannot send headers. Stored as a
 * hash, shown once, revocable and re-creatable on the account page; it opens the lessons feed and
 * nothing else; unknown and revoked secrets look the same; the secret is never logged or audited.
 */
@QuarkusTest
class FeedAddressTest {

    private static final Pattern ADDRESS = Pattern.compile("<code class=\"feed-address\">(https://[^<]+/feed/private/(hs_feed_[A-Za-z0-9_-]{43})/lessons\\.atom)</code>");

    @Inject
    PostmortemService postmortems;

    @Inject
    EntityManager entityManager;

    @Test
    void aPersonMakesAPrivateFeedAddressThatOpensTheFeedAndIsStoredHashed() {
        String title = "Feed address lesson " + System.nanoTime();
        published(title);
        TestAccounts.Account account = TestAccounts.fresh(Role.VIEWER);
        PortalClient person = PortalClient.anonymous().signIn(account);
        assertTrue(person.get("/lessons").asString().contains("href=\"/account/feed\""), "the Lessons page links to it");

        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = capture(logged);
        try {
            var page = person.open("/account/feed");
            assertTrue(page.html().contains("You have no private feed address."), page.html());
            Response created = page.submit("/account/feed", Map.of());
            assertEquals(200, created.statusCode());
            Matcher address = ADDRESS.matcher(created.asString());
            assertTrue(address.find(), created.asString());
            assertTrue(address.group(1).startsWith(TestPublicAddress.ADDRESS + "/feed/private/"), address.group(1));
            String secret = address.group(2);
            String path = address.group(1).substring(TestPublicAddress.ADDRESS.length());

            String feed = RestAssured.given().get(path).then().statusCode(200).contentType("application/atom+xml").extract().asString();
            assertTrue(feed.contains("<title>" + title + "</title>"), feed);
            // Shown once: the page, opened again, no longer has it.
            assertFalse(person.get("/account/feed").asString().contains(secret));

            // Only the SHA-256 is kept; neither the audit log nor the log holds the secret.
            List<?> hashes = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                    "SELECT token_hash FROM feed_token WHERE user_id = ?1").setParameter(1, account.id()).getResultList());
            assertEquals(List.of(Hashes.sha256(secret)), hashes);
            assertEquals(List.of("feed.address-created"), auditActions(account.id()));
            assertEquals(0L, count("SELECT count(*) FROM audit_event WHERE detail LIKE ?1 OR subject LIKE ?1", "%" + secret.substring(8) + "%"));
            assertTrue(logged.stream().noneMatch(line -> line.contains(secret.substring(8))), String.join("\n", logged));
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
    }

    @Test
    void theSecretOpensNothingButTheFeed() {
        published("Only the feed " + System.nanoTime());
        PortalClient person = PortalClient.browserAs(Role.EDITOR);
        String secret = create(person).group(2);
        RestAssured.given().get(FeedAddresses.path(secret)).then().statusCode(200);

        // Not a bearer token, not an access_token, not a session cookie.
        RestAssured.given().header("Authorization", "Bearer " + secret).get("/api/v1/incidents").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer " + secret).get("/feed/lessons.atom").then().statusCode(401);
        RestAssured.given().get("/feed/lessons.atom?access_token=" + secret).then().statusCode(401);
        RestAssured.given().get("/api/v1/incidents?access_token=" + secret).then().statusCode(401);
        Response page = RestAssured.given().redirects().follow(false).header("Authorization", "Bearer " + secret).get("/lessons");
        assertEquals(401, page.statusCode());
        Response cookie = PortalClient.anonymous().withCookie(PortalClient.SESSION_COOKIE, secret).get("/incidents");
        assertEquals(303, cookie.statusCode());
        assertTrue(cookie.header("Location").startsWith("/login"), cookie.header("Location"));
        // Nor any other address under it.
        RestAssured.given().redirects().follow(false).get("/feed/private/" + secret + "/incidents").then().statusCode(404);
        RestAssured.given().redirects().follow(false).get("/feed/private/" + secret).then().statusCode(404);
        // Writing with it: refused.
        RestAssured.given().header("Authorization", "Bearer " + secret).contentType("application/json")
                .body(Incidents.draftJson().body()).post(Incidents.API).then().statusCode(401);
    }

    @Test
    void revokedAndUnknownAddressesAnswerTheSameAndANewAddressReplacesTheOld() {
        TestAccounts.Account account = TestAccounts.fresh(Role.VIEWER);
        PortalClient person = PortalClient.anonymous().signIn(account);
        String first = create(person).group(2);
        RestAssured.given().get(FeedAddresses.path(first)).then().statusCode(200);

        // Replacing it: the old one stops working, the new one works.
        String second = create(person).group(2);
        assertNotEquals(first, second);
        RestAssured.given().get(FeedAddresses.path(first)).then().statusCode(404);
        RestAssured.given().get(FeedAddresses.path(second)).then().statusCode(200);

        Response revoked = person.open("/account/feed").submit("/account/feed/revoke", Map.of());
        assertEquals(303, revoked.statusCode());
        assertTrue(person.get("/account/feed").asString().contains("You have no private feed address."));
        assertEquals(List.of("feed.address-created", "feed.address-created", "feed.address-revoked"), auditActions(account.id()));

        Response gone = RestAssured.given().get(FeedAddresses.path(second));
        Response unknown = RestAssured.given().get(FeedAddresses.path("hs_feed_" + "A".repeat(43)));
        Response malformed = RestAssured.given().get("/feed/private/not-a-secret/lessons.atom");
        for (Response r : List.of(gone, unknown, malformed)) {
            assertEquals(404, r.statusCode());
            assertEquals("There is no feed at this address.\n", r.asString());
        }

        // A person who is deactivated keeps no feed.
        String third = create(person).group(2);
        RestAssured.given().get(FeedAddresses.path(third)).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> User.<User>findById(account.id()).disabledAt = Instant.now());
        RestAssured.given().get(FeedAddresses.path(third)).then().statusCode(404);
    }

    private static Matcher create(PortalClient person) {
        Response created = person.open("/account/feed").submit("/account/feed", Map.of());
        Matcher address = ADDRESS.matcher(created.asString());
        assertTrue(address.find(), created.asString());
        return address;
    }

    private List<String> auditActions(long userId) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                        "SELECT action FROM audit_event WHERE subject = ?1 AND action LIKE 'feed.%' ORDER BY id")
                .setParameter(1, "account:" + userId).getResultList().stream().map(String::valueOf).toList());
    }

    private long count(String sql, String parameter) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter(1, parameter).getSingleResult()).longValue());
    }

    private static Handler capture(List<String> lines) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                Object[] parameters = record.getParameters();
                lines.add(message + (parameters == null ? "" : " " + java.util.Arrays.toString(parameters)));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(handler);
        return handler;
    }

    private long published(String title) {
        long id = Incidents.draftJson().title(title).create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> postmortems.recordPublished(id, Instant.now()));
        return id;
    }
}
