package io.hindsight.postmortem;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Precision and recall of the default blameless rules over a labelled corpus of postmortem sentences
 * ({@code src/test/resources/postmortem/blameless-corpus.txt}). A sentence counts as flagged when the check reports at
 * least one finding for it. The figures and every misclassified sentence are printed.
 */
class BlamelessCheckCorpusTest {

    static final String CORPUS = "/postmortem/blameless-corpus.txt";
    static final String HOLDOUT_3 = "/postmortem/blameless-holdout-3.txt";
    static final String HOLDOUT_4 = "/postmortem/blameless-holdout-4.txt";
    static final String TRAIN_5 = "/postmortem/blameless-train-5.txt";
    static final String HOLDOUT_5 = "/postmortem/blameless-holdout-5.txt";
    static final String TRAIN_6 = "/postmortem/blameless-train-6.txt";
    static final String HOLDOUT_6 = "/postmortem/blameless-holdout-6.txt";
    static final String HOLDOUT_7 = "/postmortem/blameless-holdout-7.txt";
    static final String HOLDOUT_8 = "/postmortem/blameless-holdout-8.txt";
    static final String HOLDOUT_9 = "/postmortem/blameless-holdout-9.txt";
    static final String HOLDOUT_10 = "/postmortem/blameless-holdout-10.txt";
    static final String HOLDOUT_11 = "/postmortem/blameless-holdout-11.txt";
    static final String TRAIN_7 = "/postmortem/blameless-train-7.txt";
    static final String TRAIN_8 = "/postmortem/blameless-train-8.txt";
    static final String TRAIN_9 = "/postmortem/blameless-train-9.txt";
    static final String TRAIN_10 = "/postmortem/blameless-train-10.txt";
    static final String HOLDOUT_12 = "/postmortem/blameless-holdout-12.txt";
    static final String HOLDOUT_13 = "/postmortem/blameless-holdout-13.txt";
    static final String HOLDOUT_14 = "/postmortem/blameless-holdout-14.txt";
    static final String HOLDOUT_15 = "/postmortem/blameless-holdout-15.txt";
    static final String TRAIN_11 = "/postmortem/blameless-train-11.txt";
    static final String TRAIN_12 = "/postmortem/blameless-train-12.txt";

    enum Label {
        BLAME(true), SUBTLE(true), TRAP(false), OK(false);

        final boolean blame;

        Label(boolean blame) {
            this.blame = blame;
        }
    }

    record Entry(int line, Label label, String markdown) {
    }

    static BlamelessCheck check;

    @BeforeAll
    static void loadRules() {
        check = new BlamelessCheck();
    }

    @Test
    void corpusIsLargeAndBalancedEnough() throws IOException {
        Map<Label, Long> counts = read(CORPUS).stream().collect(Collectors.groupingBy(Entry::label,
                () -> new EnumMap<>(Label.class), Collectors.counting()));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(total >= 100, "at least 100 sentences, got " + total);
        assertTrue(counts.getOrDefault(Label.BLAME, 0L) >= 35, "clear blame: " + counts);
        assertTrue(counts.getOrDefault(Label.SUBTLE, 0L) >= 25, "subtle blame: " + counts);
        assertTrue(counts.getOrDefault(Label.TRAP, 0L) + counts.getOrDefault(Label.OK, 0L) >= 40, "traps and neutral: " + counts);
    }

    @Test
    void precisionAndRecallOnTheCorpus() throws IOException {
        Score score = score(read(CORPUS));
        System.out.println(score.report("Blameless check on " + CORPUS));
        // The rules are tuned on this corpus: every sentence is classified correctly, and a rule change that breaks one
        // says which.
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertEquals(1.0, score.recall(), String.format(Locale.ROOT, "recall %.3f%n%s", score.recall(), score.misses()));
    }

    /**
     * The third held-out set, written apart from the rules. It was held out until the third tuning round, which reached
     * precision 0.950 (57/60) and recall 0.877 (57/65) on it before tuning (TP 57, FP 3, FN 8, TN 62).
     *
     * <p>It is no longer held out: the third round tuned on it (together with the corpus and the independent train-a
     * set, now merged into the corpus), and reached precision 1.000 (65/65) and recall 1.000 (65/65). The assertions
     * hold those figures, so a rule change that loses one of these sentences or raises a false alarm fails here. A
     * fresh held-out set is measured outside this test.
     */
    @Test
    void thirdHeldOutSetIsCaughtWithoutFalseAlarms() throws IOException {
        List<Entry> entries = read(HOLDOUT_3);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() >= 120 && blame >= 60 && entries.size() - blame >= 60, "held-out sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + HOLDOUT_3 + " (held out until the third tuning round)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertEquals(1.0, score.recall(), String.format(Locale.ROOT, "recall %.3f%n%s", score.recall(), score.misses()));
    }

    /**
     * The fourth set: 140 sentences (70 blaming, 70 not) written by a writer who never saw the rules. Held out until the
     * sentence analysis ({@link BlamelessClauses}) was added, it then measured precision 0.983 (57/58) and recall 0.814
     * (57/70): TP 57, FP 1, FN 13, TN 69. It is no longer held out: the sentence analysis was tuned on it, reaching
     * precision 1.000 (69/69) and recall 0.986 (69/70); the assertions hold those figures.
     */
    @Test
    void fourthSetIsCaughtWithoutFalseAlarms() throws IOException {
        List<Entry> entries = read(HOLDOUT_4);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() >= 120 && blame >= 60 && entries.size() - blame >= 60, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + HOLDOUT_4 + " (tuned on since the sentence analysis)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertTrue(score.truePositives >= 69, String.format(Locale.ROOT, "recall %.3f < 69/70%n%s", score.recall(), score.misses()));
    }

