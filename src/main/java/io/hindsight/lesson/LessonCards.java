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
        String learn = postmortem.learn == null ? "" : postmortem.learn;
        String lessons = Lesson.lessonsIn(learn);
        card.incidentId = postmortem.incident.id;
        card.publishedAt = postmortem.publishedAt == null ? clock.instant() : postmortem.publishedAt;
        card.lessonsHtml = Markdown.toHtml(lessons.isBlank() ? postmortem.summary : lessons);
        card.feedHtml = Markdown.toHtml(lessons + "\n\n" + postmortem.summary);
        Map<String, String> factors = new LinkedHashMap<>();
        for (String factor : Lesson.factorsIn(learn)) {
            factors.putIfAbsent(key(factor), factor);
        }
        card.factors = new ArrayList<>(factors.values());
        card.factorKeys = new ArrayList<>(factors.keySet());
        card.extractedAt = clock.instant();
        if (!entityManager.contains(card)) {
            card.persist();
        }
        factors.forEach((key, label) -> entityManager.createNativeQuery(
                        "INSERT INTO lesson_factor (factor_key, label) VALUES (:key, :label) ON CONFLICT (factor_key) DO NOTHING")
                .setParameter("key", key).setParameter("label", label).executeUpdate());
        return card;
    }

    /** Gives a card to every published postmortem without one, a batch per transaction; how many it filled. */
    public int fillMissing() {
        int filled = 0;
        while (true) {
            int batch = QuarkusTransaction.requiringNew().call(() -> {
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
