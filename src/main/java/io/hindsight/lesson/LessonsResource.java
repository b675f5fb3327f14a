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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

/**
 * The Lessons library: published postmortems, lessons first, browsable by tag, service,
 * checklist and contributing factor — where new colleagues learn before they repeat a mistake.
 * A page at a time, newest first; "Newer" and "Older" links carry where the page starts.
 */
@Path("/lessons")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.VIEW)
public class LessonsResource {

    static final int PAGE_SIZE = 25;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance lessons(List<Lesson> lessons, String tag, String service, String checklist, String factor,
                                               List<String> factors, List<String> checklistSlugs, String newer, String older,
                                               boolean paged);
    }

    @Inject
    LessonService library;

    @GET
    public TemplateInstance lessons(@RestQuery String tag, @RestQuery String service, @RestQuery String checklist,
                                    @RestQuery String factor, @RestQuery String after, @RestQuery String before) {
        LessonService.Cursor afterCursor = LessonService.Cursor.parse(after);
        LessonService.Cursor beforeCursor = LessonService.Cursor.parse(before);
        LessonService.LessonFilter filter = new LessonService.LessonFilter(tag, service, checklist, factor);
        LessonService.LessonPage page = library.page(filter, afterCursor, beforeCursor, PAGE_SIZE);
        TreeSet<String> factors = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        factors.addAll(library.factors());
        if (!blank(factor).isEmpty()) {
            factors.add(blank(factor));
        }
        String filters = query(filter);
        return Templates.lessons(page.lessons(), blank(tag), blank(service), blank(checklist), blank(factor),
                List.copyOf(factors), library.checklistSlugs(),
                page.newer() == null ? null : "/lessons?" + filters + "before=" + encode(page.newer().toString()),
                page.older() == null ? null : "/lessons?" + filters + "after=" + encode(page.older().toString()),
                afterCursor != null || beforeCursor != null);
    }

    /** The filters as the start of a query string, each followed by {@code &}. */
    private static String query(LessonService.LessonFilter filter) {
        StringBuilder query = new StringBuilder();
        append(query, "tag", filter.tag());
        append(query, "service", filter.service());
        append(query, "checklist", filter.checklist());
        append(query, "factor", filter.factor());
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (!blank(value).isEmpty()) {
            query.append(name).append('=').append(encode(blank(value))).append('&');
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String blank(String value) {
        return value == null ? "" : value.strip();
    }
}
