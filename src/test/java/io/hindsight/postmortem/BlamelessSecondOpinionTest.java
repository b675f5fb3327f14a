package io.hindsight.postmortem;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blameless check with its statistical second opinion ({@link BlamelessSecondOpinion}), as shipped: it adds no
 * false alarm on any labelled set in the repository, its findings explain themselves in the shape of the rules'
 * findings, and it stays cheap enough to run on every save.
 */
class BlamelessSecondOpinionTest {

    static BlamelessCheck check;
    static BlamelessCheck rulesAlone;
    static long loadNanos;

    @BeforeAll
    static void load() {
        long started = System.nanoTime();
        check = new BlamelessCheck();
        loadNanos = System.nanoTime() - started;
        rulesAlone = new BlamelessCheck(BlamelessCheck.defaultRules(), BlamelessClauses.defaults(), null);
    }

    @Test
    void addsNoFalseAlarmOnAnyRepositorySet() throws IOException {
        StringBuilder report = new StringBuilder("Blameless check with the second opinion, per repository set (in-sample: the model was trained on these)\n");
        for (Map.Entry<String, List<BlamelessCheckCorpusTest.Entry>> set : BlamelessSecondOpinionCrossValidationTest.sets().entrySet()) {
            int[] rules = new int[4];
            int[] combined = new int[4];
            List<String> added = new ArrayList<>();
            List<BlamelessCheckCorpusTest.Entry> entries = set.getValue();
            List<boolean[]> verdicts = entries.parallelStream()
                    .map(entry -> new boolean[] {!rulesAlone.analyse(entry.markdown()).isEmpty(), !check.analyse(entry.markdown()).isEmpty()})
                    .toList();
            for (int i = 0; i < entries.size(); i++) {
                BlamelessCheckCorpusTest.Entry entry = entries.get(i);
                boolean byRules = verdicts.get(i)[0];
                boolean flagged = verdicts.get(i)[1];
                boolean blame = entry.label().blame;
                rules[blame ? (byRules ? 0 : 2) : (byRules ? 1 : 3)]++;
                combined[blame ? (flagged ? 0 : 2) : (flagged ? 1 : 3)]++;
                if (!blame && flagged && !byRules) {
                    added.add("  line " + entry.line() + ": " + entry.markdown());
                }
            }
            report.append(String.format(Locale.ROOT, "  %-34s rules %s  combined %s%n", set.getKey().replace("/postmortem/", ""),
                    BlamelessSecondOpinionCrossValidationTest.figures(rules), BlamelessSecondOpinionCrossValidationTest.figures(combined)));
            assertTrue(added.isEmpty(), set.getKey() + ": false alarms of the second opinion\n" + String.join("\n", added));
            assertEquals(rules[1], combined[1], set.getKey());
            assertTrue(combined[0] >= rules[0], set.getKey());
        }
        System.out.println(report);
    }

    @Test
    void aFindingNamesTheWordsThatWeighedMostAndOffersARewording() {
        // no wording rule and no sentence analysis flags this: a person as the agent of the harmful step, judged by irony
        // (hedged advice aimed at one person, "It might be worth Tariq reviewing ...", is a wording rule since the ninth round)
        String markdown = "Intro.\n\nThe database was dropped by Anders, who apparently thought typing DROP in prod was a good idea.";
        assertTrue(rulesAlone.analyse(markdown).isEmpty(), "the rules flag it already: pick another sentence");
        List<BlamelessFinding> findings = check.analyse(markdown);
        assertEquals(1, findings.size(), findings.toString());
        BlamelessFinding finding = findings.get(0);
        assertEquals(BlamelessSecondOpinion.RULE_ID, finding.ruleId());
        assertEquals(markdown.substring(finding.start(), finding.end()), finding.phrase());
        assertTrue(finding.explanation().startsWith("Reads as judging a person: '"), finding.explanation());
        assertTrue(finding.explanation().contains("'" + finding.phrase() + "'"), finding.explanation());
        assertTrue(finding.suggestion().contains("Anders"), finding.suggestion());
        assertFalse(finding.suggestion().contains("{"), finding.suggestion());
        assertEquals("The database was dropped by Anders, who apparently thought typing DROP in prod was a good idea.", finding.sentence());
    }

    @Test
    void aSystemAsTheSubjectIsLeftAlone() {
        for (String markdown : List.of("The alert should fire within five minutes of the queue backing up.",
                "We failed over to the secondary region at 14:02.", "The nightly job failed and nobody was paged.",
                "The reviewer approved the change after the canary stayed green for an hour.")) {
            assertEquals(List.of(), check.analyse(markdown), markdown);
        }
    }

    /** The check runs on every save: the model is read once, and asking it about a sentence is cheap. */
    @Test
    void costPerSentence() throws IOException {
        List<String> sentences = new ArrayList<>();
        BlamelessSecondOpinionCrossValidationTest.sets().values().forEach(set -> set.forEach(e -> sentences.add(e.markdown())));
        BlamelessSecondOpinion opinion = BlamelessSecondOpinion.defaults(BlamelessClauses.defaults());
        for (String sentence : sentences) {
            opinion.analyse(sentence);
        }
        long started = System.nanoTime();
        for (String sentence : sentences) {
            opinion.analyse(sentence);
        }
        double modelMicros = (System.nanoTime() - started) / 1000.0 / sentences.size();
        started = System.nanoTime();
        for (String sentence : sentences) {
            check.analyse(sentence);
        }
        double checkMicros = (System.nanoTime() - started) / 1000.0 / sentences.size();
        System.out.printf(Locale.ROOT, "Second opinion: model read in %.0f ms (with the rules); %.0f µs per sentence for the"
                + " model, %.0f µs per sentence for the whole check (%d sentences)%n", loadNanos / 1e6, modelMicros, checkMicros,
                sentences.size());
        assertNotNull(opinion);
        assertTrue(modelMicros < 10_000, "the second opinion takes " + modelMicros + " µs per sentence");
    }
}