    /**
     * The fifth set: 260 sentences (130 blaming, 130 not) by another writer who never saw the rules. Before any tuning on
     * it the rules measured precision 0.987 (75/76) and recall 0.577 (75/130): TP 75, FP 1, FN 55, TN 129. The sentence
     * analysis was then tuned on it (by word class, not by sentence), reaching precision 1.000 (124/124) and recall
     * 0.954 (124/130); the assertions hold those figures.
     */
    @Test
    void fifthSetIsCaughtWithoutFalseAlarms() throws IOException {
        List<Entry> entries = read(TRAIN_5);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() >= 250 && blame >= 125 && entries.size() - blame >= 125, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + TRAIN_5));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertTrue(score.truePositives >= 124, String.format(Locale.ROOT, "recall %.3f < 124/130%n%s", score.recall(), score.misses()));
    }

    /**
     * The fifth set, once held out: 160 sentences (80 blaming, 80 not) by a writer who never saw the rules, kept out of
     * every tuning round until then and measured once, after the sentence analysis was added: precision 1.000 (64/64),
     * recall 0.800 (64/80) — TP 64, FP 0, FN 16, TN 80. The misses were judgements the word lists did not know
     * ("reckless", "rude and useless", "garbage code", "lied", "doesn't have a clue"), sarcasm and rhetorical questions.
     *
     * <p>It is no longer held out: the sixth tuning round tuned on it (by kind of wording, together with the sixth
     * training set), reaching precision 1.000 (78/78) and recall 0.975 (78/80); the assertions hold those figures. The
     * two left are a blaming remark inside a quotation of what someone said, and a company ("the vendor") in scare quotes.
     */
    @Test
    void fifthFormerlyHeldOutSetIsCaughtWithoutFalseAlarms() throws IOException {
        List<Entry> entries = read(HOLDOUT_5);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() >= 120 && blame >= 60 && entries.size() - blame >= 60, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + HOLDOUT_5 + " (tuned on since the sixth round)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertTrue(score.truePositives >= 78, String.format(Locale.ROOT, "recall %.3f < 78/80%n%s", score.recall(), score.misses()));
    }

    /**
     * The sixth training set, written to tune the sixth round: each kind of blame the fifth set showed unknown (judgement
     * of competence, care, honesty or character in other words, idioms, sarcasm, rhetorical questions, hindsight about a
     * person) in several wordings, with traps beside each that share its words (a system as the subject, "human error"
     * discussed as a concept, lazy loading, dumb terminals, fault injection, genuine questions). Written in three
     * batches; each later batch was first run against the rules tuned on the earlier ones, which measured precision
     * 0.923 and recall 0.686 on the second batch and precision 0.944 and recall 0.567 on the third, before tuning on them
     * too. Those are the honest estimate of how the round does on wording it has not seen; this test holds the tuned
     * figures: precision 1.000 and recall 139/139 (the last one, sarcasm with no judgement word, "Sure, let's just let
     * Pavel push to prod unsupervised again.", is caught since the seventh round).
     */
    @Test
    void sixthTrainingSetIsClassifiedCorrectly() throws IOException {
        List<Entry> entries = read(TRAIN_6);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() >= 200 && blame >= 100 && entries.size() - blame >= 100, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + TRAIN_6 + " (written for tuning)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertTrue(score.truePositives >= 139, String.format(Locale.ROOT, "recall %.3f < 139/139%n%s", score.recall(), score.misses()));
    }

    /**
     * The sixth set, once held out: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer
     * who never saw the rules, kept outside the repository through the sixth tuning round and measured once, after it:
     * precision 0.908 (79/87), recall 0.790 (79/100) — TP 79, FP 8, FN 21, TN 92. The false alarms were judgement words
     * used of things or blame named only to be set aside ("a dumb off-by-one", "stupid-simple", "Calling this
     * 'carelessness' would miss the point", "Blaming the on-call would be easy, but…", "We reject 'human error'", "log
     * rotation failed to run"); the misses were judgements of work in words the lists did not know ("half-baked",
     * "amateur-hour", "dumpster fire", "garbage YAML"), labels ("classic Henrik move", "typical of the DBA team"), sarcasm
     * and politely worded hindsight ("Ideally, Sunita would have asked…", "was expected to … and unfortunately did not").
     *
     * <p>It is no longer held out: the seventh tuning round tuned on it (by kind of wording, together with the seventh
     * training set), reaching precision 1.000 (99/99) and recall 0.990 (99/100); the assertions hold those figures. The
     * one left is a rhetorical question quoted as what everyone was asking. A new held-out set is needed for an honest
     * figure of this round.
     */
    @Test
    void sixthHeldOutSetMeasuredOnce() throws IOException {
        List<Entry> entries = read(HOLDOUT_6);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() == 200 && blame == 100, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + HOLDOUT_6 + " (tuned on since the seventh round)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertTrue(score.truePositives >= 99, String.format(Locale.ROOT, "recall %.3f < 99/100%n%s", score.recall(), score.misses()));
    }

    /**
     * The seventh training set: 42 sentences written to tune the seventh round, in wordings other than the sixth
     * held-out set's — traps that use a judgement word of a thing, name blame only to set it aside or put a system
     * before "failed to", and blame as judged work, labels, polite hindsight and sarcasm. Run once against the rules
     * tuned on the sixth held-out set before tuning on it: precision 0.950 (19/20), recall 0.950 (19/20) ("It would be
     * tempting to blame the reviewer, but…" flagged; "hack-ish … thrown together by the contractor" missed). This test
     * holds the tuned figures: every sentence classified correctly.
     */
    @Test
    void seventhTrainingSetIsClassifiedCorrectly() throws IOException {
        List<Entry> entries = read(TRAIN_7);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() >= 40 && blame >= 20 && entries.size() - blame >= 20, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + TRAIN_7 + " (written for tuning)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertEquals(1.0, score.recall(), String.format(Locale.ROOT, "recall %.3f%n%s", score.recall(), score.misses()));
    }

    /**
     * The seventh held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer who
     * never saw the rules, measured once against the seventh round before any tuning on it: precision 0.962 (76/79),
     * recall 0.760 (76/100) — TP 76, FP 3, FN 24, TN 97. The misses are mostly blame without a judgement word: a person
     * named as the one who did the harmful thing ("It was Wei who disabled…", "approved by Connor even though the tests
     * were red"), politely worded advice aimed at one person ("Going forward, it would be good if Noah read the
     * runbook…"), group labels ("the frontend guys never think…") and non-native phrasing; the false alarms a judgement
     * word of a library ("careless handling of retries in the SDK"), a denial ("not caused by any individual") and a
     * concrete review counted as a vague action.
     *
     * <p>It is no longer held out: the eighth round tuned on it by kind of wording (a named person as the agent of the
     * harmful step, advice aimed at one person, hedged judgement of competence, group habits; the false alarms' kinds),
     * together with the eighth training set, reaching precision 1.000 (100/100) and recall 1.000 (100/100); the
     * assertions hold those figures. Those are tuned figures, not a measurement: the measured-once figures above are
     * the ones to compare with the next held-out set.
     */
    @Test
    void seventhSetIsCaughtWithoutFalseAlarms() throws IOException {
        List<Entry> entries = read(HOLDOUT_7);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() == 200 && blame == 100, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + HOLDOUT_7 + " (tuned on since the eighth round)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertEquals(1.0, score.recall(), String.format(Locale.ROOT, "recall %.3f%n%s", score.recall(), score.misses()));
    }

    /**
     * The eighth training set: 161 sentences (80 blaming, 81 not) written to tune the eighth round, in wordings other
     * than the seventh held-out set's: a named person as the one who did the harmful step (cleft, passive with an agent,
     * "last changed by", "only one person had access, and it was…"), advice aimed at one person, hedged judgement of
     * competence, group habits and calls for a telling-off; with traps in the same shapes where the step was good or
     * neutral ("It was Ingrid who noticed…", "merged by Lena once both checks were green", "last changed by Dmitri to
     * open the port…"), judgement words of libraries, denials and concrete reviews. Before the round: precision 0.867
     * (13/15), recall 0.289 (13/45) on its first 90 sentences. This test holds the tuned figures: every sentence
     * classified correctly.
     */
    @Test
    void eighthTrainingSetIsClassifiedCorrectly() throws IOException {
        List<Entry> entries = read(TRAIN_8);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() >= 80 && blame >= 40 && entries.size() - blame >= 40, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + TRAIN_8 + " (written for tuning)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertEquals(1.0, score.recall(), String.format(Locale.ROOT, "recall %.3f%n%s", score.recall(), score.misses()));
    }

    /**
     * The eighth held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer who
     * never saw the rules, measured once against the eighth round before any tuning on it: precision 0.896 (60/67),
     * recall 0.600 (60/100) — TP 60, FP 7, FN 40, TN 93. Wording rules tuned on one set keep missing the next set's new
     * wordings: hedged remarks about one person ("It might be worth Tariq reviewing the Kafka docs again", "I wonder
     * whether Yara fully understood…"), insinuation by timing ("the errors only started after the data team's deploy,
     * just saying"), judged work with no judgement word ("Thanks to Ayesha's 'quick fix', we lost…"), rhetorical questions
     * and habits of groups; the false alarms are judgement words of things ("stupidly high default", "the negligence
     * clause"), a test suite that "forgot", and blame named to be set aside ("Blaming people doesn't fix systems"). The
     * assertions hold the measured floor.
     */
    @Test
    void eighthHeldOutSetMeasuredOnce() throws IOException {
        List<Entry> entries = read(HOLDOUT_8);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() == 200 && blame == 100, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + HOLDOUT_8 + " (measured once before tuning)"));
        assertTrue(score.falsePositives <= 7, String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertTrue(score.truePositives >= 60, String.format(Locale.ROOT, "recall %.3f < 60/100%n%s", score.recall(), score.misses()));
    }

    /**
     * The ninth held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer who
     * never saw the rules, kept outside the repository until it was measured once, against the rules of the eighth round
     * with the statistical second opinion behind them: precision 0.919 (68/74), recall 0.680 (68/100) — TP 68, FP 6, FN 32,
     * TN 94 (BLAME 60/70, SUBTLE 8/30, TRAP 64/70, OK 30/30). The rules and sentence analysis alone measured precision
     * 0.914 (64/70), recall 0.640 (64/100) in the same run: the second opinion added four catches and no false alarm.
     * Those measured-once figures are the ones to compare with the next held-out set.
     *
     * <p>It is no longer held out: the ninth tuning round tuned on it by kind of wording (blame worded politely —
     * disclaimers before a named person, advice behind a hedge aimed at one person, praise with a sting, a better person
     * to measure against, low expectations; ironic credit; group habits; and the false alarms' kinds: a system as the
     * subject of a judgement adverb or of "if only", blame or "operator error" named to be set aside, "we failed to
     * notice"), together with the ninth training set. Tuned figures: rules and sentence analysis alone precision 1.000
     * (94/94), recall 0.940; with the second opinion precision 1.000, recall at least 0.960 (96/100). Left: informal
     * writing with lower-case names ("bc sven didnt bother"), a judgement said of a team's work in passing ("their
     * half-baked policy change", "which says a lot about them"), euphemism ("let's say, more ambitious than it was
     * tested") and applause with no word of the delay. The assertions hold the tuned figures.
     */
    @Test
    void ninthHeldOutSetMeasuredOnce() throws IOException {
        List<Entry> entries = read(HOLDOUT_9);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() == 200 && blame == 100, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + HOLDOUT_9 + " (tuned on since the ninth round)"));
        Score rulesAlone = score(new BlamelessCheck(BlamelessCheck.defaultRules(), BlamelessClauses.defaults(), null), entries);
        System.out.println(rulesAlone.report("Rules and sentence analysis alone on " + HOLDOUT_9));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertTrue(score.truePositives >= 96, String.format(Locale.ROOT, "recall %.3f < 96/100%n%s", score.recall(), score.misses()));
        assertEquals(1.0, rulesAlone.precision(), String.format(Locale.ROOT, "rules alone: precision %.3f%n%s", rulesAlone.precision(),
                rulesAlone.misses()));
        assertTrue(rulesAlone.truePositives >= 94, String.format(Locale.ROOT, "rules alone: recall %.3f < 94/100%n%s",
                rulesAlone.recall(), rulesAlone.misses()));
    }

    /**
     * The tenth held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer who
     * never saw the rules, the model or any other set, kept outside the repository until it was measured once, against
     * the rules of the ninth round with the statistical second opinion behind them: precision 1.000 (70/70), recall
     * 0.700 (70/100) — TP 70, FP 0, FN 30, TN 100 (BLAME 54/70, SUBTLE 16/30, TRAP 70/70, OK 30/30). The rules and
     * sentence analysis alone measured precision 1.000 (63/63), recall 0.630 (63/100) in the same run: the second
     * opinion added seven catches and no false alarm. Missed most: blame in chat style ("lol the new guy ran …", "ops as
     * usual: nobody picked up"), and subtle blame in a learning or regretful tone ("a good learning opportunity for
     * Eliška", "It's unfortunate that Rohan chose to improvise"). Those measured-once figures are the ones to compare with
     * the next held-out set.
     *
     * <p>It is no longer held out: the tenth tuning round tuned on it by kind of wording (a team, a department or a
     * person's handling judged; insinuation through "certain"/"some" people and hints such as "on Arash's watch" or "we
     * all know how that turned out"; thanks with a sting; scare quotes around what a person or team did; "as usual" or
     * "once again" with a team; blame in chat style; "needs to own this", "didn't listen", "a learning opportunity for"
     * one person), together with the eleventh held-out set and the tenth training set. Tuned figures: rules and sentence
     * analysis alone precision 1.000 (97/97), recall 0.970 (97/100); with the second opinion precision 1.000, recall
     * 0.980 (98/100). Left: a person called out before a neutral account ("I have to call out Olamide here: he disabled…"),
     * a release manager measured against an ideal ("Ideally, a release manager would read…") and irony with no person
     * named ("the human on the other end took somewhat longer"). The assertions hold the tuned figures.
     */
    @Test
    void tenthHeldOutSetIsTunedOn() throws IOException {
        HeldOut scored = heldOut(HOLDOUT_10, "tuned on since the tenth round");
        assertAtLeast(scored.withSecondOpinion(), 98, 0, "with the second opinion");
        assertAtLeast(scored.rulesAlone(), 97, 0, "rules alone");
    }

    /**
     * The eleventh held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer who
     * never saw the rules, the model or any other set, kept outside the repository until it was measured once, against
     * the rules of the ninth round with the statistical second opinion behind them (no round has tuned since the tenth
     * set was measured): precision 0.957 (66/69), recall 0.660 (66/100) — TP 66, FP 3, FN 34, TN 97 (BLAME 58/70, SUBTLE
     * 8/30, TRAP 67/70, OK 30/30). The rules and sentence analysis alone: precision 0.955 (63/66), recall 0.630 (63/100).
     * Missed most: subtle blame through a group ("some teams", "certain engineers", "the networking folks"), "as usual" /
     * "yet again" insinuation, thanks or praise with a sting, and rhetorical questions. The three false alarms: blame named
     * to be denied ("No one person caused this"), a rejected "human error" framing, and a counterfactual about a system
     * ("Had we had per-tenant rate limits"). Those measured-once figures are the ones to compare with the next held-out
     * set.
     *
     * <p>It is no longer held out: the tenth tuning round tuned on it by kind of wording, together with the tenth held-out
     * set and the tenth training set (the kinds are listed at {@link #tenthHeldOutSetIsTunedOn()}); the three false alarms
     * were mended as kinds: blame named to be denied ("No one person caused this"), a "human error" framing removed or
     * rewritten, and a team's counterfactual about what it did not have ("Had we had…", "If we had had…"). Tuned figures:
     * rules and sentence analysis alone precision 1.000 (100/100), recall 1.000 (100/100); with the second opinion
     * precision 1.000, recall 1.000 (100/100). The assertions hold the tuned figures.
     */
    @Test
    void eleventhHeldOutSetIsTunedOn() throws IOException {
        HeldOut scored = heldOut(HOLDOUT_11, "tuned on since the tenth round");
        assertAtLeast(scored.withSecondOpinion(), 100, 0, "with the second opinion");
        assertAtLeast(scored.rulesAlone(), 100, 0, "rules alone");
    }

    /**
     * The twelfth held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer who
     * never saw the rules, the model or any other set, written before the tenth round and kept outside the repository
     * while that round tuned on the tenth and eleventh sets; measured twice before any tuning on it. Against the ninth
     * round's check (main at c318c99): precision 0.915 (75/82), recall 0.750 (75/100), BLAME 63/70, SUBTLE 12/30, TRAP
     * 63/70, OK 30/30; rules and sentence analysis alone 0.908 / 0.690. Against the tenth round's: precision 0.921 (82/89),
     * recall 0.820 (82/100) — TP 82, FP 7, FN 18, TN 93 (BLAME 64/70, SUBTLE 18/30, TRAP 63/70, OK 30/30); rules alone
     * 0.918 (78/85) / 0.780. The tenth round caught seven more and added no false alarm here. The seven false alarms are
     * blame words mentioned to be rejected ("Calling this 'human error' hides…", "We don't think 'carelessness'
     * explains…", "Instead of writing 'the engineer made a mistake'…", "not attributing this to operator error",
     * "'Be more careful' is not an action item", a hypothesis that someone "fat-fingered" it that turned out wrong) and a
     * system that "forgot" (the kubelet). Missed most: sarcasm and insinuation without a judgement word ("Another
     * masterclass in change management from our friends in networking", "I won't say who merged it, but they know who
     * they are"), and a group judged in casual words ("the ops lot completely cocked up", "can't be bothered to
     * communicate"). Those measured figures are the ones to compare with the next held-out set.
     *
     * <p>It is no longer held out: the eleventh tuning round tuned on it by kind of wording. Blame words mentioned, not
     * used (a quoted label as the object of calling or writing, one not thought to explain anything, one that "is not an
     * action item", attribution denied, a hypothesis of blame that turned out wrong) are dropped for the rules, the
     * sentence analysis and the second opinion ({@code BlamelessCheck.mentions}); more software nouns (kubelet,
     * reconciler, …) make a system the subject of "forgot"; two new rules, {@code group-casual} (a group or person judged
     * in casual words: "cocked up", "can't read an API contract", "don't care", "full of people who…", "without telling
     * anyone, and that's why…", "never ready for", "abused it") and {@code sarcasm-aimed} ("lovely to be paged because", "another masterclass … from", "what a bold choice to", a passive deed in scare quotes, "I'm sure …
     * was very well thought through", "I won't say who …, but", "some of us actually …, but", "I guess that's optional
     * now", "I'll just remind everyone … too", "surely a … knows not to", "the same person … the same outage"); the sentence analysis reads "Nice of the platform team to let us know …
     * after it broke everything" as mock praise. Tuned
     * figures: rules and sentence analysis alone precision 1.000 (100/100), recall 1.000 (100/100); with the second
     * opinion the same. A tuned 100/100 says only that the kinds cover this writer's sentences; the next held-out set,
     * measured once, is the figure to trust. The assertions hold the tuned figures.
     */
    @Test
    void twelfthHeldOutSetIsTunedOn() throws IOException {
        HeldOut scored = heldOut(HOLDOUT_12, "tuned on since the eleventh round");
        assertAtLeast(scored.withSecondOpinion(), 100, 0, "with the second opinion");
        assertAtLeast(scored.rulesAlone(), 100, 0, "rules alone");
    }

    /**
     * The thirteenth held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer
     * who never saw the rules, the model or any other set, written before the eleventh round and kept outside the
     * repository while that round tuned on the twelfth set; measured once, against the eleventh round: precision 0.987
     * (78/79), recall 0.780 (78/100) — TP 78, FP 1, FN 22, TN 99 (BLAME 61/70, SUBTLE 17/30, TRAP 70/70, OK 29/30); rules
     * and sentence analysis alone 0.987 (75/76) / 0.750. Against the twelfth set's first measurement (0.915 / 0.750 before
     * the tenth round, 0.921 / 0.820 after it) precision rose from 7 false alarms to one; recall did not move. The false
     * alarm: "We will review progress on these action items at next week's reliability meeting" (the vague action item
     * advice). Missed most: irony and mock praise aimed at a team or person ("Kudos to Liam for finding a brand-new way
     * to take down the auth service", "Thanks, security team, for rotating the certs with zero notice"), scare quotes
     * around a person's standing ("The “senior” engineer", "Our \"experienced\" contractor"), and a person or group blamed
     * in plain words the rules do not know ("gave us bad advice and then went silent", "never learned how the failover
     * actually works", "Olu's botched rollback", "refused to add an index for months"). Those measured-once figures are
     * the ones to compare with the next held-out set.
     *
     * <p>It is no longer held out: the twelfth tuning round tuned on it by kind of wording (mock praise: thanks, kudos,
     * congratulations or hats off to a person or team for a harmful outcome, "finding a brand-new way to take down",
     * "great to see … finally discovering what … is for", "interesting choice to skip …", "hope … enjoyed the weekend,
     * since the rest of us …" — rule {@code mock-praise}; scare quotes around a person's standing before a person noun,
     * and scare-quoted work "from" a person again — {@code scare-quoted-standing}; a possessive person or group with a
     * verdict on the work or the character, "Olu's botched rollback", "management's obsession with" —
     * {@code possessive-judged}; a person or group blamed in plain words: bad advice and then silence, "never learned
     * how", refusing for months, overriding a safeguard because they wanted something, "never think about anyone else",
     * acting without telling anyone and taking something down, "…, or did anyone actually read it?", "what did you
     * expect would happen", a maxim added to a group's onboarding — {@code plain-blame}; and smaller kinds: "I guess
     * &lt;any gerund phrase&gt; is optional now", "shouldn't have been given prod credentials", a role word for a
     * vendor's account manager (TAM), a chat opener before a restart of the whole fleet, a department's possessive
     * ("Data engineering's careless backfill")), together with the eleventh training set. The false alarm was mended as
     * a kind: an action item with a set time or forum ("at next week's reliability meeting", "at the next retro") is not
     * vague. Tuned figures: rules and sentence analysis alone precision 1.000 (100/100), recall 1.000 (100/100); with
     * the second opinion the same. What is left is what any tuned 100/100 leaves: only the next held-out set, measured
     * once, says how far these kinds reach beyond this writer's wording (the eleventh training set, written in other
     * wordings of the same kinds, measured precision 0.875 and recall 0.933 before tuning on it). The assertions hold
     * the tuned figures.
     */
    @Test
    void thirteenthHeldOutSetIsTunedOn() throws IOException {
        HeldOut scored = heldOut(HOLDOUT_13, "tuned on since the twelfth round");
        assertAtLeast(scored.withSecondOpinion(), 100, 0, "with the second opinion");
        assertAtLeast(scored.rulesAlone(), 100, 0, "rules alone");
    }

    /**
     * The fourteenth held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer
     * who never saw the rules, the model or any other set, written while the twelfth round tuned on the thirteenth set
     * and kept outside the repository until it was measured once, against the twelfth round: precision 0.950 (76/80),
     * recall 0.760 (76/100) — TP 76, FP 4, FN 24, TN 96 (BLAME 63/70, SUBTLE 13/30, TRAP 66/70, OK 30/30); rules and
     * sentence analysis alone 0.949 (75/79) / 0.750. Against the thirteenth set's measurement (0.987 / 0.780) recall held
     * and three more false alarms came: judgement words said of software ("Our synthetic checks were clueless about
     * partial failures", "The client SDK is dumb about timeouts", "The health checker should’ve known better than to…")
     * and hindsight named to be set aside ("It's tempting to say Ravi \"should have known\", but…"). Missed most: subtle
     * blame with no judgement word — insinuation by timing ("exactly four minutes after Lena's merge", "right after her
     * dentist appointment ended"), faint praise ("at least Marco's code compiled", "he did eventually notice"), sarcasm
     * ("what could possibly go wrong", "testing in production so the rest of us didn't have to"), scare quotes around
     * a person's work ("The \"architecture\" Gerald designed"), hedged advice to one person, and one person named as the
     * single root cause. Those measured-once figures are the ones to compare with the next held-out set.
     *
     * <p>It is no longer held out: the thirteenth tuning round tuned on it by kind of wording (insinuation by timing: an
     * event placed "exactly" or "right" after a person's change, a response placed right after a private errand, "isn't
     * it a coincidence that … from the X team" — rule {@code insinuation-timing}; faint praise: "at least his code
     * compiled", "at least the reviewer actually opened the PR", "did eventually notice", "to be fair to …, he
     * eventually" — {@code faint-praise}; sarcastic asides: "what could possibly go wrong", "some of us …; some of us are
     * &lt;name&gt;", "not naming names, but", "I wonder what … was thinking", "I raised this exact risk … and was
     * overruled", "took the API down with him" — {@code sarcasm-aside}; scare quotes around a person's work ("the
     * "architecture" he designed") or a bare standing ("our resident "expert"") — {@code scare-quoted-work}; hedged
     * advice to one person, "it might help if …", "maybe next time the release captain can …" — {@code hedged-advice};
     * one person or one person's change named as the single root cause — {@code single-person-cause}; a group that
     * "can't be bothered", "or were the ops folks at lunch again?" — {@code group-leisure}; informal lower-case
     * counterfactuals ("had chris just looked…", "if greg hadn't gone…") and non-native phrasing ("did not make any test
     * before he deploy") — {@code informal-counterfactual}; mock praise for testing in production or a "thorough,
     * five-minute" pass; "gone rogue"), together with the twelfth training set. The false alarms were mended as kinds:
     * judgement words ("clueless", "dumb") said of software with a thing as the subject, "should have known" with a system
     * as the subject, and hindsight or scare quotes named to be set aside ("It's tempting to say … "should have known",
     * but…"). Tuned figures: rules and sentence analysis alone precision 1.000 (100/100), recall 1.000 (100/100); with
     * the second opinion the same. What is left is what any tuned 100/100 leaves: only the next held-out set, measured
     * once, says how far these kinds reach beyond this writer's wording (the twelfth training set, written in other
     * wordings of the same kinds, measured precision 0.900 and recall 0.900 before tuning on it). The assertions hold the
     * tuned figures.
     */
    @Test
    void fourteenthHeldOutSetIsTunedOn() throws IOException {
        HeldOut scored = heldOut(HOLDOUT_14, "tuned on since the thirteenth round");
        assertAtLeast(scored.withSecondOpinion(), 100, 0, "with the second opinion");
        assertAtLeast(scored.rulesAlone(), 100, 0, "rules alone");
    }

    /**
     * The fifteenth held-out set: 200 sentences (100 blaming: 70 BLAME, 30 SUBTLE; 100 not: 70 TRAP, 30 OK) by a writer
     * who never saw the rules, the model or any other set, asked for traps in the shapes of blame (judgement words said of
     * software, blame named only to be set aside, counterfactuals about systems), written while the thirteenth round
     * tuned on the fourteenth set and kept outside the repository until it was measured once, against the thirteenth
     * round: precision 0.883 (83/94), recall 0.830 (83/100) — TP 83, FP 11, FN 17, TN 89 (BLAME 61/70, SUBTLE 22/30, TRAP
     * 60/70, OK 29/30); rules and sentence analysis alone 0.878 (79/90) / 0.790. Recall rose a little on the thirteenth
     * and fourteenth sets' 0.78 and 0.76; precision fell, since this writer's traps were built to look like blame. The
     * false alarms: a judgement word said of software ("The sidecar is pretty careless with signal handling", "completely
     * incompetent at handling leap days", "a stupidly simple reproduction"), blame named to be set aside ("It's tempting
     * to blame the on-call engineer, but…", "Some will say Kenji should have waited, but…", "You could say the engineer
     * \"should have known\", but…", "Let's not frame this as the frontend team's fault", "We discussed whether the
     * reviewer should have spotted it and concluded…", "We're not looking for someone to retrain"), "If only" about data,
     * and a review at a set meeting read as a vague action item. Missed most: calls for consequences ("I want Pavel taken
     * off the on-call rotation", "There should be consequences for whoever…"), "for the record" and "just saying" remarks,
     * repeated-offence framing ("has been told a hundred times", "Yet again, Victor's change"), slang verbs ("yolo'd",
     * "trashed") and non-native phrasing. The assertions hold the measured-once figures until a round tunes on it.
     */
    @Test
    void fifteenthHeldOutSetMeasuredOnce() throws IOException {
        HeldOut scored = heldOut(HOLDOUT_15, "measured once before tuning");
        assertAtLeast(scored.withSecondOpinion(), 83, 11, "with the second opinion");
        assertAtLeast(scored.rulesAlone(), 79, 11, "rules alone");
    }

    /**
     * The ninth training set: 169 sentences (85 blaming, 84 not) written to tune the ninth round, in wordings other than
     * the ninth held-out set's, kind by kind: the incident laid at a person's door, a team judged, advice aimed at one
     * person, praise with a sting, insinuation, sarcasm and ironic credit, a better person to measure against, informal
     * writing, hindsight about a person, groups talked down to, questions that are verdicts, a person judged by what they
     * did; with traps in the same shapes (a system or a tool as the subject, a named person as a neutral or praised actor,
     * blame named only to be set aside, a system that "should have", "we failed over"). Run once against the eighth round
     * before tuning on it: rules alone precision 0.877 (50/57), recall 0.588 (50/85); with the second opinion precision
     * 0.881 (52/59), recall 0.612 (52/85). This test holds the tuned figures: precision 1.000 and recall at least 80/85 (the
     * ones left are informal writing with lower-case names).
     */
    @Test
    void ninthTrainingSetIsClassifiedCorrectly() throws IOException {
        List<Entry> entries = read(TRAIN_9);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() >= 160 && blame >= 80 && entries.size() - blame >= 80, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + TRAIN_9 + " (written for tuning)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertTrue(score.truePositives >= 80, String.format(Locale.ROOT, "recall %.3f < 80/85%n%s", score.recall(), score.misses()));
    }

    /**
     * The tenth training set: 60 sentences (30 blaming, 30 not) written to tune the tenth round, in wordings other than
     * the tenth and eleventh held-out sets', kind by kind: a department, a group or a person's handling judged;
     * insinuation through "certain"/"some" people; thanks, kudos or blessings with a sting; scare quotes around what a
     * person or team did; "as usual"/"once again" with a team or person; questions asking who did the harmful step;
     * ownership demanded, access denied, not listening, a lesson for one person; with a trap beside each kind in the same
     * shape (a system or a tool as the subject, thanks meant, blame named to be denied, a rejected "human error" framing,
     * "had we had"). Run once against the ninth round before tuning on it: rules alone precision 0.733 (11/15), recall
     * 0.367 (11/30); with the second opinion precision 0.765 (13/17), recall 0.433 (13/30). This test holds the tuned
     * figures: every sentence classified correctly.
     */
    @Test
    void tenthTrainingSetIsClassifiedCorrectly() throws IOException {
        assertEverySentenceClassified(TRAIN_10, 60, 30);
    }

    /**
     * The eleventh training set: 60 sentences (30 blaming, 30 not) written to tune the twelfth round, in wordings other
     * than the thirteenth held-out set's, kind by kind: mock praise (congratulations, hats off, big thanks, props, a
     * shout-out to a person or team for a harmful outcome; "finally learning how"; a brave decision to disable; a wish
     * with a sting); scare quotes around a person's or group's standing and scare-quoted work from a team again; a
     * possessive with a verdict on the work or the character; "never bothered to learn", "never understood", "never took
     * the time to" with a person as the subject; bad advice and then silence, refusing for months, ignoring objections
     * because he wanted something, not caring about anyone else, acting without warning anybody and taking something
     * down, "or did anybody even glance at it?", a maxim for a team's onboarding, "what did you expect would happen",
     * "I suppose … is a suggestion these days"; with a trap beside each in the same shape (genuine thanks, harm negated
     * "without a single minute of downtime", a quoted plan tier or job title, a tool's or a suite's possessive, a system
     * that "never understood", a status page that "went silent", a refusal with a reason, a decision explained by a
     * system reason, a genuine either-or question, a prompt added to a tool for everyone). Run once against the twelfth
     * round tuned on the thirteenth set only, before any tuning on it: with the second opinion precision 0.875 (28/32),
     * recall 0.933 (28/30) — TP 28, FP 4, FN 2, TN 26; rules and sentence analysis alone precision 0.871 (27/31), recall
     * 0.900 (27/30). The false alarms: harm named only to be negated after the praise ("without a single minute of
     * downtime"), "early" read as an ironic adjective in thanks for an early warning, a quoted product tier ("the
     * vendor's "premium" support plan") and "Another" at the start of a sentence read as a name; the misses: mock praise
     * through ", who managed to break", a maxim other than "think" or "be careful" for a team's onboarding, and (rules
     * alone) "or did anybody on the on-call rotation even glance at it?". Those are the honest estimate on unseen wording
     * of the same kinds. This test holds the tuned figures: every sentence classified correctly.
     */
    @Test
    void eleventhTrainingSetIsClassifiedCorrectly() throws IOException {
        assertEverySentenceClassified(TRAIN_11, 60, 30);
    }

    /**
     * The twelfth training set: 60 sentences (30 blaming, 30 not) written to tune the thirteenth round, in wordings other
     * than the fourteenth held-out set's, kind by kind: insinuation by timing ("precisely two minutes after …'s config
     * push", "conveniently just after his gym session wrapped up", "what a coincidence that both outages … followed a
     * release by the mobile team"); faint praise ("at least …'s migration script ran", "she did finally respond", "at least
     * the reviewer actually opened the PR"); sarcastic asides ("what could ever go wrong", "some of us …; some of us are
     * &lt;name&gt;", "I'm not naming names, but", "I do wonder what … was thinking", "went down with him"); scare quotes
     * around a person's work or standing; hedged advice to one person ("it could really help if", "perhaps in future the
     * deploy shepherd could actually check"); one person as the single or sole cause; a group that "could not be
     * bothered" or was "out to lunch as usual"; lower-case counterfactuals and non-native phrasing; with a trap beside
     * each in the same shape (a plain timeline, a system's cooldown, the canary "at least", a pre-mortem that asks what
     * could go wrong, a named tool in quotes, a console's "expert" mode, advice to a tool, a certificate as the sole
     * cause, a worker that "can't be bothered" by design, "if kafka had just rebalanced", judgement words said of a rate
     * limiter, a probe and an SDK, hindsight set aside, genuine thanks). Run once against the thirteenth round tuned on the
     * fourteenth set only, before any tuning on it: with the second opinion precision 0.900 (27/30), recall 0.900 (27/30)
     * — TP 27, FP 3, FN 3, TN 27; rules and sentence analysis alone the same. The false alarms: a negated "no part of
     * this traces back to one person", a retry worker that "can't be bothered" with old messages (an older rule) and a
     * lower-case product in "if kafka had just rebalanced" (an older rule); the misses: a private errand after an
     * unanswered page with no person as the subject, "at least the reviewer actually opened the PR", and "out to lunch as
     * usual?". Those are the honest estimate on unseen wording of the same kinds. This test holds the tuned figures:
     * every sentence classified correctly.
     */
    @Test
    void twelfthTrainingSetIsClassifiedCorrectly() throws IOException {
        assertEverySentenceClassified(TRAIN_12, 60, 30);
    }

    /**
     * A training set written for a round, of exactly {@code sentences} sentences of which {@code blaming} blame: every one
     * classified correctly (precision and recall 1.000).
     */
    static void assertEverySentenceClassified(String resource, int sentences, int blaming) throws IOException {
        List<Entry> entries = read(resource);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() == sentences && blame == blaming, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + resource + " (written for tuning)"));
        assertEquals(1.0, score.precision(), String.format(Locale.ROOT, "precision %.3f%n%s", score.precision(), score.misses()));
        assertEquals(1.0, score.recall(), String.format(Locale.ROOT, "recall %.3f%n%s", score.recall(), score.misses()));
    }

    /** A held-out set's two scores: the shipped check, and its rules and sentence analysis without the second opinion. */
    record HeldOut(Score withSecondOpinion, Score rulesAlone) {
    }

    /** Reads a held-out set of 200 sentences (100 blaming), scores it both ways and prints both reports. */
    static HeldOut heldOut(String resource, String state) throws IOException {
        List<Entry> entries = read(resource);
        long blame = entries.stream().filter(e -> e.label().blame).count();
        assertTrue(entries.size() == 200 && blame == 100, "sentences: " + entries.size());
        Score score = score(entries);
        System.out.println(score.report("Blameless check on " + resource + " (" + state + ")"));
        Score rulesAlone = score(new BlamelessCheck(BlamelessCheck.defaultRules(), BlamelessClauses.defaults(), null), entries);
        System.out.println(rulesAlone.report("Rules and sentence analysis alone on " + resource));
        return new HeldOut(score, rulesAlone);
    }

    /** At least {@code truePositives} of the blame caught and at most {@code falsePositives} false alarms. */
    static void assertAtLeast(Score score, int truePositives, int falsePositives, String what) {
        assertTrue(score.truePositives >= truePositives && score.falsePositives <= falsePositives, String.format(Locale.ROOT,
                "%s: precision %.3f, recall %.3f (pinned: at least %d caught, at most %d false alarms)%n%s", what, score.precision(),
                score.recall(), truePositives, falsePositives, score.misses()));
    }

    static Score score(BlamelessCheck with, List<Entry> entries) {
        Score score = new Score();
        // The check is shared by concurrent requests in the portal; here both cores analyse, and counting keeps the order.
        List<List<BlamelessFinding>> all = entries.parallelStream().map(entry -> with.analyse(entry.markdown())).toList();
        for (int i = 0; i < entries.size(); i++) {
            score.count(entries.get(i), !all.get(i).isEmpty(), all.get(i));
        }
        return score;
    }

    static Score score(List<Entry> entries) {
        return score(check, entries);
    }

    static List<Entry> read(String resource) throws IOException {
        List<Entry> entries = new ArrayList<>();
        InputStream in = BlamelessCheckCorpusTest.class.getResourceAsStream(resource);
        assertNotNull(in, resource);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf('|');
                assertTrue(bar > 0, resource + " line " + number + ": expected 'LABEL | text'");
                Label label = Label.valueOf(line.substring(0, bar).strip());
                // Only the one space after the bar is syntax: leading spaces of the text matter (indented code).
                String text = line.substring(bar + 1);
                text = (text.startsWith(" ") ? text.substring(1) : text).replace("\\n", "\n");
                entries.add(new Entry(number, label, text));
            }
        }
        return entries;
    }

    static final class Score {
        int truePositives;
        int falsePositives;
        int falseNegatives;
        int trueNegatives;
        final Map<Label, int[]> perLabel = new EnumMap<>(Label.class);
        final List<String> misclassified = new ArrayList<>();

        void count(Entry entry, boolean flagged, List<BlamelessFinding> findings) {
            int[] labelCounts = perLabel.computeIfAbsent(entry.label(), l -> new int[2]);
            labelCounts[1]++;
            if (flagged == entry.label().blame) {
                labelCounts[0]++;
            }
            if (entry.label().blame) {
                if (flagged) {
                    truePositives++;
                } else {
                    falseNegatives++;
                    misclassified.add("  missed        (line " + entry.line() + ", " + entry.label() + "): " + entry.markdown());
                }
            } else if (flagged) {
                falsePositives++;
                misclassified.add("  false alarm   (line " + entry.line() + ", " + entry.label() + "): " + entry.markdown()
                        + findings.stream().map(f -> f.ruleId() + " \"" + f.phrase() + "\"")
                        .collect(Collectors.joining(", ", "  <- ", "")));
            } else {
                trueNegatives++;
            }
        }

        double precision() {
            return truePositives + falsePositives == 0 ? 1.0 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1.0 : (double) truePositives / (truePositives + falseNegatives);
        }

        String misses() {
            return misclassified.isEmpty() ? "  (none)" : String.join("\n", misclassified);
        }

        String report(String title) {
            StringBuilder report = new StringBuilder(title).append('\n');
            report.append(String.format(Locale.ROOT, "  sentences: %d (blame %d, not blame %d)%n",
                    truePositives + falsePositives + falseNegatives + trueNegatives,
                    truePositives + falseNegatives, falsePositives + trueNegatives));
            report.append(String.format(Locale.ROOT, "  TP %d  FP %d  FN %d  TN %d%n", truePositives, falsePositives, falseNegatives, trueNegatives));
            report.append(String.format(Locale.ROOT, "  precision %.3f (%d/%d)  recall %.3f (%d/%d)%n", precision(), truePositives,
                    truePositives + falsePositives, recall(), truePositives, truePositives + falseNegatives));
            perLabel.forEach((label, c) -> report.append(String.format(Locale.ROOT, "  %-6s %d/%d classified correctly%n", label, c[0], c[1])));
            report.append("  misclassified:\n").append(misses());
            return report.toString();
        }
    }

    @Test
    void everyFindingPointsAtItsPhrase() throws IOException {
        List<Entry> all = new ArrayList<>(read(CORPUS));
        all.addAll(read(HOLDOUT_3));
        all.addAll(read(HOLDOUT_4));
        all.addAll(read(TRAIN_5));
        all.addAll(read(HOLDOUT_5));
        all.addAll(read(TRAIN_6));
        all.addAll(read(HOLDOUT_6));
        all.addAll(read(TRAIN_7));
        all.addAll(read(HOLDOUT_7));
        all.addAll(read(TRAIN_8));
        all.addAll(read(HOLDOUT_8));
        all.addAll(read(HOLDOUT_9));
        all.addAll(read(TRAIN_9));
        all.addAll(read(HOLDOUT_10));
        all.addAll(read(HOLDOUT_11));
        all.addAll(read(TRAIN_10));
        all.addAll(read(HOLDOUT_12));
        all.addAll(read(HOLDOUT_13));
        all.addAll(read(TRAIN_11));
        all.addAll(read(HOLDOUT_14));
        all.addAll(read(TRAIN_12));
        for (Entry entry : all) {
            for (BlamelessFinding finding : check.analyse(entry.markdown())) {
                assertEquals(finding.phrase(), entry.markdown().substring(finding.start(), finding.end()), entry.markdown());
            }
        }
    }
}
