package io.hindsight.search;

import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Full-text search over the stored search documents (V21): every query reads the {@code search_document} table
 * through its GIN index and parses nothing but the page's snippets.
 *
 * <p>The cost of a search does not grow with the number of incidents that match it:
 * <ol>
 * <li>the matches are counted through the GIN index up to {@link SearchRequest#MAX_RESULTS} + 1 (past that the
 * count says "more than 1,000"), title hits first when there is no filter; the filters on service, tag, severity
 * and status are columns of the same GIN index (V37), so a filtered count reads only the documents that pass;</li>
 * <li>results are ordered by candidate order — incidents whose title matches first, then the newest — and the first
 * {@link #RANKED} of them are reordered by {@code ts_rank} (title A, summaries and lessons B, the rest C and D);
 * ranking reads a whole document, so it is done for those few only;</li>
 * <li>with at most 1,000 matches the candidates are every match, read through the GIN index; with more, they are
 * the newest title hits (tested inside the date index, V37) and then the newest text matches found by walking
 * the date index from the newest document, which stops as soon as enough are found (a common word is found within
 * the first few documents).</li>
 * </ol>
 * Snippets ({@code ts_headline}) are made for the page's rows only, from the first field that matched.
 */
@ApplicationScoped
public class SearchService {

    /** Markers ts_headline puts around matches; control characters that stored text never shows. */
    private static final char START = '\u0002';
    private static final char STOP = '\u0003';
    private static final Pattern MARKED = Pattern.compile("\u0002([^\u0003]*)\u0003");

    /** Fewer matches than this, for a short plain query, and a close spelling is looked for. */
    static final int FEW = 3;

    /** The first this many candidates are ordered by ts_rank; the rest follow newest first. */
    static final int RANKED = 100;

    /** A common word's text matches are looked for in at most this many times as many of the newest documents. */
    static final int SCAN = 4;

    /** The newest title hits are looked for in at most this many times as many of the newest documents (V37). */
    static final int TITLE_SCAN = 100;

    @Inject
    EntityManager em;

    /**
     * Runs in a transaction of its own (or the caller's) because the planner is told, for this transaction only,
     * never to read search_document sequentially (see {@link #readThroughIndexes()}).
     */
    @Transactional
    public SearchResults search(SearchRequest request, ZoneId zone, boolean correct) {
        if (!request.hasText()) {
            return new SearchResults(request, List.of(), 0, null, null, null, null);
        }
        readThroughIndexes();
        SearchText text = SearchText.of(request.text());
        String query = tsquery(text);
        if (query == null) {
            return new SearchResults(request, List.of(), 0, null, null, null,
                    "Those words are too common to search for (like \u201cthe\u201d or \u201cand\u201d), or hold no letters "
                            + "or digits. Add a word that is more specific to what happened.");
        }
        Filters filters = Filters.of(request, zone);
        long total = count(query, filters);
        String suggestion = null;
        if (total < FEW && text.mayBeMisspelt()) {
            String closer = closestSpelling(text.plainWords());
            if (closer != null) {
                String closerQuery = tsquery(SearchText.of(closer));
                long closerTotal = closerQuery == null ? 0 : count(closerQuery, filters);
                if (closerTotal > total) {
                    if (total == 0 && correct) {
                        SearchRequest corrected = request.withText(closer).withPage(request.page());
                        return new SearchResults(corrected, page(closerQuery, filters, corrected, closerTotal), closerTotal, closerQuery,
                                request.text(), null, null);
                    }
                    suggestion = closer;
                }
            }
        }
        List<SearchResults.Hit> items = total == 0 ? List.of() : page(query, filters, request, total);
        return new SearchResults(request, items, total, query, null, suggestion, null);
    }

    /**
     * A sequential scan reads and decompresses each document it passes to test {@code @@}; the planner does not
     * count that cost, so for a common word it prefers one over the GIN index, which answers a plain word or prefix
     * without opening a document (measured at 100,000 incidents: 3,693 buffers against 117 for counting the first
     * 1,001 matches of "database"). The setting lasts until the end of the transaction.
     */
    private void readThroughIndexes() {
        em.createNativeQuery("SELECT set_config('enable_seqscan', 'off', true)").getSingleResult();
    }

    /** The tsquery as PostgreSQL reads the words, or null when no word is left to search for. */
    private String tsquery(SearchText text) {
        Object[] row = (Object[]) em.createNativeQuery("""
                        SELECT CAST(q AS text), numnode(q) FROM (
                          SELECT websearch_to_tsquery('english', :web) && to_tsquery('english', :prefixes) AS q) x""")
                .setParameter("web", text.web())
                .setParameter("prefixes", text.prefixes())
                .getSingleResult();
        return ((Number) row[1]).intValue() == 0 ? null : (String) row[0];
    }

    /**
     * How many documents match, up to {@link SearchRequest#MAX_RESULTS} + 1. Title hits are counted first, through
     * the title's own small index and the titles stored in the row: a title that matches (a phrase too) is a
     * document that matches, so a word or phrase used in many titles is counted without building the bitmap of
     * every document that uses it, or opening a document to check a phrase's positions. The rest of the count reads
     * the documents whose title does not match. Not under a NOT, where a title hit may be excluded by the rest, and
     * not with filters: a selective filter leaves few of the title hits, and reading them all cost more (4,455
     * buffers for "database", SEV1, published at 100,000 incidents) than the first 1,001 matches of the whole text
     * (704).
     */
    private long count(String query, Filters filters) {
        String sql;
        if (query.indexOf('!') >= 0 || !filters.sql.isEmpty()) {
            sql = "SELECT count(*) FROM (SELECT 1 FROM " + matching(query, filters)
                    + " LIMIT " + (SearchRequest.MAX_RESULTS + 1) + ") x";
        } else {
            sql = "SELECT count(*) FROM ((SELECT 1 FROM search_document d WHERE NOT d.in_trash" + filters.sql
                    + " AND d.title_vector @@ CAST(:q AS tsquery))"
                    + " UNION ALL (SELECT 1 FROM " + matching(query, filters) + " AND NOT d.title_vector @@ CAST(:q AS tsquery))"
                    + " LIMIT " + (SearchRequest.MAX_RESULTS + 1) + ") x";
        }
        Query count = em.createNativeQuery(sql);
        bindMatching(count, query, filters);
        return ((Number) count.getSingleResult()).longValue();
    }

    /**
     * The documents that match, outside the Trash and within the filters, as a FROM item named {@code d}. The GIN
     * index answers a plain word or prefix without opening a document, but a phrase ({@code <->}) needs each
     * candidate's positions, and PostgreSQL rechecks them before it applies the other filters: a phrase with a filter
     * on severity or publication would open every document holding the phrase's words. So a phrase is first
     * looked up as all of its words (no recheck), filtered, and only the documents left are tested for the phrase.
     */
    private static String matching(String query, Filters filters) {
        if (looseForm(query) == null) {
            return "search_document d WHERE NOT d.in_trash" + filters.sql + " AND d.document @@ CAST(:q AS tsquery)";
        }
        return "(SELECT * FROM search_document d WHERE NOT d.in_trash" + filters.sql
                + " AND d.document @@ CAST(:loose AS tsquery) OFFSET 0) d WHERE d.document @@ CAST(:q AS tsquery)";
    }

    private static void bindMatching(Query statement, String query, Filters filters) {
        statement.setParameter("q", query);
        String loose = looseForm(query);
        if (loose != null) {
            statement.setParameter("loose", loose);
        }
        filters.bind(statement);
    }

    /**
     * The query with each phrase operator ({@code <->}, {@code <N>}) replaced by AND, which every document matching
     * the query matches too; null when the query holds no phrase, or holds a NOT (under which the looser form would
     * match less). Quoted lexemes are copied as they are.
     */
    static String looseForm(String query) {
        StringBuilder out = new StringBuilder();
        boolean phrase = false;
        boolean quoted = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '\'') {
                quoted = !quoted; // a quote inside a lexeme is doubled, which toggles twice
            } else if (!quoted && c == '!') {
                return null; // under a NOT, a looser condition would leave out documents that match
            } else if (!quoted && c == '<') {
                int close = query.indexOf('>', i);
                if (close > i) {
                    out.append('&');
                    i = close;
                    phrase = true;
                    continue;
                }
            }
            out.append(c);
        }
        return phrase ? out.toString() : null;
    }

    private List<SearchResults.Hit> page(String query, Filters filters, SearchRequest request, long total) {
        int offset = (request.page() - 1) * request.size();
        if (offset >= SearchRequest.MAX_RESULTS) {
            return List.of();
        }
        int end = Math.min(offset + request.size(), SearchRequest.MAX_RESULTS);
        int wanted = Math.max(RANKED, end);
        List<Candidate> candidates = null;
        if (total > SearchRequest.MAX_RESULTS) {
            candidates = recentCandidates(query, filters, wanted);
            if (candidates.size() < wanted) {
                candidates = null; // a common word that the newest documents do not use: read every match after all
            }
        }
        if (candidates == null) {
            candidates = allCandidates(query, filters, wanted);
        }
        if (offset >= candidates.size()) {
            return List.of();
        }
        List<Candidate> ranked = new ArrayList<>(candidates.subList(0, Math.min(RANKED, candidates.size())));
        List<Candidate> page = candidates.subList(offset, Math.min(end, candidates.size()));
        Set<Long> toRank = new LinkedHashSet<>();
        ranked.forEach(c -> toRank.add(c.id()));
        page.forEach(c -> toRank.add(c.id()));
        Map<Long, Double> rank = ranks(query, toRank);
        ranked.sort(Comparator.comparing(Candidate::titleHit).reversed()
                .thenComparing(c -> rank.getOrDefault(c.id(), 0.0), Comparator.reverseOrder())
                .thenComparing(Candidate::startedAt, Comparator.reverseOrder())
                .thenComparing(Candidate::id, Comparator.reverseOrder()));
        List<Candidate> ordered = new ArrayList<>(ranked);
        ordered.addAll(candidates.subList(ranked.size(), candidates.size()));
        Map<Long, Double> ranks = new LinkedHashMap<>();
        for (Candidate c : ordered.subList(offset, Math.min(end, ordered.size()))) {
            ranks.put(c.id(), rank.getOrDefault(c.id(), 0.0));
        }
        return hits(query, ranks);
    }

    /** A match before ranking: whether its title matched, and when its incident started. */
    private record Candidate(long id, boolean titleHit, Instant startedAt) {
    }

    /**
     * The first {@code wanted} matches in candidate order (title hits first, then the newest), read through the
     * GIN index: every match is visited, so this serves queries known to have at most {@link
     * SearchRequest#MAX_RESULTS} matches (and, rarely, a common word the newest documents do not use). A plain word
     * or prefix is answered by the index alone; a phrase rechecks the positions of each match.
     */
    private List<Candidate> allCandidates(String query, Filters filters, int wanted) {
        Query all = em.createNativeQuery("SELECT d.incident_id, d.title_vector @@ CAST(:q AS tsquery) AS title_hit, "
                + "d.started_at FROM " + matching(query, filters)
                + " ORDER BY title_hit DESC, d.started_at DESC, d.incident_id DESC LIMIT :wanted");
        bindMatching(all, query, filters);
        all.setParameter("wanted", wanted);
        return candidates(all);
    }

    /**
     * The same first {@code wanted} matches for a query with more than {@link SearchRequest#MAX_RESULTS} matches,
     * without visiting them all: the newest title hits ({@link #newestTitleHits}), then, when there are fewer than
     * wanted, the newest documents whose text matches, found by reading the newest documents through the date index
     * and stopping as soon as enough match — at most {@code SCAN} times what is wanted. The walk reads the index
     * alone (it carries the filter columns, V34), so a document is fetched and opened only once it passed the
     * filters. Fewer than wanted means the newest documents hardly use the words: the caller reads every match
     * instead.
     */
    private List<Candidate> recentCandidates(String query, Filters filters, int wanted) {
        List<Candidate> candidates = new ArrayList<>(newestTitleHits(query, filters, wanted));
        if (candidates.size() >= wanted) {
            return candidates;
        }
        Query recent = em.createNativeQuery("SELECT r.incident_id, false, r.started_at FROM ("
                + "SELECT d.incident_id, d.started_at FROM search_document d"
                + " WHERE NOT d.in_trash" + (filters.inDateIndex() ? filters.walkSql : filters.sql)
                + " ORDER BY d.started_at DESC, d.incident_id DESC LIMIT :scan) r"
                + " JOIN search_document e ON e.incident_id = r.incident_id"
                + " WHERE NOT e.title_vector @@ CAST(:q AS tsquery) AND e.document @@ CAST(:q AS tsquery)"
                + " ORDER BY r.started_at DESC, r.incident_id DESC LIMIT :rest");
        recent.setParameter("q", query);
        filters.bind(recent);
        recent.setParameter("scan", SCAN * wanted);
        recent.setParameter("rest", wanted - candidates.size());
        candidates.addAll(candidates(recent));
        return candidates;
    }

    /**
     * The newest {@code wanted} title hits, newest first. Without a service or tag filter, they are first looked
     * for among the newest {@code TITLE_SCAN} times wanted documents within the filters, by walking the date index
     * alone: it carries the filter columns and the title's tsvector (V37), so the walk fetches no row and a word
     * or phrase used in a few percent of titles is found within a few hundred index pages, however many titles use
     * it. When that finds fewer than wanted (the titles hardly use the words, or a service or tag filter), every
     * title hit within the filters is read through the title's GIN index (intersected with the filter index) and
     * the newest kept: few, since few titles use the words.
     */
    private List<Candidate> newestTitleHits(String query, Filters filters, int wanted) {
        // A title hit is a document hit, unless the query excludes a word that the rest of the document uses.
        boolean excludes = query.indexOf('!') >= 0;
        if (filters.inDateIndex()) {
            Query walk = em.createNativeQuery("SELECT w.incident_id, true, w.started_at FROM ("
                    + "SELECT d.incident_id, d.started_at, d.title_vector FROM search_document d"
                    + " WHERE NOT d.in_trash" + filters.walkSql
                    + " ORDER BY d.started_at DESC, d.incident_id DESC LIMIT :scan) w"
                    + " WHERE w.title_vector @@ CAST(:q AS tsquery)"
                    + (excludes ? " AND EXISTS (SELECT 1 FROM search_document e WHERE e.incident_id = w.incident_id"
                            + " AND e.document @@ CAST(:q AS tsquery))" : "")
                    + " ORDER BY w.started_at DESC, w.incident_id DESC LIMIT :wanted");
            walk.setParameter("q", query);
            filters.bind(walk);
            walk.setParameter("scan", TITLE_SCAN * wanted);
            walk.setParameter("wanted", wanted);
            List<Candidate> found = candidates(walk);
            if (found.size() >= wanted) {
                return found;
            }
        }
        Query all = em.createNativeQuery("SELECT d.incident_id, true, d.started_at FROM search_document d"
                + " WHERE NOT d.in_trash" + filters.sql + " AND d.title_vector @@ CAST(:q AS tsquery)"
                + (excludes ? " AND d.document @@ CAST(:q AS tsquery)" : "")
                + " ORDER BY d.started_at DESC, d.incident_id DESC LIMIT :wanted");
        all.setParameter("q", query);
        filters.bind(all);
        all.setParameter("wanted", wanted);
        return candidates(all);
    }

    private static List<Candidate> candidates(Query query) {
        List<Candidate> candidates = new ArrayList<>();
        for (Object r : query.getResultList()) {
            Object[] row = (Object[]) r;
            candidates.add(new Candidate(((Number) row[0]).longValue(), (Boolean) row[1], instant(row[2])));
        }
        return candidates;
    }

    /** ts_rank (title A, summaries and lessons B, the rest C and D) of the given documents only. */
    private Map<Long, Double> ranks(String query, Set<Long> ids) {
        Map<Long, Double> ranks = new HashMap<>();
        if (ids.isEmpty()) {
            return ranks;
        }
        for (Object r : em.createNativeQuery("SELECT d.incident_id, ts_rank(d.document, CAST(:q AS tsquery)) "
                        + "FROM search_document d WHERE d.incident_id IN (:ids)")
                .setParameter("q", query)
                .setParameter("ids", List.copyOf(ids))
                .getResultList()) {
            Object[] row = (Object[]) r;
            ranks.put(((Number) row[0]).longValue(), ((Number) row[1]).doubleValue());
        }
        return ranks;
    }

    /** The page's incidents, with the first field that matched as a snippet; ts_headline runs on these rows only. */
    private List<SearchResults.Hit> hits(String query, Map<Long, Double> ranks) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT i.id, i.title, i.severity, i.status, i.started_at, array_to_string(i.tags, ' '),
                       array_to_string(i.affected_services, ' '), coalesce(p.status = 'PUBLISHED', false), m.label,
                       CASE WHEN m.body IS NULL THEN left(i.summary, 300)
                            ELSE ts_headline('english', translate(left(m.body, 20000), chr(2) || chr(3), '  '), qq.q,
                                 'MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … ", StartSel='
                                 || chr(2) || ', StopSel=' || chr(3)) END
                FROM incident i
                CROSS JOIN (SELECT CAST(:q AS tsquery) AS q) qq
                LEFT JOIN postmortem p ON p.incident_id = i.id
                LEFT JOIN LATERAL (
                    SELECT f.label, f.body FROM (
                        SELECT 'Summary' AS label, i.summary AS body
                        WHERE i.summary <> '' AND to_tsvector('english', i.summary) @@ qq.q
                        UNION ALL
                        SELECT 'Customer impact', i.customer_impact
                        WHERE i.customer_impact <> '' AND to_tsvector('english', i.customer_impact) @@ qq.q
                        UNION ALL
                        SELECT s.label, s.body
                        FROM (VALUES (1, 'Postmortem: Summary', p.summary), (2, 'Postmortem: Learn', p.learn),
                                     (3, 'Postmortem: Impact', p.impact), (4, 'Postmortem: Fix', p.fix),
                                     (5, 'Postmortem: Timeline', p.timeline_notes), (6, 'Postmortem: Laugh', p.laugh),
                                     (7, 'Postmortem: Share', p.share)) s (n, label, body)
                        WHERE p.search_vector @@ qq.q AND s.body <> '' AND to_tsvector('english', s.body) @@ qq.q
                        UNION ALL
                        (SELECT 'Timeline', e.description FROM timeline_entry e
                         WHERE e.incident_id = i.id AND e.search_vector @@ qq.q ORDER BY e.occurred_at, e.id LIMIT 1)
                        UNION ALL
                        (SELECT 'Action item', a.title || CASE WHEN a.reason = '' THEN '' ELSE ' — ' || a.reason END
                         FROM action_item a WHERE a.incident_id = i.id AND a.search_vector @@ qq.q ORDER BY a.id LIMIT 1)
                        UNION ALL
                        (SELECT 'Checklist note', ci.note FROM incident_checklist ic
                         JOIN incident_checklist_item ci ON ci.checklist_id = ic.id
                         WHERE ic.incident_id = i.id AND ci.search_vector @@ qq.q ORDER BY ci.id LIMIT 1)
                        UNION ALL
                        SELECT 'Tags and services', array_to_string(i.tags || i.affected_services, ', ')
                        WHERE to_tsvector('english', array_to_string(i.tags || i.affected_services, ' ')) @@ qq.q
                    ) f LIMIT 1) m ON true
                WHERE i.id IN (:ids) AND i.deleted_at IS NULL""")
                .setParameter("q", query)
                .setParameter("ids", List.copyOf(ranks.keySet()))
                .getResultList();
        Map<Long, SearchResults.Hit> byId = new HashMap<>();
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            String fragment = row[9] == null ? "" : (String) row[9];
            byId.put(id, new SearchResults.Hit(id, (String) row[1], Severity.valueOf((String) row[2]),
                    IncidentStatus.valueOf((String) row[3]), instant(row[4]), words((String) row[5]), words((String) row[6]),
                    (Boolean) row[7], ranks.get(id), (String) row[8], snippetHtml(fragment), snippetText(fragment),
                    highlights(fragment)));
        }
        List<SearchResults.Hit> hits = new ArrayList<>();
        ranks.keySet().forEach(id -> {
            SearchResults.Hit hit = byId.get(id);
            if (hit != null) {
                hits.add(hit);
            }
        });
        return hits;
    }

    /**
     * For each word of a short query, the closest word of any title, tag or service (trigram similarity), when the
     * word itself is none of them; null when nothing is closer than what was typed.
     */
    private String closestSpelling(List<String> words) {
        List<String> corrected = new ArrayList<>();
        boolean changed = false;
        for (String word : words) {
            String best = word;
            if (word.length() >= 3) {
                @SuppressWarnings("unchecked")
                List<String> close = em.createNativeQuery("""
                                SELECT w.word FROM search_word w
                                WHERE w.word % :word
                                ORDER BY w.word = :word DESC, similarity(w.word, :word) DESC, w.word LIMIT 1""")
                        .setParameter("word", word)
                        .getResultList();
                if (!close.isEmpty()) {
                    best = close.get(0);
                }
            }
            changed |= !best.equals(word);
            corrected.add(best);
        }
        return changed ? String.join(" ", corrected) : null;
    }

    static String snippetHtml(String fragment) {
        StringBuilder out = new StringBuilder();
        for (char c : fragment.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case START -> out.append("<mark>");
                case STOP -> out.append("</mark>");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String snippetText(String fragment) {
        return fragment.replace(String.valueOf(START), "").replace(String.valueOf(STOP), "");
    }

    static List<String> highlights(String fragment) {
        Set<String> words = new LinkedHashSet<>();
        Matcher m = MARKED.matcher(fragment);
        while (m.find()) {
            words.add(m.group(1));
        }
        return List.copyOf(words);
    }

    private static List<String> words(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(" "));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) return i;
        if (value instanceof OffsetDateTime o) return o.toInstant();
        if (value instanceof Timestamp t) return t.toInstant();
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }

    /** The filters as fixed SQL fragments with their parameters; nothing typed enters the SQL text. */
    private record Filters(String sql, String walkSql, Map<String, Object> parameters) {

        /**
         * {@code sql} is what the GIN index answers with the words (V37: severity, status, service and tag are
         * columns of it). {@code walkSql} is the same conditions for a walk of the date index, which carries
         * severity and status too: written so that the GIN index cannot answer them, or the planner would read
         * every row of a severity and sort them rather than walk the newest and stop.
         */
        static Filters of(SearchRequest request, ZoneId zone) {
            StringBuilder sql = new StringBuilder();
            StringBuilder walk = new StringBuilder();
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (request.severity() != null) {
                sql.append(" AND d.severity = :severity");
                walk.append(" AND d.severity || '' = :severity");
                parameters.put("severity", request.severity().name());
            }
            if (request.status() != null) {
                sql.append(" AND d.status = :status");
                walk.append(" AND d.status || '' = :status");
                parameters.put("status", request.status().name());
            }
            if (request.service() != null) {
                sql.append(" AND d.services @> ARRAY[CAST(:service AS text)]");
                walk.append(" AND d.services @> ARRAY[CAST(:service AS text)]");
                parameters.put("service", request.service());
            }
            if (request.tag() != null) {
                sql.append(" AND d.tags @> ARRAY[CAST(:tag AS text)]");
                walk.append(" AND d.tags @> ARRAY[CAST(:tag AS text)]");
                parameters.put("tag", request.tag());
            }
            if (request.from() != null) {
                sql.append(" AND d.started_at >= :from");
                walk.append(" AND d.started_at >= :from");
                parameters.put("from", request.from().atStartOfDay(zone).toInstant());
            }
            if (request.to() != null) {
                sql.append(" AND d.started_at < :to");
                walk.append(" AND d.started_at < :to");
                parameters.put("to", request.to().plusDays(1).atStartOfDay(zone).toInstant());
            }
            if (request.publishedOnly()) {
                sql.append(" AND d.published");
                walk.append(" AND d.published");
            }
            return new Filters(sql.toString(), walk.toString(), parameters);
        }

        /** Whether every filter is a column of the date index (V34, V37): no service or tag. */
        boolean inDateIndex() {
            return !parameters.containsKey("service") && !parameters.containsKey("tag");
        }

        void bind(Query query) {
            parameters.forEach(query::setParameter);
        }
    }
}
