package io.hindsight.postmortem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sentence analysis of the blameless check: who a sentence is about and what is said about them. Sentences here are
 * ones the wording rules do not flag, so each finding comes from the analysis.
 */
class BlamelessClausesTest {

    private static final BlamelessCheck CHECK = new BlamelessCheck();
    private static final BlamelessClauses CLAUSES = BlamelessClauses.defaults();

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            // (a) a failure verb with a person as subject, found past an appositive or a relative clause
            "person-failure | Oskar, the on-call SRE, botched the failover. | botched | Oskar",
            "person-failure | The person who configured the proxy failed to set a timeout. | failed to | The person",
            "person-failure | Hugo pushed the schema change at 5 p.m., without review. | without review | Hugo",
            // (b) a judgement of character or competence
            "person-judgement | The contractor, Ines, was sloppy with the firewall rules. | was sloppy | The contractor",
            "person-judgement | Our DBA is a liability. | is a liability | Our DBA",
            "person-judgement | Ravi's decision to bypass the canary is what hurt us. | Ravi's decision to bypass | Ravi",
            // (c) a counterfactual about the person's past action
            "counterfactual | Shouldn't the engineer who wrote the migration have tested it first? | Shouldn't the engineer who wrote the migration have tested | the engineer",
            // (d) the incident laid at a person's door
            "blame-attribution | The blame here rests squarely with the billing team. | blame here rests squarely with the billing team | the billing team",
            // (e) asking people to try harder
            "exhortation | Please, everyone: slow down and think before you merge. | slow down | slow",
            // (f) judgement in other shapes: an idiom in the person's clause, their work judged, a word in front of them
            "person-judgement | Layla doesn't know the first thing about DNS. | doesn't know the first thing about | Layla",
            "person-judgement | Piotr's code is garbage and always has been. | Piotr's code is garbage | Piotr",
            "person-judgement | The on-call engineer was rude and dismissive on the bridge. | was rude | The on-call engineer",
            "person-failure | The backend team keeps shipping junk and calling it done. | keeps shipping | The backend team",
            // (g) sarcasm, rhetorical questions and hindsight aimed at a person
            "mock-praise | Nice of the on-call engineer to finally show up after forty minutes. | Nice of the on-call engineer to finally | the on-call engineer",
            "rhetorical-question | What was Dario thinking when he force-pushed to main? | What was Dario thinking | Dario",
            "rhetorical-question | How could Selin not notice the disk filling up? | How could Selin not | Selin",
            "counterfactual | Zoe saw the warning banner and deployed anyway. | saw the warning banner and deployed anyway | Zoe",
            "counterfactual | Surely the DBA knew that a full vacuum would lock the table? | the DBA knew | the DBA",
    })
    void aPersonWithWhatIsSaidAboutThemIsFlagged(String kind, String sentence, String phrase, String who) {
        List<BlamelessFinding> findings = CHECK.analyse(sentence);
        assertEquals(1, findings.size(), sentence + " -> " + findings);
        BlamelessFinding finding = findings.get(0);
        assertEquals(kind, finding.ruleId());
        assertEquals(phrase, finding.phrase());
        assertEquals(sentence, finding.sentence());
        assertTrue(finding.explanation().length() > 40 && finding.suggestion().length() > 40, finding.explanation());
        assertEquals(who, CLAUSES.analyse(sentence).who());
    }

    @Test
    void theExplanationNamesThePersonAndTheWords() {
        BlamelessFinding finding = CHECK.analyse("Oskar, the on-call SRE, botched the failover.").get(0);
        assertTrue(finding.explanation().contains("Oskar") && finding.explanation().contains("botched"), finding.explanation());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // a system as the subject
            "The alert was ignored by the scheduler.",
            "The job failed to start.",
            "The cache ignored the TTL header.",
            // sincere thanks, a team describing itself, what the system should provide, a person on the receiving end
            "Thanks, Priya, for jumping on the bridge at 3 a.m.",
            "We should have had an alert on queue depth.",
            "The on-call should have been paged by the disk alert.",
            // a compound noun, not a verdict
            "Kevin's error budget dashboard showed the burn rate.",
            // denied
            "The root cause was not a person; it was a missing guard on the destructive endpoint.",
            "The runbook asks engineers to double-check the target; we are replacing that step with a guard.",
            "Nothing you did caused this.",
            // technical senses, genuine questions, a judgement denied, sincere thanks, a system judged
            "We enabled lazy loading for the product images.",
            "Fault injection in staging reproduced the failover race within an hour.",
            "What was the on-call engineer seeing on the dashboard at 02:14?",
            "How could the operator have known the replica was stale when the dashboard showed it green?",
            "The on-call engineer was not to blame; the alert never reached her phone.",
            "Thanks to Rosa for staying on the bridge until 4 a.m.",
            "The legacy cron job was a walking disaster, so we replaced it.",
            "Mehmet knew the rollback procedure and ran it in four minutes.",
    })
    void systemsTeamsAndDenialsAreNotFlagged(String sentence) {
        assertEquals(List.of(), CHECK.analyse(sentence), sentence);
        assertNull(CLAUSES.analyse(sentence), sentence);
    }

    @Test
    void aSentenceARuleFlaggedGetsNoSecondFinding() {
        List<BlamelessFinding> findings = CHECK.analyse("The engineer forgot to renew the certificate.");
        assertEquals(List.of("forgot"), findings.stream().map(BlamelessFinding::ruleId).toList());
    }

    @Test
    void customRulesRunWithoutTheAnalysis() {
        BlamelessCheck custom = new BlamelessCheck(List.of(
                BlamelessRule.of("hero-culture", "\\bsaved\\s+the\\s+day\\b", "Heroics hide fragile systems.", "What made heroics necessary?")));
        assertEquals(List.of(), custom.analyse("Oskar, the on-call SRE, botched the failover."));
    }

    @Test
    void contractionsAreReadAsTheirParts() {
        assertEquals(List.of("she", "should", "have", "checked", "it", "did", "not", "help", "bob", "'s", "fault"),
                BlamelessClauses.tokenize("She should’ve checked; it didn't help. Bob's fault").stream()
                        .map(BlamelessClauses.Token::word).filter(w -> !w.equals(";")).toList());
    }

    @Test
    void quotedAndCodeTextStaysOut() {
        assertEquals(List.of(), CHECK.analyse("The customer wrote \"your engineers are clearly incompetent\" in the ticket."));
        assertEquals(List.of(), CHECK.analyse("> Oskar: I botched the failover, sorry"));
    }

    @Test
    void thanksForAStepThatHelpedAreNotMockPraise() {
        // the tenth round: thanks for shipping a fix, or for a thing that got the responders through, are meant
        assertNull(CLAUSES.analyse("Many thanks to the mobile team for shipping the fix within the hour."));
        assertNull(CLAUSES.analyse("Thanks so much to the search team for the schema docs that got us through the upgrade."));
        // the same shapes with damage or irony are still mock praise
        assertEquals("mock-praise", CLAUSES.analyse("Many thanks to the mobile team for shipping the update with the debug flag on.").kind());
        assertEquals("mock-praise", CLAUSES.analyse("Thanks to Rosa for the 4 a.m. wake-up call.").kind());
    }
}
