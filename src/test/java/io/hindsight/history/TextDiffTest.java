package io.hindsight.history;

import io.hindsight.history.TextDiff.Kind;
import io.hindsight.history.TextDiff.Segment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TextDiffTest {

    @Test
    void marksTheChangedWordsOnly() {
        List<Segment> diff = TextDiff.words("The deploy paused the queue.", "The deploy drained the queue.");
        assertThat(diff).containsExactly(
                new Segment(Kind.SAME, "The deploy "),
                new Segment(Kind.REMOVED, "paused"),
                new Segment(Kind.ADDED, "drained"),
                new Segment(Kind.SAME, " the queue."));
    }

    @Test
    void eachSideCanBeRebuiltFromTheSegments() {
        String before = "Line one.\n\nThe cache can't expire; it's 2026-11-28.";
        String after = "Line one, changed.\n\nThe cache expires at 2026-11-29 — or not.";
        List<Segment> diff = TextDiff.words(before, after);
        assertThat(diff.stream().filter(s -> !s.added()).map(Segment::text).collect(Collectors.joining())).isEqualTo(before);
        assertThat(diff.stream().filter(s -> !s.removed()).map(Segment::text).collect(Collectors.joining())).isEqualTo(after);
    }

    @Test
    void emptyAndNullTexts() {
        assertThat(TextDiff.words(null, "")).isEmpty();
        assertThat(TextDiff.words("", "Added.")).containsExactly(new Segment(Kind.ADDED, "Added."));
        assertThat(TextDiff.words("Gone.", null)).containsExactly(new Segment(Kind.REMOVED, "Gone."));
        assertThat(TextDiff.changed(null, "")).isFalse();
        assertThat(TextDiff.changed("a", "b")).isTrue();
    }
}
