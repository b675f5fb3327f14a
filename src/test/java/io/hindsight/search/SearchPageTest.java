package io.hindsight.search;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static io.hindsight.search.SearchApiTest.uniqueWord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /search page and the search box in every page's header, without JavaScript. */
@QuarkusTest
class SearchPageTest {

    private static String q(String text) {
        return "/search?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void everyPageHeaderHasASearchBoxThatAsksTheSearchPage() {
        String home = PortalClient.browserAs(Role.VIEWER).get("/").asString();

        assertTrue(home.contains("<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"), home);
        assertTrue(home.contains("name=\"q\""));
    }

    @Test
    void aViewerFindsAnIncidentWithTheMatchHighlightedAndEscaped() {
        String word = uniqueWord();
        long id = Incidents.draftJson().summary("The <b>cache</b> & the " + word + " queue filled up.").create();

        Response page = PortalClient.browserAs(Role.VIEWER).get(q(word));

        assertEquals(200, page.statusCode());
        String html = page.asString();
        assertTrue(html.contains("href=\"/incidents/" + id + "\""), html);
        assertTrue(html.contains("<mark>" + word + "</mark>"), html);
        assertTrue(html.contains("&amp; the <mark>" + word + "</mark> queue"), "stored text is escaped around the marks: " + html);
        assertFalse(html.contains("<b>cache"), "markup in stored text never reaches the page as markup");
        assertTrue(html.contains("1 incident"), html);
    }

    @Test
    void theSyntaxIsExplainedOnThePage() {
        String html = PortalClient.browserAs(Role.VIEWER).get("/search").asString();

        assertTrue(html.contains("How to search"));
        assertTrue(html.contains("<code>back*</code>"));
        assertTrue(html.contains("<code>\"restore drill\"</code>") || html.contains("<code>&quot;restore drill&quot;</code>"));
    }

    @Test
    void aHugeQueryGetsAClearMessageAndTheFormBack() {
        Response page = PortalClient.browserAs(Role.VIEWER).get(q("backup ".repeat(100)));

        assertEquals(400, page.statusCode());
        assertTrue(page.asString().contains("at most 200 characters"), page.asString());
        assertTrue(page.asString().contains("id=\"s-q\""));
    }

    @Test
    void onlyCommonWordsOrAMisspellingSayWhatHappened() {
        String word = uniqueWord();
        Incidents.draftJson().title("Workers " + word + " stuck " + Incidents.shortId()).create();
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);

        assertTrue(viewer.get(q("the")).asString().contains("too common"));
        String typo = word.substring(0, 4) + word.substring(5);
        String corrected = viewer.get(q(typo)).asString();
        assertTrue(corrected.contains("showing results for"), corrected);
        assertTrue(corrected.contains("<mark>") || corrected.contains(word), corrected);
    }

    @Test
    void badFiltersAreExplainedNotFailed() {
        Response page = PortalClient.browserAs(Role.VIEWER).get("/search?q=backup&from=soon&severity=sev7");

        assertEquals(400, page.statusCode());
        assertTrue(page.asString().contains("year-month-day"));
        assertFalse(page.asString().contains("Exception"));
    }
}
