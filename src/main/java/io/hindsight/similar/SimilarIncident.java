package io.hindsight.similar;

import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;

import java.time.Instant;
import java.util.List;

/**
 * An incident like another one, with why it matched: the services, tags and contributing factors both have, the
 * words or phrases both use (as the incident being looked at wrote them), and how alike the titles are.
 *
 * @param score           how alike, from {@link SimilarIncidents#THRESHOLD} up (about 2 at most)
 * @param titleSimilarity trigram similarity of the two titles, 0 to 1
 * @param why             the reasons as one sentence
 */
public record SimilarIncident(long id, String title, Severity severity, IncidentStatus status, Instant startedAt,
                              double score, List<String> sharedServices, List<String> sharedTags,
                              List<String> sharedFactors, List<String> sharedWords, double titleSimilarity, String why) {

    /** Whether the titles are alike enough to say so. */
    public boolean similarTitles() {
        return titleSimilarity >= Why.SIMILAR_TITLE;
    }

    /** The reasons in the order the sentence gives them, for a page to render names as code and words as quotes. */
    public List<Reason> reasons() {
        List<Reason> reasons = new java.util.ArrayList<>();
        if (!sharedServices.isEmpty()) {
            reasons.add(new Reason(sharedServices.size() == 1 ? "same service" : "same services", sharedServices, true));
        }
        if (!sharedFactors.isEmpty()) {
            reasons.add(new Reason(sharedFactors.size() == 1 ? "same contributing factor" : "same contributing factors",
                    sharedFactors, false));
        }
        if (!sharedTags.isEmpty()) {
            reasons.add(new Reason("both tagged", sharedTags, true));
        }
        if (!sharedWords.isEmpty()) {
            reasons.add(new Reason("both mention", sharedWords, false));
        }
        if (similarTitles() || reasons.isEmpty()) {
            reasons.add(new Reason("similar titles", List.of(), false));
        }
        return reasons;
    }
}
