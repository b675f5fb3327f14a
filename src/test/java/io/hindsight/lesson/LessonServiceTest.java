package io.hindsight.lesson;

import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The library's contributing-factor filter: only factors the authors ticked count, in any letter
 * case, and the filter runs before the limit, so newer postmortems without the factor cannot
 * push an older one that has it off the page. Each test keeps to its own unique tag.
 */
@QuarkusTest
class LessonServiceTest {

    private static final Instant PUBLISHED = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    @Inject
    LessonService library;

    @Inject
    PostmortemService postmortems;

    @Test
    void theFactorFilterRunsBeforeTheLimit() {
        String tag = Incidents.uniqueTag();
        long ticked = published(tag, PUBLISHED, "## Contributing factors\n- [x] Missing alert\n- [ ] Config drift");
        published(tag, PUBLISHED.plusSeconds(60), "## Contributing factors\n- [x] Config drift");
        published(tag, PUBLISHED.plusSeconds(120), "## Contributing factors\n- [ ] Missing alert");

        assertEquals(List.of(ticked), incidentsOf(library.published(filter(tag, "missing ALERT"), 1)));
    }

    @Test
    void onlyTickedFactorsUnderTheirHeadingMatch() {
        String tag = Incidents.uniqueTag();
        long older = published(tag, PUBLISHED, "### Contributing factors\n* [X] Schrödinger's cache\n\n### Lessons\n- Look first");
        published(tag, PUBLISHED.plusSeconds(60), "### Lessons\n- [x] Schrödinger's cache was mentioned, not ticked");
        published(tag, PUBLISHED.plusSeconds(90), "### Contributing factors\n- [x] Schrödinger's cache, twice");
        long newer = published(tag, PUBLISHED.plusSeconds(120), "## Contributing factors\n- [x] SCHRÖDINGER'S CACHE");

        assertEquals(List.of(newer, older), incidentsOf(library.published(filter(tag, "  schrödinger's cache "), 200)));
        assertEquals(4, library.published(filter(tag, ""), 200).size(), "a blank factor filters nothing");
    }

    private static LessonService.LessonFilter filter(String tag, String factor) {
        return new LessonService.LessonFilter(tag, null, null, factor);
    }

    private static List<Long> incidentsOf(List<Lesson> lessons) {
        return lessons.stream().map(Lesson::incidentId).toList();
    }

    private long published(String tag, Instant at, String learn) {
        long id = Incidents.draftJson().tags(tag).create();
        Map<String, Object> sections = Postmortems.writtenSectionsJson("general");
        sections.put("learn", learn);
        Postmortems.put(id, sections).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> postmortems.recordPublished(id, at));
        return id;
    }
}
