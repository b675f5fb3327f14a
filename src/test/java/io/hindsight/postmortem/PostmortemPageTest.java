package io.hindsight.postmortem;

import io.hindsight.PortalClient;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the postmortem page reads: its status shown once, the template's factors as checkboxes. */
@QuarkusTest
class PostmortemPageTest {

    @Test
    void aPublishedPostmortemSaysPublishedOnce() {
        long id = Incidents.draftJson().create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        Postmortems.recordPublished(id, Instant.now());
        // Publishing through the review marks the incident Published too.
        QuarkusTransaction.requiringNew().run(() -> Incident.<Incident>findById(id).status = IncidentStatus.PUBLISHED);

        String badges = badges(PortalClient.browser().get("/incidents/" + id + "/postmortem").asString());

        assertEquals(1, count(badges, ">Published</span>"), badges);
    }

    @Test
    void aDraftOfAnOpenIncidentShowsBothStatuses() {
        long id = Incidents.draftJson().create();
        Postmortems.put(id, Postmortems.writtenSectionsJson("general")).then().statusCode(200);

        String badges = badges(PortalClient.browser().get("/incidents/" + id + "/postmortem").asString());

        assertTrue(badges.contains(">Draft</span>"), badges);
        assertEquals(3, count(badges, "class=\"badge "), "severity, incident status and postmortem status: " + badges);
    }

    @Test
    void theStartersContributingFactorsAreCheckboxesOnThePage() {
        long id = Incidents.draftJson().create();
        PortalClient editor = PortalClient.browser();
        editor.open("/incidents/" + id + "/postmortem").submit("/incidents/" + id + "/postmortem",
                Map.of("template", "general")).then().statusCode(303);

        String page = editor.get("/incidents/" + id + "/postmortem").asString();

        assertTrue(page.contains("<li><input type=\"checkbox\" disabled=\"\" aria-label=\"Not ticked\"> Change shipped without a staged rollout</li>"), page);
        assertFalse(page.contains("[ ] Change shipped"), "no raw task-list markers");
    }

    private static String badges(String html) {
        Matcher badges = Pattern.compile("<p class=\"badges\">(.*?)</p>", Pattern.DOTALL).matcher(html);
        assertTrue(badges.find(), "the page head has badges");
        return badges.group(1);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
