package io.hindsight.share;

import io.hindsight.PortalClient;
import io.hindsight.TestClock;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Read-only share links: no account, expiring, revocable. (The Atom feed is tested in lesson.FeedTest.) */
@QuarkusTest
class ShareLinkTest {


    @Inject
    PostmortemService postmortems;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void onlyPublishedPostmortemsCanBeShared() {
        long id = incidentWithPostmortem("Not yet published");
        Response refused = PortalClient.browser().open("/incidents/" + id + "/postmortem/share")
                .submit("/incidents/" + id + "/postmortem/share", Map.of());
        assertEquals(409, refused.statusCode());
        assertTrue(refused.asString().contains("Only published postmortems can be shared"));
    }

    @Test
    void aShareLinkShowsThePublishedPostmortemWithoutAnAccountUntilRevoked() {
        long id = published("Checkout slowed by a lock");
        PortalClient editor = PortalClient.browser();
        String path = ShareLinks.create(editor, id);

        String page = RestAssured.given().redirects().follow(false).get(path).then().statusCode(200)
                .header("Cache-Control", "no-store").extract().asString();
        assertTrue(page.contains("Checkout slowed by a lock"));
        assertTrue(page.contains("Checkout was slow for <strong>40 minutes</strong> after a deploy."), "sections render");
        assertFalse(page.contains("Sign out"), "no account involved");

        String links = editor.get("/incidents/" + id + "/postmortem/share").asString();
        Matcher revoke = Pattern.compile("action=\"(/incidents/" + id + "/postmortem/share/\\d+/revoke)\"").matcher(links);
        assertTrue(revoke.find(), links);
        assertEquals(303, editor.open("/incidents/" + id + "/postmortem/share").submit(revoke.group(1), Map.of()).statusCode());

        RestAssured.given().get(path).then().statusCode(404);
    }

    @Test
    void aShareLinkExpiresAfterAWeek() {
        long id = published("Search index rebuilt twice");
        String path = ShareLinks.create(PortalClient.browser(), id);
        RestAssured.given().get(path).then().statusCode(200);

        clock.advance(Duration.ofDays(7).plusMinutes(1));

        RestAssured.given().get(path).then().statusCode(404);
    }

    @Test
    void madeUpLinksOpenNothing() {
        RestAssured.given().get("/share/" + "A".repeat(43)).then().statusCode(404);
        RestAssured.given().get("/share/short").then().statusCode(404);
    }

    private long incidentWithPostmortem(String title) {
        long id = Incidents.draftJson().title(title + " " + Incidents.shortId()).create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        return id;
    }

    private long published(String title) {
        long id = Incidents.draftJson().title(title).create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> postmortems.recordPublished(id, Instant.now()));
        return id;
    }

}
