package io.hindsight.lesson;

import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemStatus;
import io.hindsight.postmortem.PublishedTextChanged;
import io.hindsight.review.PostmortemPublished;
import io.hindsight.system.AfterStart;
import io.hindsight.web.Markdown;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keeps the library's cards: reads a postmortem's Markdown once, when it is published or an amendment is approved,
 * and stores what its card and feed entry show. After start, in the background ({@link AfterStart}), it gives a card to
 * every published postmortem without one (those published before cards existed, or restored without them); that pass
 * does nothing when every card is there, and the start never waits for it.
 */
@ApplicationScoped
public class LessonCards {

    private static final Logger LOG = Logger.getLogger(LessonCards.class);
    private static final int BATCH = 200;
    private static final int BULK_BATCH = 2_000;
    /** The advisory lock the start-up fill takes per batch: "lesson" in ASCII. */
    private static final long FILL_LOCK = 0x6c6573736f6eL;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    void published(@Observes PostmortemPublished event) {
        store(event.postmortem());
    }

    void changed(@Observes PublishedTextChanged event) {
        store(event.postmortem());
    }

    @Inject
    AfterStart afterStart;

    void onStart(@Observes StartupEvent event) {
        afterStart.run("Filling missing library cards", () -> {
            int filled = fillMissing();
            if (filled > 0) {
                LOG.infof("Extracted the library cards of %d published postmortems", filled);
            }
        });
    }

    /** Extracts and stores the card of a published postmortem, replacing the one it had; in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LessonCard store(Postmortem postmortem) {
        LessonCard card = LessonCard.findById(postmortem.id);
        if (card == null) {
            card = new LessonCard();
            card.postmortemId = postmortem.id;
        }
        Extracted extracted = extract(postmortem.learn, postmortem.summary);
        card.incidentId = postmortem.incident.id;
        card.publishedAt = postmortem.publishedAt == null ? clock.instant() : postmortem.publishedAt;
        card.lessonsHtml = extracted.lessonsHtml();
        card.feedHtml = extracted.feedHtml();
        card.factors = new ArrayList<>(extracted.factors().values());
        card.factorKeys = new ArrayList<>(extracted.factors().keySet());
        card.extractedAt = clock.instant();
        if (!entityManager.contains(card)) {
            card.persist();
        }
        extracted.factors().forEach((key, label) -> entityManager.createNativeQuery(
                        "INSERT INTO lesson_factor (factor_key, label) VALUES (:key, :label) ON CONFLICT (factor_key) DO NOTHING")
                .setParameter("key", key).setParameter("label", label).executeUpdate());
        return card;
    }

    /** What a card shows of a postmortem's Learn section and summary: the one reading of its Markdown, for one card or many. */
    record Extracted(String lessonsHtml, String feedHtml, Map<String, String> factors) {
    }

    static Extracted extract(String learn, String summary) {
        String text = learn == null ? "" : learn;
        String lessons = Lesson.lessonsIn(text);
        Map<String, String> factors = new LinkedHashMap<>();
        for (String factor : Lesson.factorsIn(text)) {
            factors.putIfAbsent(key(factor), factor);
        }
        return new Extracted(Markdown.toHtml(lessons.isBlank() ? summary : lessons), Markdown.toHtml(lessons + "\n\n" + summary),
                factors);
    }

