package io.hindsight.history;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level differences between two texts, for revisions, amendments and edit conflicts. The comparison itself is
 * java-diff-utils' Myers diff over tokens (words, runs of whitespace, single punctuation marks); this class only
 * tokenises and turns the deltas into segments a page can render as unchanged, removed and added text.
 */
public final class TextDiff {

    /** A word, a run of whitespace, or one other character: so "can't" and "2026-11-28" stay readable. */
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_'’]+|\\s+|.", Pattern.DOTALL);

    public enum Kind { SAME, REMOVED, ADDED }

    /** A run of text that is the same in both, only in the older text, or only in the newer one. */
    public record Segment(Kind kind, String text) {
        public boolean same() { return kind == Kind.SAME; }
        public boolean removed() { return kind == Kind.REMOVED; }
        public boolean added() { return kind == Kind.ADDED; }
    }

    private TextDiff() {
    }

    /** The segments that turn {@code before} into {@code after}; adjacent segments of one kind are joined. */
    public static List<Segment> words(String before, String after) {
        List<String> a = tokens(before == null ? "" : before);
        List<String> b = tokens(after == null ? "" : after);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<Segment> out = new ArrayList<>();
        int position = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int start = delta.getSource().getPosition();
            add(out, Kind.SAME, a.subList(position, start));
            add(out, Kind.REMOVED, delta.getSource().getLines());
            add(out, Kind.ADDED, delta.getTarget().getLines());
            position = start + delta.getSource().size();
        }
        add(out, Kind.SAME, a.subList(position, a.size()));
        return out;
    }

    /** True when the two texts differ. */
    public static boolean changed(String before, String after) {
        return !(before == null ? "" : before).equals(after == null ? "" : after);
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    private static void add(List<Segment> out, Kind kind, List<String> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        String text = String.join("", tokens);
        if (!out.isEmpty() && out.get(out.size() - 1).kind() == kind) {
            Segment last = out.remove(out.size() - 1);
            text = last.text() + text;
        }
        out.add(new Segment(kind, text));
    }
}
