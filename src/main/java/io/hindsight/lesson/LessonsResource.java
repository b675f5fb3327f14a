package io.hindsight.lesson;

import io.hindsight.account.Role;
import io.hindsight.checklist.IncidentChecklist;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemStatus;
import io.quarkus.panache.common.Parameters;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    @GET
    @Transactional
    public TemplateInstance lessons(@RestQuery String tag, @RestQuery String service, @RestQuery String checklist,
                                    @RestQuery String factor) {
        StringBuilder where = new StringBuilder("p.status = :published");
        Parameters params = Parameters.with("published", PostmortemStatus.PUBLISHED);
        if (tag != null && !tag.isBlank()) {
            where.append(" AND array_contains(i.tags, :tag)");
            params.and("tag", tag.strip().toLowerCase(Locale.ROOT));
        }
        if (service != null && !service.isBlank()) {
            where.append(" AND array_contains(i.affectedServices, :service)");
            params.and("service", service.strip().toLowerCase(Locale.ROOT));
        }
        if (checklist != null && !checklist.isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM IncidentChecklist c WHERE c.incident = i AND c.slug = :checklist)");
            params.and("checklist", checklist.strip());
        }
        List<Postmortem> published = Postmortem.<Postmortem>find("FROM Postmortem p JOIN FETCH p.incident i JOIN FETCH p.template WHERE "
                        + where + " ORDER BY p.publishedAt DESC, p.id DESC", params)
                .page(0, LIMIT).list();
        Map<Long, List<String>> attached = published.isEmpty() ? Map.of()
                : IncidentChecklist.<IncidentChecklist>list("FROM IncidentChecklist c JOIN FETCH c.template WHERE c.incident.id IN ?1",
                        published.stream().map(p -> p.incident.id).toList()).stream()
                .collect(Collectors.groupingBy(c -> c.incident.id, Collectors.mapping(c -> c.template.name, Collectors.toList())));
        List<Lesson> lessons = published.stream().map(p -> Lesson.of(p, attached.getOrDefault(p.incident.id, List.of())))
                .filter(l -> factor == null || factor.isBlank() || l.hasFactor(factor.strip()))
                .toList();
        List<String> factors = List.copyOf(lessons.stream().flatMap(l -> l.factors().stream())
                .collect(Collectors.toCollection(() -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER))));
        List<String> checklistSlugs = IncidentChecklist.getEntityManager()
                .createQuery("SELECT DISTINCT c.slug FROM IncidentChecklist c ORDER BY c.slug", String.class).getResultList();
        return Templates.lessons(lessons, blank(tag), blank(service), blank(checklist), blank(factor), factors, checklistSlugs);
    }

    private static String blank(String value) {
        return value == null ? "" : value.strip();
    }
}
