package io.hindsight.history;

import io.hindsight.web.Conflict;
import io.quarkus.qute.TemplateExtension;

import java.util.List;

/**
 * The word-level differences of a conflicting field, for the {@code conflict} tag: from the text saved
 * meanwhile to the text this person typed (struck through: only in the saved text; underlined: only in theirs).
 */
@TemplateExtension
public final class ConflictDifferences {

    private ConflictDifferences() {
    }

    static List<TextDiff.Segment> differences(Conflict.Field field) {
        return TextDiff.words(field.current(), field.yours());
    }
}