    /**
     * Gives a card to every published postmortem of the incidents after {@code afterIncidentId} that has none, on the
     * caller's connection and in its transaction: a bulk load (the benchmark seed) that wrote many postmortems in a
     * few statements. The cards are what {@link #store} writes, extracted by the same code, but read and written a
     * batch of {@value #BULK_BATCH} postmortems per round trip (the Markdown of a batch is read on several threads),
     * and the library's factor list is completed once at the end. Returns how many cards it wrote.
     */
    public int storeInBulk(Connection connection, long afterIncidentId) throws SQLException {
        Timestamp extractedAt = Timestamp.from(clock.instant());
        int written = 0;
        long afterPostmortem = 0;
        // The batches go to a scratch table first and reach lesson_card in one statement: lesson_card's statement
        // triggers (the insights rollups) then run once for the whole load, not once per card (a JDBC batch is a
        // statement per row, and each recompute reads the months' incidents).
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TEMPORARY TABLE lesson_card_load ON COMMIT DROP AS
                    SELECT postmortem_id, incident_id, published_at, lessons_html, feed_html, factors, factor_keys, extracted_at
                    FROM lesson_card WITH NO DATA""");
        }
        try (PreparedStatement read = connection.prepareStatement("""
                SELECT p.id, p.incident_id, p.published_at, p.learn, p.summary FROM postmortem p
                WHERE p.incident_id > ? AND p.id > ? AND p.status = 'PUBLISHED'
                  AND NOT EXISTS (SELECT 1 FROM lesson_card c WHERE c.postmortem_id = p.id)
                ORDER BY p.id LIMIT ?""");
             PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO lesson_card_load (postmortem_id, incident_id, published_at, lessons_html, feed_html, factors,
                                              factor_keys, extracted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            while (true) {
                read.setLong(1, afterIncidentId);
                read.setLong(2, afterPostmortem);
                read.setInt(3, BULK_BATCH);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet result = read.executeQuery()) {
                    while (result.next()) {
                        rows.add(new Object[] {result.getLong(1), result.getLong(2),
                                result.getTimestamp(3) == null ? extractedAt : result.getTimestamp(3), result.getString(4),
                                result.getString(5)});
                    }
                }
                if (rows.isEmpty()) {
                    break;
                }
                List<Extracted> cards = rows.parallelStream().map(row -> extract((String) row[3], (String) row[4])).toList();
                for (int i = 0; i < rows.size(); i++) {
                    Object[] row = rows.get(i);
                    Extracted card = cards.get(i);
                    insert.setLong(1, (Long) row[0]);
                    insert.setLong(2, (Long) row[1]);
                    insert.setTimestamp(3, (Timestamp) row[2]);
                    insert.setString(4, card.lessonsHtml());
                    insert.setString(5, card.feedHtml());
                    insert.setArray(6, connection.createArrayOf("text", card.factors().values().toArray()));
                    insert.setArray(7, connection.createArrayOf("text", card.factors().keySet().toArray()));
                    insert.setTimestamp(8, extractedAt);
                    insert.addBatch();
                }
                insert.executeBatch();
                written += rows.size();
                afterPostmortem = (Long) rows.get(rows.size() - 1)[0];
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    INSERT INTO lesson_card (postmortem_id, incident_id, published_at, lessons_html, feed_html, factors, factor_keys,
                                             extracted_at)
                    SELECT postmortem_id, incident_id, published_at, lessons_html, feed_html, factors, factor_keys, extracted_at
                    FROM lesson_card_load ORDER BY postmortem_id""");
            statement.execute("DROP TABLE lesson_card_load");
        }
        // Each key's label as store() leaves it: the first card (by postmortem id) to name the factor, as it named it.
        try (PreparedStatement factors = connection.prepareStatement("""
                INSERT INTO lesson_factor (factor_key, label)
                SELECT DISTINCT ON (f.factor_key) f.factor_key, f.label
                FROM lesson_card c CROSS JOIN LATERAL unnest(c.factor_keys, c.factors) WITH ORDINALITY AS f(factor_key, label, n)
                WHERE c.incident_id > ?
                ORDER BY f.factor_key, c.postmortem_id, f.n
                ON CONFLICT (factor_key) DO NOTHING""")) {
            factors.setLong(1, afterIncidentId);
            factors.executeUpdate();
        }
        return written;
    }

    /** Gives a card to every published postmortem without one, a batch per transaction; how many it filled. */
    public int fillMissing() {
        int filled = 0;
        while (true) {
            int batch = QuarkusTransaction.requiringNew().call(() -> {
                // Instances starting together take turns: the second finds the first one's cards and skips them.
                entityManager.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(" + FILL_LOCK + ")").getSingleResult();
                List<Postmortem> missing = Postmortem.<Postmortem>find("""
                                FROM Postmortem p JOIN FETCH p.incident
                                WHERE p.status = ?1 AND NOT EXISTS (SELECT 1 FROM LessonCard c WHERE c.postmortemId = p.id)
                                ORDER BY p.id""", PostmortemStatus.PUBLISHED)
                        .page(0, BATCH).list();
                missing.forEach(this::store);
                return missing.size();
            });
            filled += batch;
            if (batch < BATCH) {
                return filled;
            }
        }
    }

    /** How the filter compares factors: in any letter case. */
    static String key(String factor) {
        return factor.strip().toLowerCase(Locale.ROOT);
    }
}
