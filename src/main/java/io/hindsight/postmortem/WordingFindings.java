package io.hindsight.postmortem;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hindsight.web.TextHash;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The blameless check's findings for a text, worked out once per distinct text: a bounded cache keyed by the text's
 * SHA-256, so reading a postmortem does not scan every section again on every view. The findings depend only on the
 * text (and the rules, fixed for the life of the process), so a cached answer is never stale.
 */
@ApplicationScoped
public class WordingFindings {

    /** Distinct section texts kept; a few thousand postmortems' worth, each entry a short list. */
    static final int MAX_TEXTS = 20_000;

    @Inject
    BlamelessCheck blameless;

    private final Cache<String, List<BlamelessFinding>> byHash = Caffeine.newBuilder().maximumSize(MAX_TEXTS).build();

    /** What {@link BlamelessCheck#analyse(String)} says about {@code markdown}. */
    public List<BlamelessFinding> of(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return List.of();
        }
        return byHash.get(TextHash.sha256(markdown), hash -> blameless.analyse(markdown));
    }
}
