package io.hindsight.postmortem;

import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.BinaryFileDataReader;
import opennlp.tools.ml.model.GenericModelReader;
import opennlp.tools.ml.model.MaxentModel;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statistical second opinion of the blameless check: a maximum-entropy text classifier (Apache OpenNLP) trained on
 * the labelled postmortem sentences in the repository, asked about a sentence that no wording rule and no sentence
 * analysis flagged. It flags the sentence when its blame probability is above a threshold chosen, by cross-validation
 * over sets written by different writers, so that no blameless sentence of a held-out set was flagged.
 *
 * <p>Features that carry from one writer to the next: the words (names replaced by {@code <name>}), word pairs,
 * four- and five-letter pieces of words, who the people in the sentence are (a name, a role word, a pronoun, "we") and
 * the word classes of the sentence analysis' lexicon ({@code postmortem/blameless-lexicon.txt}), alone and next to a
 * person ("Tomás … careless"). A finding explains itself: the words whose removal lowers the blame probability most
 * are named, and the rewording prompt is the one of {@code postmortem/blameless-model.properties}.
 *
 * <p>The model is {@value #DEFAULT_MODEL}, trained offline (the command is in docs/architecture.md, "The blameless
 * check's second opinion"), loaded once; asking it about a sentence costs a few hundred map look-ups. Immutable and
 * thread-safe.
 */
final class BlamelessSecondOpinion {

    static final String DEFAULT_MODEL = "postmortem/blameless-model.bin";
    static final String DEFAULT_SETTINGS = "postmortem/blameless-model.properties";
    /** The rule id of its findings. */
    static final String RULE_ID = "second-opinion";
    static final String BLAME = "blame";
    static final String FAIR = "fair";

    /** Lexicon classes that judge, fail or blame: next to a person they make a feature of their own. */
    private static final Set<String> JUDGING = Set.of("failure-verb", "failure-participle", "judgement-adjective",
            "judgement-adverb", "judgement-noun", "verdict-adjective", "verdict-noun", "blame-noun", "poor-work",
            "work-verdict", "judgement-person-noun", "judgement-attributive", "care-adjective", "risky-action",
            "skipped-step", "neglected-duty", "perceived", "went-ahead", "irony-adjective", "attributed-participle");
    /** How many tokens back a person may be for "a person next to a judgement". */
    private static final int NEAR = 6;
    /** Longer "sentences" (a section without sentence ends) are left to the rules. */
    static final int MAX_TOKENS = 120;

    /** A feature and the characters of the sentence it comes from ({@code start == end} for the whole sentence). */
    record Feature(String name, int start, int end) {
    }

    /** A flagged sentence: the span to show, the words that weighed most, the person named and the probability. */
    record Hit(int start, int end, List<String> words, String who, double probability) {
    }

    private final MaxentModel model;
    private final int blameIndex;
    private final double threshold;
    private final BlamelessClauses clauses;
    private final String explanation;
    private final String suggestion;

    BlamelessSecondOpinion(MaxentModel model, double threshold, BlamelessClauses clauses, String explanation,
                           String suggestion) {
        this.model = Objects.requireNonNull(model, "model");
        this.blameIndex = model.getIndex(BLAME);
        if (blameIndex < 0) {
            throw new IllegalArgumentException("the model has no outcome '" + BLAME + "'");
        }
        this.threshold = threshold;
        this.clauses = Objects.requireNonNull(clauses, "clauses");
        this.explanation = Objects.requireNonNull(explanation, "explanation");
        this.suggestion = Objects.requireNonNull(suggestion, "suggestion");
    }

    /** The model and settings shipped with Hindsight. */
    static BlamelessSecondOpinion defaults(BlamelessClauses clauses) {
        Properties settings = settings();
        return new BlamelessSecondOpinion(readModel(open(DEFAULT_MODEL)), Double.parseDouble(settings.getProperty("threshold")),
                clauses, settings.getProperty("explain"), settings.getProperty("suggest"));
    }

    /** The same model and texts with another threshold (for cross-validation). */
    BlamelessSecondOpinion withThreshold(double newThreshold) {
        return new BlamelessSecondOpinion(model, newThreshold, clauses, explanation, suggestion);
    }

    static Properties settings() {
        Properties settings = new Properties();
        try (Reader reader = new InputStreamReader(open(DEFAULT_SETTINGS), StandardCharsets.UTF_8)) {
            settings.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : List.of("threshold", "explain", "suggest")) {
            if (settings.getProperty(key) == null || settings.getProperty(key).isBlank()) {
                throw new IllegalStateException(DEFAULT_SETTINGS + " has no '" + key + "'");
            }
        }
        return settings;
    }

    static MaxentModel readModel(InputStream in) {
        try (InputStream buffered = new BufferedInputStream(in)) {
            AbstractModel model = new GenericModelReader(new BinaryFileDataReader(buffered)).getModel();
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = BlamelessSecondOpinion.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        return in;
    }

    double threshold() {
        return threshold;
    }

    /** The blame probability of one sentence (plain text), 0 to 1. */
    double probability(String sentence) {
        return probability(context(features(clauses, sentence)));
    }

    private double probability(String[] context) {
        return model.eval(context)[blameIndex];
    }

    /**
     * The blame probability the check compares with the threshold: 0 for a sentence that names no person (a name, a
     * role word, a pronoun for someone; "we" and "it" are not), since there is no one in it to blame.
     */
    double score(String sentence) {
        return namesAPerson(sentence) ? probability(sentence) : 0;
    }

    boolean namesAPerson(String sentence) {
        List<BlamelessClauses.Token> tokens = BlamelessClauses.tokenize(sentence);
        if (tokens.size() > MAX_TOKENS) {
            // a run-on text with no sentence ends is not a sentence the model learned from, and would cost too much
            return false;
        }
        for (int k = 0; k < tokens.size(); k++) {
            String kind = clauses.personAt(tokens, k);
            if ("name".equals(kind) || "role".equals(kind) || "single".equals(kind)) {
                return true;
            }
        }
        return false;
    }

    /** Its finding on a sentence, or {@code null} when the score is not above the threshold. */
    Hit analyse(String sentence) {
        if (!namesAPerson(sentence)) {
            return null;
        }
        List<Feature> features = features(clauses, sentence);
        String[] context = context(features);
        double p = probability(context);
        if (p <= threshold) {
            return null;
        }
        return explain(sentence, features, p);
    }

    String explanation(Hit hit) {
        return explanation.replace("{words}", hit.words().stream().map(w -> "'" + w + "'").collect(Collectors.joining(", ")))
                .replace("{who}", hit.who())
                .replace("{percent}", String.format(Locale.ROOT, "%.0f%%", hit.probability() * 100));
    }

    String suggestion(Hit hit) {
        return suggestion.replace("{who}", hit.who());
    }

    /**
     * Which words weighed most: each distinct feature is left out in turn and the drop in blame probability is shared
     * among the words it came from; the heaviest words, joined when they are next to each other, are named.
     */
    private Hit explain(String sentence, List<Feature> features, double p) {
        List<BlamelessClauses.Token> tokens = BlamelessClauses.tokenize(sentence);
        double[] weight = new double[tokens.size()];
        Map<String, List<Feature>> byName = new LinkedHashMap<>();
        for (Feature feature : features) {
            byName.computeIfAbsent(feature.name(), n -> new ArrayList<>()).add(feature);
        }
        for (Map.Entry<String, List<Feature>> entry : byName.entrySet()) {
            String[] without = features.stream().map(Feature::name).filter(n -> !n.equals(entry.getKey())).toArray(String[]::new);
            double drop = p - probability(without);
            if (drop <= 0) {
                continue;
            }
            for (Feature feature : entry.getValue()) {
                List<Integer> covered = new ArrayList<>();
                for (int k = 0; k < tokens.size(); k++) {
                    BlamelessClauses.Token token = tokens.get(k);
                    if (!token.punctuation() && token.start() < feature.end() && token.end() > feature.start()) {
                        covered.add(k);
                    }
                }
                for (int k : covered) {
                    weight[k] += drop / entry.getValue().size() / covered.size();
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < tokens.size(); k++) {
            order.add(k);
        }
        order.sort(Comparator.comparingDouble((Integer k) -> -weight[k]));
        double top = order.isEmpty() ? 0 : weight[order.get(0)];
        boolean[] chosen = new boolean[tokens.size()];
        int picked = 0;
        for (int k : order) {
            if (weight[k] <= 0 || weight[k] < top / 4 || picked == 4) {
                break;
            }
            chosen[k] = true;
            picked++;
        }
        // adjacent chosen words make one phrase; phrases ranked by their weight
        List<int[]> phrases = new ArrayList<>();
        List<Double> phraseWeights = new ArrayList<>();
        for (int k = 0; k < tokens.size(); k++) {
            if (!chosen[k]) {
                continue;
            }
            int from = k;
            double sum = 0;
            while (k < tokens.size() && chosen[k]) {
                sum += weight[k];
                k++;
            }
            phrases.add(new int[]{tokens.get(from).start(), tokens.get(k - 1).end()});
            phraseWeights.add(sum);
        }
        List<Integer> ranked = new ArrayList<>();
        for (int i = 0; i < phrases.size(); i++) {
            ranked.add(i);
        }
        ranked.sort(Comparator.comparingDouble((Integer i) -> -phraseWeights.get(i)));
        List<String> words = new ArrayList<>();
        for (int i : ranked.subList(0, Math.min(3, ranked.size()))) {
            String phrase = sentence.substring(phrases.get(i)[0], phrases.get(i)[1]);
            if (!words.contains(phrase)) {
                words.add(phrase);
            }
        }
        int start = 0;
        int end = sentence.length();
        if (!ranked.isEmpty()) {
            start = phrases.get(ranked.get(0))[0];
            end = phrases.get(ranked.get(0))[1];
        }
        String who = "the person";
        for (int k = 0; k < tokens.size(); k++) {
            String kind = clauses.personAt(tokens, k);
            if ("name".equals(kind) || "single".equals(kind) && !tokens.get(k).word().equals("i")) {
                who = sentence.substring(tokens.get(k).start(), tokens.get(k).end());
                who = "name".equals(kind) ? who : "the person";
                break;
            }
            if ("role".equals(kind)) {
                who = "the " + tokens.get(k).word();
                break;
            }
        }
        if (words.isEmpty()) {
            words.add(sentence.strip());
        }
        return new Hit(start, end, List.copyOf(words), who, p);
    }

    static String[] context(List<Feature> features) {
        String[] context = new String[features.size()];
        for (int i = 0; i < context.length; i++) {
            context[i] = features.get(i).name();
        }
        return context;
    }

    /** The features of a sentence (plain text), each with the characters it comes from. */
    static List<Feature> features(BlamelessClauses clauses, String sentence) {
        List<Feature> features = new ArrayList<>();
        List<BlamelessClauses.Token> tokens = BlamelessClauses.tokenize(sentence);
        String previous = "<s>";
        int previousStart = 0;
        int lastPerson = -NEAR - 1;
        String lastPersonKind = null;
        int lastPersonStart = 0;
        for (int k = 0; k < tokens.size(); k++) {
            BlamelessClauses.Token token = tokens.get(k);
            String person = clauses.personAt(tokens, k);
            String word = "name".equals(person) ? "<name>" : token.word();
            features.add(new Feature("w=" + word, token.start(), token.end()));
            features.add(new Feature("b=" + previous + "_" + word, previousStart, token.end()));
            if (person != null) {
                features.add(new Feature("p=" + person, token.start(), token.end()));
            }
            if (!token.punctuation() && person == null && word.length() >= 4) {
                String marked = "^" + word + "$";
                for (int n = 4; n <= 5; n++) {
                    for (int i = 0; i + n <= marked.length(); i++) {
                        features.add(new Feature("c=" + marked.substring(i, i + n), token.start(), token.end()));
                    }
                }
            }
            if (!token.punctuation()) {
                for (String wordClass : clauses.classesOf(token.word())) {
                    features.add(new Feature("k=" + wordClass, token.start(), token.end()));
                    if (JUDGING.contains(wordClass) && lastPersonKind != null && k - lastPerson <= NEAR) {
                        features.add(new Feature("pk=" + lastPersonKind + "_" + wordClass, lastPersonStart, token.end()));
                        features.add(new Feature("pk=person_judged", lastPersonStart, token.end()));
                    }
                }
            }
            if (person != null && !"not-blamed".equals(person)) {
                lastPerson = k;
                lastPersonKind = person;
                lastPersonStart = token.start();
            }
            previous = word;
            previousStart = token.start();
        }
        features.add(new Feature("b=" + previous + "_</s>", previousStart, sentence.length()));
        if (sentence.indexOf('?') >= 0) {
            features.add(new Feature("s=question", 0, 0));
        }
        if (sentence.indexOf('!') >= 0) {
            features.add(new Feature("s=exclamation", 0, 0));
        }
        return features;
    }
}
