package io.hindsight.similar;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Why two incidents matched, in words: "same service `billing`, both mention “connection string”". */
final class Why {

    /** At most this many shared words or phrases are named. */
    static final int WORDS_NAMED = 4;
    /** Titles at least this similar (trigrams) are called similar even when they share no whole word. */
    static final double SIMILAR_TITLE = 0.45;

    private Why() {
    }

    /**
     * The words both incidents use, as the subject wrote them, best first: runs of words that stand next to each
     * other in both ("connection string") before single words, words of the subject's title before the others.
     *
     * @param words  the subject's words by lexeme
     * @param theirs the other incident's positions of the words both have, by lexeme
     */
    static List<String> sharedPhrases(Map<String, SimilarIncidents.Word> words, Map<String, List<Integer>> theirs) {
        TreeMap<Integer, String> mine = new TreeMap<>();
        for (String lexeme : theirs.keySet()) {
            SimilarIncidents.Word word = words.get(lexeme);
            if (word != null) {
                word.positions().forEach(p -> mine.putIfAbsent(p, lexeme));
            }
        }
        List<String> phrases = new ArrayList<>();
        List<String> titleWords = new ArrayList<>();
        List<String> otherWords = new ArrayList<>();
        Set<String> named = new HashSet<>();
        Set<Integer> used = new HashSet<>();
        for (Map.Entry<Integer, String> start : mine.entrySet()) {
            int p = start.getKey();
            if (used.contains(p)) {
                continue;
            }
            List<Integer> at = new ArrayList<>(theirs.get(start.getValue()));
            List<String> run = new ArrayList<>(List.of(start.getValue()));
            for (int k = 1; mine.containsKey(p + k); k++) {
                String next = mine.get(p + k);
                int step = k;
                List<Integer> still = at.stream().filter(q -> theirs.get(next).contains(q + step)).toList();
                if (still.isEmpty()) {
                    break;
                }
                at = still;
                run.add(next);
            }
            for (int k = 0; k < run.size(); k++) {
                used.add(p + k);
            }
            if (run.size() > 1) {
                String phrase = String.join(" ", run.stream().map(l -> words.get(l).written()).toList());
                if (named.addAll(run) || !phrases.contains(phrase)) {
                    phrases.add(phrase);
                }
            } else if (named.add(run.get(0))) {
                SimilarIncidents.Word word = words.get(run.get(0));
                (word.inTitle() ? titleWords : otherWords).add(word.written());
            }
        }
        List<String> all = new ArrayList<>(phrases);
        all.addAll(titleWords);
        all.addAll(otherWords);
        return all.size() > WORDS_NAMED ? List.copyOf(all.subList(0, WORDS_NAMED)) : List.copyOf(all);
    }

    /** The reasons as one plain sentence, e.g. "same service `billing`, both mention “connection string”". */
    static String sentence(List<String> services, List<String> tags, List<String> factors, List<String> phrases,
                           double titleSimilarity) {
        List<String> parts = new ArrayList<>();
        if (!services.isEmpty()) {
            parts.add((services.size() == 1 ? "same service " : "same services ") + list(services, "`", "`"));
        }
        if (!factors.isEmpty()) {
            parts.add((factors.size() == 1 ? "same contributing factor " : "same contributing factors ")
                    + list(factors, "“", "”"));
        }
        if (!tags.isEmpty()) {
            parts.add("both tagged " + list(tags, "`", "`"));
        }
        if (!phrases.isEmpty()) {
            parts.add("both mention " + list(phrases, "“", "”"));
        }
        if (titleSimilarity >= SIMILAR_TITLE || parts.isEmpty()) {
            parts.add("similar titles");
        }
        return String.join(", ", parts);
    }

    private static String list(List<String> values, String open, String close) {
        List<String> quoted = values.stream().map(v -> open + v + close).toList();
        if (quoted.size() == 1) {
            return quoted.get(0);
        }
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }
}
