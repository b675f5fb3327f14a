package io.hindsight.lesson;

import io.hindsight.checklist.IncidentChecklist;
import io.hindsight.incident.Severity;
import io.hindsight.system.ParameterList;
import io.quarkus.qute.RawString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the Lessons library from the stored cards ({@link LessonCards}): published postmortems, newest first, a page
 * at a time. Every filter is part of the query, before its limit, and nothing here reads Markdown.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LessonService {

    /** What a reader narrows the library to; a blank or null value narrows nothing. */
    public record LessonFilter(String tag, String service, String checklist, String factor) {
    }

    /**
     * Where a page starts: after (older than) or before (newer than) the card published at {@code publishedAt} with
     * {@code postmortemId}. In a link it reads {@code 2026-11-28T14:00:00.123456Z~42}.
     */
    public record Cursor(Instant publishedAt, long postmortemId) {

        /** The cursor a link carries, or null when the text is blank or not a cursor. */
        public static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            int tilde = text.lastIndexOf('~');
            if (tilde < 0) {
                return null;
            }
            try {
                return new Cursor(Instant.parse(text.substring(0, tilde).strip()), Long.parseLong(text.substring(tilde + 1).strip()));
            } catch (DateTimeParseException | NumberFormatException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return publishedAt + "~" + postmortemId;
        }
    }

    /**
     * One page of cards, newest first; {@code newer} and {@code older} are the cursors of the neighbouring pages, null
     * when there is none.
     */
    public record LessonPage(List<Lesson> lessons, Cursor newer, Cursor older) {
    }

    /** One feed entry's stored content with its incident. */
    public record FeedCard(long incidentId, String title, Instant published, Instant updated, String html) {
    }

    private static final String FROM = """
            FROM lesson_card c
            JOIN postmortem p ON p.id = c.postmortem_id
            JOIN incident i ON i.id = c.incident_id
            """;

    private final EntityManager entityManager;

    LessonService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The first {@code size} cards that pass every filter, newest first. */
    public List<Lesson> published(LessonFilter filter, int size) {
        return page(filter, null, null, size).lessons();
    }

    /**
     * A page of up to {@code size} cards that pass every filter, newest first: the newest ones when both cursors are
     * null, else those just older than {@code after}, else those just newer than {@code before}.
     */
    public LessonPage page(LessonFilter filter, Cursor after, Cursor before, int size) {
        boolean backwards = after == null && before != null;
        Cursor from = backwards ? before : after;
        List<Object[]> rows = cards(filter, from, backwards, size + 1);
        boolean more = rows.size() > size;
        List<Object[]> shown = new ArrayList<>(rows.subList(0, Math.min(size, rows.size())));
        if (backwards) {
            Collections.reverse(shown);
        }
        List<Lesson> lessons = lessons(shown);
        if (lessons.isEmpty()) {
            return new LessonPage(lessons, null, null);
        }
        Cursor first = cursor(lessons.get(0));
        Cursor last = cursor(lessons.get(lessons.size() - 1));
        Cursor newer = backwards ? (more ? first : null) : (from != null && !cards(filter, first, true, 1).isEmpty() ? first : null);
        Cursor older = backwards ? (!cards(filter, last, false, 1).isEmpty() ? last : null) : (more ? last : null);
        return new LessonPage(lessons, newer, older);
    }

    /** The newest {@code count} cards for the feed, with their postmortems' last change. */
    @SuppressWarnings("unchecked")
    public List<FeedCard> latest(int count) {
        List<Object[]> rows = entityManager.createNativeQuery("SELECT i.id, i.title, c.published_at, p.updated_at, c.feed_html "
                        + FROM + "WHERE p.status = 'PUBLISHED' AND i.deleted_at IS NULL "
                        + "ORDER BY c.published_at DESC, c.postmortem_id DESC LIMIT :limit")
                .setParameter("limit", count).getResultList();
        return rows.stream().map(r -> {
            Instant published = instant(r[2]);
            Instant updated = r[3] == null ? published : instant(r[3]);
            return new FeedCard(((Number) r[0]).longValue(), (String) r[1], published,
                    updated.isAfter(published) ? updated : published, (String) r[4]);
        }).toList();
    }

    /** Every contributing factor some lesson ticked, for the filter's list (kept as cards are written, not counted). */
    @SuppressWarnings("unchecked")
    public List<String> factors() {
        return entityManager.createNativeQuery("SELECT label FROM lesson_factor ORDER BY factor_key LIMIT 500").getResultList();
    }

    /** The slug of every checklist in the library, for the library's checklist filter. */
    public List<String> checklistSlugs() {
        return entityManager.createQuery("SELECT DISTINCT t.slug FROM ChecklistTemplate t ORDER BY t.slug", String.class)
                .getResultList();
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> cards(LessonFilter filter, Cursor from, boolean newer, int limit) {
        StringBuilder where = new StringBuilder("WHERE p.status = 'PUBLISHED' AND i.deleted_at IS NULL");
        Map<String, Object> params = new LinkedHashMap<>();
        if (present(filter.tag())) {
            where.append(" AND i.tags @> ARRAY[CAST(:tag AS text)]");
            params.put("tag", filter.tag().strip().toLowerCase(Locale.ROOT));
        }
        if (present(filter.service())) {
            where.append(" AND i.affected_services @> ARRAY[CAST(:service AS text)]");
            params.put("service", filter.service().strip().toLowerCase(Locale.ROOT));
        }
        if (present(filter.checklist())) {
            where.append(" AND EXISTS (SELECT 1 FROM incident_checklist k WHERE k.incident_id = i.id AND k.slug = :checklist)");
            params.put("checklist", filter.checklist().strip());
        }
        if (present(filter.factor())) {
            where.append(" AND c.factor_keys @> ARRAY[CAST(:factor AS text)]");
            params.put("factor", LessonCards.key(filter.factor()));
        }
        if (from != null) {
            // The instant travels as microseconds since the epoch: no time zone of the JVM or the session can shift it.
            String at = "(TIMESTAMPTZ 'epoch' + CAST(:micros AS bigint) * INTERVAL '1 microsecond')";
            where.append(" AND (c.published_at, c.postmortem_id) ").append(newer ? ">" : "<").append(" (").append(at).append(", :id)");
            params.put("micros", ChronoUnit.MICROS.between(Instant.EPOCH, from.publishedAt()));
            params.put("id", from.postmortemId());
        }
        String order = newer ? " ORDER BY c.published_at, c.postmortem_id" : " ORDER BY c.published_at DESC, c.postmortem_id DESC";
        Query query = entityManager.createNativeQuery("""
                SELECT c.postmortem_id, i.id, i.title, i.severity, c.published_at,
                       (SELECT t.name FROM postmortem_template t WHERE t.id = p.template_id),
                       c.lessons_html, c.factors, i.tags
                """ + FROM + where + order + " LIMIT :limit");
        params.forEach(query::setParameter);
        query.setParameter("limit", limit);
        return query.getResultList();
    }

    private static List<Lesson> lessons(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        ParameterList incidents = ParameterList.of("incident", rows.stream().map(r -> ((Number) r[1]).longValue()).toList());
        Map<Long, List<String>> attached = IncidentChecklist.<IncidentChecklist>list(
                        "FROM IncidentChecklist c JOIN FETCH c.template WHERE c.incident.id IN " + incidents.placeholders()
                                + " ORDER BY c.id", incidents.addTo(new java.util.HashMap<>())).stream()
                .collect(Collectors.groupingBy(c -> c.incident.id, Collectors.mapping(c -> c.template.name, Collectors.toList())));
        return rows.stream().map(r -> {
            long incidentId = ((Number) r[1]).longValue();
            return new Lesson(((Number) r[0]).longValue(), incidentId, (String) r[2], Severity.valueOf((String) r[3]),
                    instant(r[4]), (String) r[5], new RawString((String) r[6]), strings(r[7]), strings(r[8]),
                    attached.getOrDefault(incidentId, List.of()));
        }).toList();
    }

    private static Cursor cursor(Lesson lesson) {
        return new Cursor(lesson.publishedAt(), lesson.postmortemId());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    private static List<String> strings(Object value) {
        try {
            Object array = value instanceof java.sql.Array sql ? sql.getArray() : value;
            return array == null ? List.of() : Arrays.stream((Object[]) array).map(String::valueOf).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
