package io.hindsight.lesson;

import io.hindsight.account.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Lessons library: published postmortems, lessons first, browsable by tag, service,
 * checklist and contributing factor — where new colleagues learn before they repeat a mistake.
 */
@Path("/lessons")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class LessonsResource {

    private static final int LIMIT = 200;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance lessons(List<Lesson> lessons, String tag, String service, String checklist, String factor,
                                               List<String> factors, List<String> checklistSlugs);
    }

    @Inject
    LessonService library;

    @GET
    public TemplateInstance lessons(@RestQuery String tag, @RestQuery String service, @RestQuery String checklist,
                                    @RestQuery String factor) {
        List<Lesson> lessons = library.published(new LessonService.LessonFilter(tag, service, checklist, factor), LIMIT);
        List<String> factors = List.copyOf(lessons.stream().flatMap(l -> l.factors().stream())
                .collect(Collectors.toCollection(() -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER))));
        return Templates.lessons(lessons, blank(tag), blank(service), blank(checklist), blank(factor), factors,
                library.checklistSlugs());
    }

    private static String blank(String value) {
        return value == null ? "" : value.strip();
    }
}
