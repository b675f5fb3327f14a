package io.hindsight.lesson;

import io.hindsight.checklist.IncidentChecklist;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemStatus;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the Lessons library: published postmortems, newest first, as the library and the feed show them. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LessonService {

    private static final String NEWEST_FIRST = " ORDER BY p.publishedAt DESC, p.id DESC";

    /** What a reader narrows the library to; a blank or null value narrows nothing. */
    public record LessonFilter(String tag, String service, String checklist, String factor) {
    }

    /**
     * Up to {@code limit} published postmortems that pass every filter, newest first, each with the
     * names of the checklists attached to its incident.
     */
    public List<Lesson> published(LessonFilter filter, int limit) {
        // Lessons of an incident in the Trash are gone with it (the incidents' filter does not reach joins).
        StringBuilder where = new StringBuilder("p.status = :published AND i.deletedAt IS NULL");
        Parameters params = Parameters.with("published", PostmortemStatus.PUBLISHED);
        if (present(filter.tag())) {
            where.append(" AND array_contains(i.tags, :tag)");
            params.and("tag", filter.tag().strip().toLowerCase(Locale.ROOT));
        }
        if (present(filter.service())) {
            where.append(" AND array_contains(i.affectedServices, :service)");
            params.and("service", filter.service().strip().toLowerCase(Locale.ROOT));
        }
        if (present(filter.checklist())) {
            where.append(" AND EXISTS (SELECT 1 FROM IncidentChecklist c WHERE c.incident = i AND c.slug = :checklist)");
            params.and("checklist", filter.checklist().strip());
        }
        List<Postmortem> published = present(filter.factor())
                ? tickingFactor(where, params, filter.factor().strip(), limit)
                : Postmortem.<Postmortem>find("FROM Postmortem p JOIN FETCH p.incident i JOIN FETCH p.template WHERE "
                        + where + NEWEST_FIRST, params).page(0, limit).list();
        Map<Long, List<String>> attached = published.isEmpty() ? Map.of()
                : IncidentChecklist.<IncidentChecklist>list("FROM IncidentChecklist c JOIN FETCH c.template WHERE c.incident.id IN ?1",
                        published.stream().map(p -> p.incident.id).toList()).stream()
                .collect(Collectors.groupingBy(c -> c.incident.id, Collectors.mapping(c -> c.template.name, Collectors.toList())));
        return published.stream().map(p -> Lesson.of(p, attached.getOrDefault(p.incident.id, List.of()))).toList();
    }

    /**
     * The newest {@code limit} postmortems that pass {@code where} and whose authors ticked {@code factor}.
     * Ticked factors are read from the Learn section's Markdown by {@link Lesson}, one reading for
     * the page and the filter; the query keeps only Learn sections that mention the factor at all,
     * and the exact check runs on those before the limit, so older matches are not cut off by
     * newer postmortems without the factor.
     */
    private static List<Postmortem> tickingFactor(StringBuilder where, Parameters params, String factor, int limit) {
        TypedQuery<Object[]> mentioning = Postmortem.getEntityManager().createQuery(
                "SELECT p.id, p.learn FROM Postmortem p JOIN p.incident i WHERE " + where
                        + " AND lower(p.learn) LIKE :mention ESCAPE '!'" + NEWEST_FIRST, Object[].class);
        params.map().forEach(mentioning::setParameter);
        mentioning.setParameter("mention", mentionPattern(factor));
        List<Long> ids = mentioning.getResultList().stream()
                .filter(row -> Lesson.ticks((String) row[1], factor))
                .limit(limit)
                .map(row -> (Long) row[0])
                .toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return Postmortem.list("FROM Postmortem p JOIN FETCH p.incident i JOIN FETCH p.template WHERE p.id IN ?1" + NEWEST_FIRST,
                ids);
    }

    /** The newest {@code count} published postmortems with their incidents, for the feed. */
    public List<Postmortem> latestPublished(int count) {
        return Postmortem.<Postmortem>find(
                        "FROM Postmortem p JOIN FETCH p.incident i WHERE p.status = ?1 AND i.deletedAt IS NULL" + NEWEST_FIRST,
                        PostmortemStatus.PUBLISHED).page(0, count).list();
    }

    /** The slug of every checklist attached to some incident, for the library's checklist filter. */
    public List<String> checklistSlugs() {
        return IncidentChecklist.getEntityManager()
                .createQuery("SELECT DISTINCT c.slug FROM IncidentChecklist c WHERE c.incident.deletedAt IS NULL ORDER BY c.slug", String.class).getResultList();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * A LIKE pattern (escape '!') that the lower-cased Learn section of every postmortem ticking
     * {@code factor} matches: more may match, none is missed. The exact check uses Java's
     * equalsIgnoreCase, and the database's lower() need not fold case the same way beyond ASCII, so
     * the pattern spells out only the ASCII characters without a non-ASCII case twin and lets any
     * text stand for the others (i, k, s and everything outside ASCII).
     */
    static String mentionPattern(String factor) {
        StringBuilder pattern = new StringBuilder("%");
        boolean anything = true;
        for (int c : factor.codePoints().toArray()) {
            int lower = c < 0x80 ? Character.toLowerCase(c) : c;
            if (lower >= 0x80 || lower == 'i' || lower == 'k' || lower == 's') {
                if (!anything) {
                    pattern.append('%');
                    anything = true;
                }
                continue;
            }
            if (lower == '!' || lower == '%' || lower == '_') {
                pattern.append('!');
            }
            pattern.append((char) lower);
            anything = false;
        }
        if (!anything) {
            pattern.append('%');
        }
        return pattern.toString();
    }
}
