package io.hindsight.lesson;

import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test data for the Lessons library: incidents whose postmortem is written through the API and
 * recorded as published (as an imported report is), without the review the review tests cover.
 * Also reads the library page's cards back.
 */
final class PublishedLessons {

    private PublishedLessons() {
    }

    /** Records {@code incident}, writes its postmortem with this Learn section, publishes it now, and returns its id. */
    static long publish(Incidents.IncidentJson incident, String learn) {
        long id = incident.create();
        write(id, learn);
        Postmortems.recordPublished(id, Instant.now());
        return id;
    }

    /** Records {@code incident} with a written but unpublished postmortem, and returns its id. */
    static long draft(Incidents.IncidentJson incident, String learn) {
        long id = incident.create();
        write(id, learn);
        return id;
    }

    /** A Learn section with these lessons and these contributing factors ticked. */
    static String learn(String lesson, String... factors) {
        StringBuilder learn = new StringBuilder("### What went well\n- The rollback took two minutes\n\n### Lessons\n- ")
                .append(lesson).append("\n\n### Contributing factors\n");
        for (String factor : factors) {
            learn.append("- [x] ").append(factor).append('\n');
        }
        return learn.append("- [ ] A factor nobody ticked\n").toString();
    }

    /** The card of the incident's lesson on a library page, or null when the page does not show it. */
    static String card(String page, long incidentId) {
        Matcher card = Pattern.compile("<article class=\"card lesson\">.*?</article>", Pattern.DOTALL).matcher(page);
        while (card.find()) {
            if (card.group().contains("href=\"/incidents/" + incidentId + "/postmortem\"")) {
                return card.group();
            }
        }
        return null;
    }

    private static void write(long incidentId, String learn) {
        Map<String, Object> sections = new LinkedHashMap<>(Postmortems.writtenSectionsJson("general"));
        sections.put("learn", learn);
        Postmortems.put(incidentId, sections).then().statusCode(200);
    }
}
