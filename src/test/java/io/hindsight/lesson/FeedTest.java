package io.hindsight.lesson;

import io.hindsight.PortalClient;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Atom feed of lessons, read with a personal access token. */
@QuarkusTest
class FeedTest {

    private static final Pattern PAT = Pattern.compile("<code class=\"token-value\">(hs_pat_[A-Za-z0-9_-]+)</code>");

    @Inject
    PostmortemService postmortems;

    @Test
    void theFeedNeedsAPersonalAccessTokenAndEscapesWhatPeopleWrote() {
        published("Queue <backlog> & retries");
        RestAssured.given().redirects().follow(false).get("/feed/lessons.atom").then().statusCode(401);
        RestAssured.given().get("/feed/lessons.atom?access_token=hs_pat_" + "x".repeat(43)).then().statusCode(401);

        PortalClient person = PortalClient.browser();
        String created = person.open("/account/tokens").submit("/account/tokens",
                Map.of("name", "feed reader", "scope", "READ", "days", "30")).asString();
        Matcher pat = PAT.matcher(created);
        assertTrue(pat.find(), created);

        String feed = RestAssured.given().header("Authorization", "Bearer " + pat.group(1)).get("/feed/lessons.atom")
                .then().statusCode(200).contentType("application/atom+xml").extract().asString();
        assertTrue(feed.startsWith("<?xml"), feed);
        assertTrue(feed.contains("<title>Queue &lt;backlog&gt; &amp; retries</title>"), feed);

        RestAssured.given().get("/feed/lessons.atom?access_token=" + pat.group(1)).then().statusCode(200);
    }

    private long published(String title) {
        long id = Incidents.draftJson().title(title).create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> postmortems.recordPublished(id, Instant.now()));
        return id;
    }
}
