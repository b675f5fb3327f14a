package io.hindsight.similar;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * "This happened before": the incidents most like a given one (or like a new one being typed), each with why it
 * matched. No outside service is asked; everything comes from what the incidents store.
 *
 * <p>How its cost stays the same however long the history, and small for any incident (docs/performance.md): a
 * bounded set of candidates is found through indexes and only those are scored. Every incident outside the Trash has
 * its title words, services and tags in {@code incident_similar_feature} (V36, kept by triggers), indexed by feature
 * and start, newest first; the subject's rarest {@value #TITLE_WORDS} title words each bring the newest
 * {@value #NEWEST_BY_WORD} incidents with that word in their title, and each of its services and tags the newest
 * {@value #NEWEST_BY_LABEL} with it — index-only reads of a few rows per feature. What they share by those counts
 * (title words, a service, tags, weighted as in the score) ranks them, and the best {@value #CANDIDATES} are kept. To
 * them come, anywhere in history, the incidents whose words include the title's rarest word when the planner's
 * statistics say few incidents have it (GIN on {@code incident.similar_terms}, at most {@value #CANDIDATES_BY_WORD}),
 * and the newest published lessons sharing a contributing factor (only when the subject has any, at most
 * {@value #CANDIDATES_BY_FACTOR}). Only these are read from {@code incident} (by key) and scored. Two statements per
 * call, whatever the data: the subject's words (with how common each is), then candidates and scores.
 *
 * <p>The score (documented in docs/similar-incidents.md):
 * <ul>
 *   <li>0.6 × trigram similarity of the titles (pg_trgm),</li>
 *   <li>0.15 per word the titles share (at most 4), 0.04 per other word the titles and summaries share (at most 6),</li>
 *   <li>0.3 for a shared service, 0.05 per further shared service (at most 2),</li>
 *   <li>0.08 per shared tag and 0.08 per shared contributing factor (at most 3 each).</li>
 * </ul>
 * Incidents scoring below {@link #THRESHOLD} are not shown: a shared service alone, or a couple of common words,
 * is not enough.
 */
@ApplicationScoped
public class SimilarIncidents {

    /** How many similar incidents the incident page and the new-incident form show. */
    public static final int PANEL = 5;
    /** The most the API returns. */
    public static final int MAX_LIMIT = 20;
    /** Below this score an incident is not similar enough to show. */
    public static final double THRESHOLD = 0.4;

    /** How many of the incidents found through the feature index are scored, those sharing the most first. */
    static final int CANDIDATES = 100;
    /** How many of the newest incidents with one of the subject's title words are read from the feature index. */
    static final int NEWEST_BY_WORD = 200;
    /** How many of the newest incidents with one of the subject's services, or one of its tags, are read. */
    static final int NEWEST_BY_LABEL = 60;
    /** How many incidents with the title's rare word are scored, newest first. */
    static final int CANDIDATES_BY_WORD = 120;
    static final int CANDIDATES_BY_FACTOR = 30;
    /**
     * A title word found in at most this many incidents (by the statistics) is rare enough to look for in the whole
     * history, through the GIN index: the index returns about that many rows, whatever the number of incidents.
     */
    static final int RARE = 300;
    /** How many of the title's words (the rarest) are looked up in the feature index. */
    static final int TITLE_WORDS = 12;

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._/-]*");

    /**
     * The score of incident b against a, as SQL over the expressions given for each side's title, similar_terms,
     * services and tags; used where both sides are stored incidents (recurrences). Contributing factors are not part
     * of it.
     */
    static String score(String aTitle, String aTerms, String aServices, String aTags,
                        String bTitle, String bTerms, String bServices, String bTags) {
        return score(aTitle, "strip(" + aTerms + ")", "strip(ts_filter(" + aTerms + ", '{a}'))", aServices, aTags,
                bTitle, "strip(" + bTerms + ")", "strip(ts_filter(" + bTerms + ", '{a}'))", bServices, bTags);
    }

    /**
     * The score as SQL, with each side's words given as tsvectors without positions: all of its similar_terms
     * ({@code aWords}) and its title's alone ({@code aTitleWords}). A side computed once per statement (the subject)
     * or once per row (a candidate, in a lateral subquery) is then not parsed again for each term of the sum.
     */
    static String score(String aTitle, String aWords, String aTitleWords, String aServices, String aTags,
                        String bTitle, String bWords, String bTitleWords, String bServices, String bTags) {
        String sharedTitleWords = "(length(%1$s) + length(%2$s) - length(%1$s || %2$s))".formatted(aTitleWords, bTitleWords);
        String sharedWords = "(length(%1$s) + length(%2$s) - length(%1$s || %2$s))".formatted(aWords, bWords);
        String sharedServices = "(cardinality(%1$s) + cardinality(%2$s) - length(array_to_tsvector(%1$s) || array_to_tsvector(%2$s)))"
                .formatted(aServices, bServices);
        String sharedTags = "(cardinality(%1$s) + cardinality(%2$s) - length(array_to_tsvector(%1$s) || array_to_tsvector(%2$s)))"
                .formatted(aTags, bTags);
        return "(0.6 * similarity(lower(" + aTitle + "), lower(" + bTitle + "))"
                + " + 0.15 * least(" + sharedTitleWords + ", 4)"
                + " + 0.04 * least(" + sharedWords + " - " + sharedTitleWords + ", 6)"
                + " + CASE WHEN " + aServices + " && " + bServices + " THEN 0.3 + 0.05 * least(" + sharedServices + " - 1, 2) ELSE 0 END"
                + " + 0.08 * least(" + sharedTags + ", 3))";
    }

    /**
     * The subject's words: lexeme, positions, weights, how it was written, and about how many stored incidents have
     * it — from the planner's statistics of {@code incident.similar_terms} (its most common elements and their
     * frequencies, gathered by ANALYZE), so no incident is read; a word not among them counts half the least frequent
     * one listed, as the planner estimates it. Null when the column has no statistics yet.
     */
    private static final String WORDS = """
            WITH terms AS (SELECT lexeme, positions, weights FROM unnest(incident_similar_terms(:title, :summary))),
                 tokens AS (SELECT t.ord, lower(t.token) AS word, to_tsvector('english', t.token) AS v
                            FROM ts_parse('default', left(:title, 300) || ' ' || left(:summary, 1000))
                                 WITH ORDINALITY AS t(tokid, token, ord)
                            WHERE t.tokid <> 12),
                 words AS (SELECT DISTINCT ON (l.lexeme) l.lexeme, k.word FROM tokens k CROSS JOIN LATERAL unnest(k.v) l
                           ORDER BY l.lexeme, length(k.v), k.ord),
                 common AS (SELECT u.lexeme, u.frequency
                            FROM pg_catalog.pg_stats st,
                                 unnest(CAST(CAST(st.most_common_elems AS text) AS text[]), st.most_common_elem_freqs)
                                     AS u(lexeme, frequency)
                            WHERE st.schemaname = current_schema() AND st.tablename = 'incident'
                                  AND st.attname = 'similar_terms' AND u.lexeme IS NOT NULL),
                 stored AS (SELECT greatest(c.reltuples, 0) AS incidents FROM pg_catalog.pg_class c
                            WHERE c.oid = CAST('incident' AS regclass))
            SELECT terms.lexeme, array_to_string(terms.positions, ','), array_to_string(terms.weights, ','), words.word,
                   coalesce(common.frequency, (SELECT min(frequency) / 2 FROM common)) * (SELECT incidents FROM stored)
            FROM terms LEFT JOIN words USING (lexeme) LEFT JOIN common USING (lexeme)
            """;

    private static final String SIMILAR = """
            WITH s AS MATERIALIZED (
                SELECT t.terms, strip(t.terms) AS words, strip(ts_filter(t.terms, '{a}')) AS title_words,
                       string_to_array(:services, ',') AS services,
                       string_to_array(:tags, ',') AS tags,
                       coalesce((SELECT c.factor_keys FROM lesson_card c JOIN postmortem p ON p.id = c.postmortem_id
                                 WHERE c.incident_id = :id AND p.status = 'PUBLISHED'
                                 ORDER BY c.published_at DESC LIMIT 1), '{}') AS factors
                FROM (SELECT incident_similar_terms(:title, :summary) AS terms) t
            ), features AS (
                SELECT 'w:' || w AS feature, %1$d AS newest, 1 AS words, 0 AS services, 0 AS tags
                FROM unnest(CAST(:words AS text[])) AS w
                UNION ALL
                SELECT 's:' || v, %2$d, 0, 1, 0 FROM unnest(string_to_array(:services, ',')) AS v
                UNION ALL
                SELECT 't:' || v, %2$d, 0, 0, 1 FROM unnest(string_to_array(:tags, ',')) AS v
            ), shared AS (
                SELECT x.incident_id, max(x.started_at) AS started_at,
                       0.15 * least(sum(f.words), 4) + 0.3 * max(f.services) + 0.08 * least(sum(f.tags), 3) AS estimate
                FROM features f
                     CROSS JOIN LATERAL (SELECT x.incident_id, x.started_at FROM incident_similar_feature x
                                         WHERE x.feature = f.feature AND x.incident_id <> :id
                                         ORDER BY x.started_at DESC, x.incident_id DESC LIMIT f.newest) x
                GROUP BY x.incident_id
            ), found AS (
                (SELECT h.incident_id AS id FROM shared h ORDER BY h.estimate DESC, h.started_at DESC, h.incident_id DESC LIMIT %3$d)
                UNION
                (SELECT i.id FROM incident i
                 WHERE i.similar_terms @@ CAST(nullif(:rare, '') AS tsquery) AND i.deleted_at IS NULL AND i.id <> :id
                 ORDER BY i.started_at DESC LIMIT %4$d)
                UNION
                (SELECT f.incident_id
                 FROM s CROSS JOIN LATERAL (SELECT c.incident_id FROM lesson_card c JOIN postmortem p ON p.id = c.postmortem_id
                                            WHERE c.factor_keys && s.factors AND p.status = 'PUBLISHED' AND c.incident_id <> :id
                                            ORDER BY c.published_at DESC LIMIT %5$d) f
                 WHERE cardinality(s.factors) > 0)
            ), scored AS MATERIALIZED (
                SELECT i.id, i.started_at,
                       %6$s
                       + 0.08 * least(cardinality(s.factors) + cardinality(lc.factor_keys)
                                      - length(array_to_tsvector(s.factors) || array_to_tsvector(lc.factor_keys)), 3) AS score
                FROM found
                     JOIN incident i ON i.id = found.id AND i.deleted_at IS NULL
                     CROSS JOIN s
                     CROSS JOIN LATERAL (SELECT strip(i.similar_terms) AS words,
                                                strip(ts_filter(i.similar_terms, '{a}')) AS title_words OFFSET 0) b
                     LEFT JOIN LATERAL (SELECT lc.factor_keys FROM lesson_card lc JOIN postmortem p ON p.id = lc.postmortem_id
                                        WHERE lc.incident_id = i.id AND p.status = 'PUBLISHED' AND cardinality(s.factors) > 0
                                        ORDER BY lc.published_at DESC LIMIT 1) published ON true
                     CROSS JOIN LATERAL (SELECT coalesce(published.factor_keys, '{}') AS factor_keys OFFSET 0) lc
            ), best AS (
                SELECT * FROM scored WHERE score >= :threshold ORDER BY score DESC, started_at DESC, id DESC LIMIT :limit
            )
            SELECT i.id, i.title, i.severity, i.status, i.started_at, b.score,
                   similarity(lower(i.title), lower(:title)),
                   to_jsonb(ARRAY(SELECT unnest(i.affected_services) INTERSECT SELECT unnest(s.services) ORDER BY 1))::text,
                   to_jsonb(ARRAY(SELECT unnest(i.tags) INTERSECT SELECT unnest(s.tags) ORDER BY 1))::text,
                   to_jsonb(ARRAY(SELECT f FROM lesson_card lc JOIN postmortem p ON p.id = lc.postmortem_id
                                  CROSS JOIN LATERAL unnest(lc.factors) AS f
                                  WHERE lc.incident_id = i.id AND p.status = 'PUBLISHED' AND lower(f) = ANY (s.factors)
                                  ORDER BY 1))::text,
                   NULL,
                   (SELECT jsonb_object_agg(u.lexeme, u.positions) FROM unnest(i.similar_terms) u
                    WHERE u.lexeme = ANY (tsvector_to_array(s.terms)))::text
            FROM best b JOIN incident i ON i.id = b.id CROSS JOIN s
            ORDER BY b.score DESC, b.started_at DESC, b.id DESC
            """.formatted(NEWEST_BY_WORD, NEWEST_BY_LABEL, CANDIDATES, CANDIDATES_BY_WORD, CANDIDATES_BY_FACTOR,
            score(":title", "s.words", "s.title_words", "s.services", "s.tags",
                    "i.title", "b.words", "b.title_words", "i.affected_services", "i.tags"));

    @Inject
    EntityManager entityManager;

    @Inject
    ObjectMapper json;

    @Inject
    SimilarCache cache;

    /** What similar incidents are looked for: a stored incident, or what someone is typing into the form. */
    public record Subject(long id, String title, String summary, List<String> services, List<String> tags) {

        public static Subject of(Incident incident) {
            return new Subject(incident.id, incident.title, incident.summary, incident.affectedServices, incident.tags);
        }

        /** A new incident not saved yet; services and tags that are not valid names are left out. */
        public static Subject draft(String title, String summary, Collection<String> services, Collection<String> tags) {
            return new Subject(-1, title == null ? "" : title, summary == null ? "" : summary, names(services), names(tags));
        }

        private static List<String> names(Collection<String> values) {
            return values == null ? List.of() : values.stream().filter(v -> v != null)
                    .map(v -> v.strip().toLowerCase(Locale.ROOT)).filter(v -> NAME.matcher(v).matches()).distinct().toList();
        }

        boolean blank() {
            return title.isBlank() && summary.isBlank() && services.isEmpty() && tags.isEmpty();
        }
    }

    /**
     * The similar incidents of a stored incident, best first, at most {@code limit}: kept per incident until anything
     * they read changes ({@link SimilarCache}), so a page that shows them again runs no statement for them.
     */
    public List<SimilarIncident> of(Incident incident, int limit) {
        return of(Subject.of(incident), incident.version, limit);
    }

    /**
     * {@link #of(Incident, int)} for a stored incident read some other way: {@code subject} is the incident with the
     * id it is stored under, {@code version} the version it was read at.
     */
    public List<SimilarIncident> of(Subject subject, long version, int limit) {
        return cache.panel(subject.id(), version, limit, () -> of(subject, limit));
    }

    /** The similar incidents of {@code subject}, best first, at most {@code limit}; none for an empty subject. */
    @SuppressWarnings("unchecked")
    public List<SimilarIncident> of(Subject subject, int limit) {
        if (subject.blank() || limit < 1) {
            return List.of();
        }
        String title = subject.title().length() > 300 ? subject.title().substring(0, 300) : subject.title();
        String summary = subject.summary().length() > 1000 ? subject.summary().substring(0, 1000) : subject.summary();
        Map<String, Word> words = new LinkedHashMap<>();
        List<Object[]> rows = entityManager.createNativeQuery(WORDS)
                .setParameter("title", title).setParameter("summary", summary).getResultList();
        for (Object[] row : rows) {
            Word word = new Word((String) row[0], ints((String) row[1]), row[2] != null && ((String) row[2]).contains("A"),
                    row[3] == null ? (String) row[0] : (String) row[3], row[4] == null ? 0 : ((Number) row[4]).doubleValue());
            words.put(word.lexeme(), word);
        }
        List<Object[]> found = entityManager.createNativeQuery(SIMILAR)
                .setParameter("id", subject.id())
                .setParameter("title", title)
                .setParameter("summary", summary)
                .setParameter("services", String.join(",", subject.services()))
                .setParameter("tags", String.join(",", subject.tags()))
                .setParameter("words", titleWords(words.values()))
                .setParameter("rare", rare(words.values()))
                .setParameter("threshold", THRESHOLD)
                .setParameter("limit", Math.min(limit, MAX_LIMIT))
                .getResultList();
        List<SimilarIncident> similar = new ArrayList<>();
        for (Object[] row : found) {
            List<String> services = strings((String) row[7]);
            List<String> tags = strings((String) row[8]);
            List<String> factors = strings((String) row[9]);
            Map<String, List<Integer>> theirs = row[11] == null ? Map.of() : read((String) row[11], new TypeReference<>() { });
            List<String> phrases = Why.sharedPhrases(words, theirs);
            double titleSimilarity = ((Number) row[6]).doubleValue();
            similar.add(new SimilarIncident(((Number) row[0]).longValue(), (String) row[1], Severity.valueOf((String) row[2]),
                    IncidentStatus.valueOf((String) row[3]), instant(row[4]), round(((Number) row[5]).doubleValue()),
                    services, tags, factors, phrases, round(titleSimilarity),
                    Why.sentence(services, tags, factors, phrases, titleSimilarity)));
        }
        return similar;
    }

    /**
     * One word of the subject: its lexeme, positions, whether the title has it, how it was written, and about how
     * many stored incidents have it (0 when unknown).
     */
    record Word(String lexeme, List<Integer> positions, boolean inTitle, String written, double incidents) {
    }

    /**
     * The title's rarest word as a tsquery, when the statistics say at most {@value #RARE} incidents have it; empty
     * otherwise. Incidents with a distinctive word anywhere in their title or summary are candidates however old they
     * are; common words are left to the feature index, whose newest rows per word are read, so neither search reads
     * more as history grows.
     */
    static String rare(Collection<Word> words) {
        return words.stream().filter(Word::inTitle).filter(w -> w.incidents() <= RARE)
                .min(Comparator.comparingDouble(Word::incidents)
                        .thenComparingInt(w -> w.positions().isEmpty() ? 0 : w.positions().get(0)))
                .map(w -> quote(w.lexeme())).orElse("");
    }

    /**
     * The title's words looked up in the feature index, as a PostgreSQL array: the rarest {@value #TITLE_WORDS} by the
     * statistics (in title order when they say nothing), since a rare word shared says more and its newest incidents
     * reach further back.
     */
    static String titleWords(Collection<Word> words) {
        return words.stream().filter(Word::inTitle)
                .sorted(Comparator.comparingDouble(Word::incidents)
                        .thenComparingInt(w -> w.positions().isEmpty() ? 0 : w.positions().get(0)))
                .limit(TITLE_WORDS)
                .map(w -> "\"" + w.lexeme().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A lexeme as a tsquery operand: quoted, with quotes and backslashes doubled. */
    static String quote(String lexeme) {
        return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static List<Integer> ints(String commaSeparated) {
        List<Integer> values = new ArrayList<>();
        if (commaSeparated != null && !commaSeparated.isEmpty()) {
            for (String part : commaSeparated.split(",")) {
                values.add(Integer.parseInt(part.strip()));
            }
        }
        return values;
    }

    private List<String> strings(String jsonArray) {
        return jsonArray == null ? List.of() : read(jsonArray, new TypeReference<List<String>>() { });
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
