package io.hindsight.postmortem;

import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blameless check, rule family by rule family, plus Markdown handling and the rules file format. No Quarkus. */
class BlamelessCheckTest {

    private static final BlamelessCheck CHECK = new BlamelessCheck();

    private static List<String> rulesFor(String markdown) {
        return CHECK.analyse(markdown).stream().map(BlamelessFinding::ruleId).toList();
    }

    private static void assertFlagged(String ruleId, String markdown) {
        List<String> rules = rulesFor(markdown);
        assertTrue(rules.contains(ruleId), "expected [" + ruleId + "] for: " + markdown + " but got " + rules);
    }

    private static void assertClean(String markdown) {
        List<BlamelessFinding> findings = CHECK.analyse(markdown);
        assertTrue(findings.isEmpty(), "expected nothing for: " + markdown + " but got "
                + findings.stream().map(f -> f.ruleId() + " \"" + f.phrase() + "\"").toList());
    }

    // ------------------------------------------------------------------ rule families

    @Test
    void humanOperatorAndUserErrorAreFlagged() {
        assertFlagged("human-error", "The outage was caused by human error.");
        assertFlagged("human-error", "Root cause: operator error.");
        assertFlagged("human-error", "Support closed it as user error.");
        assertFlagged("human-error", "Classic human-error incident.");
    }

    @Test
    void errorWordsThatDoNotBlameStaffAreNot() {
        assertClean("The incident consumed 40% of the error budget.");
        assertClean("Human error is a symptom of trouble deeper in the system, not a root cause.");
        assertClean("This was not human error: the button deleted the wrong environment.");
        assertClean("User error rates (HTTP 4xx) stayed flat.");
        assertClean("The operator reconciled the desired state.");
    }

    @Test
    void someonesFaultIsFlagged() {
        assertFlagged("someones-fault", "It was Dave's fault that the certificates expired.");
        assertFlagged("someones-fault", "It was the intern’s fault.");
        assertFlagged("someones-fault", "It was entirely his fault.");
        assertFlagged("someones-fault", "The fault lies with the release manager.");
        assertFlagged("someones-fault", "The on-call engineer was at fault.");
    }

    @Test
    void faultWithoutAPersonIsNot() {
        assertClean("It's nobody's fault that the vendor changed the API.");
        assertClean("The fault-injection test killed the primary as planned.");
        assertClean("The fault was in the retry logic of the client.");
        assertClean("The service is fault-tolerant across two zones.");
    }

    @Test
    void counterfactualShouldHaveAboutPeopleIsFlagged() {
        assertFlagged("counterfactual-should-have", "The engineer should have checked the config before deploying.");
        assertFlagged("counterfactual-should-have", "He shouldn't have run the migration on a Friday.");
        assertFlagged("counterfactual-should-have", "We should have caught this in review.");
        assertFlagged("counterfactual-should-have", "The on-call ought to have escalated sooner.");
        assertFlagged("counterfactual-should-have", "Priya really should have asked first.");
        assertFlagged("counterfactual-should-have-been", "In hindsight, the change should have been tested in staging.");
        assertFlagged("should-have-known", "Bob should have known that the script targets production.");
    }

    @Test
    void shouldAboutSystemsIsNot() {
        assertClean("The alert should fire within 5 minutes.");
        assertClean("The health check should return 200 when the service is ready.");
        assertClean("The replica should be promoted automatically.");
        assertClean("The alert should have fired at 14:00, but the threshold was 99%.");
        assertClean("The replica should have been promoted automatically, but the script timed out.");
        assertClean("The certificate should have been renewed by the cron job.");
        assertClean("The certificate should have been checked automatically by the pipeline.");
        assertClean("The process should have a second approval for schema changes.");
        assertClean("The on-call engineer should be paged when the queue is full.");
    }

    @Test
    void failedToWithAPersonAsSubjectIsFlaggedAndOnlyTheVerbIsThePhrase() {
        List<BlamelessFinding> findings = CHECK.analyse("The on-call engineer failed to acknowledge the page.");
        assertEquals(1, findings.size());
        assertEquals("failed-to", findings.get(0).ruleId());
        assertEquals("failed to", findings.get(0).phrase());

        assertFlagged("failed-to", "Marco then failed to notice the spike.");
        assertFlagged("failed-to", "Unfortunately, QA failed to catch the regression.");
        assertFlagged("failed-to", "They failed to escalate.");
    }

    @Test
    void failedToWithASystemAsSubjectIsNot() {
        assertClean("We failed over to the replica.");
        assertClean("The deploy failed to start because the image was missing.");
        assertClean("The batch job failed with exit code 137.");
        assertClean("Kafka failed to elect a new leader.");
        assertClean("Users failed to log in for 20 minutes.");
        assertClean("Requests failed to reach the origin.");
        assertClean("The Postgres operator failed to promote the replica.");
        assertClean("The engineer failed over the database manually.");
    }

    @Test
    void characterJudgementsAreFlagged() {
        assertFlagged("careless", "A careless typo in the config.");
        assertFlagged("careless", "It was sloppy work.");
        assertFlagged("careless", "The developer was negligent.");
        assertFlagged("careless", "The negligence of the release manager.");
        assertFlagged("careless", "The admin was reckless.");
        assertFlagged("careless", "Someone fat-fingered the IP address.");
        assertFlagged("careless", "He was not paying attention.");
        assertFlagged("careless", "Whoever wrote it was lazy.");
        assertFlagged("insult", "A stupid mistake.");
        assertFlagged("insult", "A dumb mistake.");
        assertFlagged("insult", "An incompetent rollout.");
        assertFlagged("insult", "It was a rookie mistake.");
    }

    @Test
    void technicalUsesOfJudgementWordsAreNot() {
        assertClean("The cache uses lazy loading, so the first request is slow.");
        assertClean("Sessions are lazily initialised on first use.");
        assertClean("The container runs dumb-init as PID 1.");
        assertClean("The change in latency was negligible.");
    }

    @Test
    void forgettingIsFlagged() {
        assertFlagged("forgot", "Sam forgot to update the DNS record.");
        assertFlagged("forgot", "The operator forgot about the maintenance window.");
        assertFlagged("forgot", "She forgot the second step.");
        assertFlagged("didnt-bother", "The reviewer didn't bother to run the tests.");
        assertClean("The step is easy to forget, so the checklist now includes it.");
        assertClean("The runbook says: do not forget to drain the node.");
    }

    @Test
    void ifOnlyIsFlaggedButConditionalOnlyIsNot() {
        assertFlagged("if-only", "If only Jenna had read the release notes.");
        assertFlagged("if-only", "If only we had added an alert.");
        assertFlagged("counterfactual-if-had", "If the engineer had looked at the dashboard, they would have seen it.");
        assertFlagged("counterfactual-if-had", "Had the engineer double-checked the hostname, the data would be there.");
        assertClean("If only one replica is healthy, the load balancer stops writes.");
        assertClean("If only a subset of hosts is affected, drain them one by one.");
        assertClean("If we had a canary stage, the error would have shown up on 1% of traffic.");
    }

    @Test
    void minimisingAdverbsAreFlaggedWhenTheyShame() {
        assertFlagged("shaming-adverb", "The developer simply had to restart the service.");
        assertFlagged("shaming-adverb", "She just needed to read the alert.");
        assertFlagged("shaming-adverb", "It's obvious that nobody reviewed the change.");
        assertFlagged("shaming-adverb", "All he had to do was read the runbook.");
        assertClean("Just-in-time provisioning created the accounts.");
        assertClean("The fix was deployed just in time for the traffic peak.");
        assertClean("The fix simply adds a timeout.");
        assertClean("Clearly, the alert threshold was too high.");
        assertClean("We simply do not have an alert for certificate expiry.");
    }

    @Test
    void blameCulpritAndResponsibilityAreFlagged() {
        assertFlagged("blame", "Kim is to blame for the data loss.");
        assertFlagged("blame", "Management blamed the on-call engineer.");
        assertFlagged("blame", "We need to find the person responsible.");
        assertFlagged("culprit-person", "The culprit was Tom.");
        assertFlagged("responsible-for-outage", "Alex is responsible for the outage.");
    }

    @Test
    void blameWordsWithoutBlamingAPersonAreNot() {
        assertClean("No single person is to blame; the system allowed an unsafe change.");
        assertClean("This review is not about assigning blame.");
        assertClean("This postmortem is blameless.");
        assertClean("The blame view in Git showed the line was changed in 2019.");
        assertClean("We initially blamed the CDN.");
        assertClean("The culprit turned out to be a stale DNS record.");
        assertClean("The platform team is responsible for the certificate inventory.");
    }

    @Test
    void aNamedPersonAsTheCauseIsFlagged() {
        assertFlagged("named-person-as-cause", "Steve broke production by force-pushing.");
        assertFlagged("named-person-as-cause", "At 14:05, Omar deleted the production orders table.");
        assertFlagged("named-person-as-cause", "It happened because John dropped the users table.");
        assertFlagged("named-person-as-cause", "Paul's change took down checkout.");
        assertFlagged("named-person-as-cause", "Mistake by Ravi: he ran the job against the wrong cluster.");
        assertFlagged("person-caused", "The intern caused the outage.");
        assertFlagged("person-made-mistake", "The DBA made a mistake during the migration.");
    }

    @Test
    void productsAndHarmlessActionsByNamedPeopleAreNot() {
        assertClean("Terraform deleted the bucket because the lifecycle rule was missing.");
        assertClean("Redis dropped connections when maxclients was reached.");
        assertClean("Priya deleted the stale feature flag once the rollout finished.");
        assertClean("Alice paged the database team.");
        assertClean("The on-call engineer restarted the service at 14:20.");
        assertClean("The config change caused the outage.");
        assertClean("Retries caused a thundering herd.");
    }

    @Test
    void aPersonAsRootCauseIsFlaggedButASystemIsNot() {
        assertFlagged("root-cause-person", "The root cause was the new intern.");
        assertFlagged("root-cause-person", "Root cause: Carlos running the wrong command.");
        assertClean("The root cause was an expired TLS certificate.");
        assertClean("The root cause was a race between the cache warmer and the deploy hook.");
    }

    @Test
    void processAndDisciplineLanguageIsFlagged() {
        assertFlagged("no-excuse", "There is no excuse for skipping the checklist.");
        assertFlagged("failure-to-follow", "It resulted from a failure to follow the change process.");
        assertFlagged("didnt-follow-process", "The team didn't follow the process for emergency changes.");
        assertFlagged("violated", "The engineer violated the deployment freeze.");
        assertFlagged("be-more-careful", "Engineers need to be more careful when editing YAML.");
        assertFlagged("be-more-careful", "Action item: retrain Jake on the deploy process.");
        assertFlagged("person-overlooked", "The reviewer overlooked the missing index.");
        assertFlagged("person-didnt-check", "Anna did not double-check the target environment.");
        assertFlagged("any-competent", "Any competent engineer would have noticed.");
        assertFlagged("hindsight", "Despite clear warnings, the deploy went ahead.");
        assertClean("Latency violated the 300 ms SLO for 20 minutes.");
        assertClean("We missed our availability SLO for the quarter.");
        assertClean("The on-call followed the runbook, but step 4 was out of date.");
        assertClean("We will retrain the anomaly detection model on last year's traffic.");
    }

    // ------------------------------------------------------------------ Markdown and quotes

    @Test
    void codeSpansAndCodeBlocksAreIgnored() {
        assertClean("`human error` is the category name in the old tool.");
        assertClean("We ran `git blame` on the config file.");
        assertClean("```\nERROR: human error, operator forgot to confirm\n```");
        assertClean("~~~text\nBob failed to log in\n~~~");
        assertClean("Log excerpt:\n\n    WARN careless retry: user error 42\n    ERROR should have succeeded\n\nThe retry stopped.");
    }

    @Test
    void blockQuotesAreIgnored() {
        assertClean("> ERROR: user error 42");
        assertClean("From the chat:\n\n> Mike: sorry all, my mistake, I forgot to switch contexts\n> Ana: no worries");
    }

    @Test
    void listItemIndentationIsNotMistakenForCode() {
        assertFlagged("forgot", "- Step one\n\n    Sam forgot to update the record.");
    }

    @Test
    void quotationsOfLogsAndMessagesAreIgnoredButScareQuotesAreNot() {
        assertClean("The log showed \"ERROR: operator error: invalid credentials\".");
        assertClean("The API returned \"E_USER_ERROR: malformed request\" for every call.");
        assertClean("The alert text reads “Disk almost full, someone forgot to rotate logs?”.");
        assertClean("Customers saw a \"Something went wrong, it's not your fault\" banner.");
        assertClean("Mike wrote: \"I forgot to switch contexts\".");
        assertFlagged("human-error", "The incident was closed as \"human error\".");
    }

    @Test
    void emphasisAndLinksDoNotHideWording() {
        assertFlagged("named-person-as-cause", "**Steve** broke production.");
        assertFlagged("human-error", "Root cause: [human error](https://example.com/x).");
        assertFlagged("forgot", "# Sam forgot to renew the certificate");
        assertFlagged("forgot", "| Factor | Note |\n|---|---|\n| Sam forgot to renew | yes |");
    }

    // ------------------------------------------------------------------ findings

    @Test
    void offsetsPointAtThePhraseInTheMarkdown() {
        String markdown = "# Summary\n\nThe *deploy* went fine.\nLater, Sam forgot to\nrenew the cert & it was `human error` or not. It was human error.\n";
        List<BlamelessFinding> findings = CHECK.analyse(markdown);
        assertEquals(List.of("forgot", "human-error"), findings.stream().map(BlamelessFinding::ruleId).toList());
        for (BlamelessFinding finding : findings) {
            assertEquals(finding.phrase(), markdown.substring(finding.start(), finding.end()));
        }
        assertEquals(markdown.indexOf("forgot to"), findings.get(0).start());
        assertEquals("forgot to", findings.get(0).phrase());
        assertEquals(markdown.lastIndexOf("human error"), findings.get(1).start());
        assertEquals(markdown.lastIndexOf("human error") + "human error".length(), findings.get(1).end());
        assertEquals("It was human error.", findings.get(1).sentence());
    }

    @Test
    void offsetsSurviveEscapesEntitiesAndEmphasis() {
        String markdown = "A \\*note\\* &amp; more: **Bob** broke production.";
        BlamelessFinding finding = CHECK.analyse(markdown).get(0);
        assertEquals("named-person-as-cause", finding.ruleId());
        assertEquals("Bob** broke", finding.phrase());
        assertEquals(markdown.indexOf("Bob"), finding.start());
        assertEquals("A *note* & more: Bob broke production.", finding.sentence());
    }

    @Test
    void theSentenceIsTheOneThePhraseIsIn() {
        List<BlamelessFinding> findings = CHECK.analyse("We rolled back at 15:02, e.g. via the console. Then Sam forgot to tell support! Traffic recovered.");
        assertEquals(1, findings.size());
        assertEquals("Then Sam forgot to tell support!", findings.get(0).sentence());
    }

    @Test
    void findingsAreOrderedAndNeverOverlap() {
        List<BlamelessFinding> findings = CHECK.analyse("Obviously, the DBA should have known better. It was a careless, stupid, human error and Sam forgot to check.");
        for (int i = 1; i < findings.size(); i++) {
            assertTrue(findings.get(i).start() >= findings.get(i - 1).end(), findings.toString());
        }
        assertEquals(List.of("should-have-known", "careless", "insult", "human-error", "forgot"),
                findings.stream().map(BlamelessFinding::ruleId).toList());
    }

    @Test
    void findingsCarryExplanationAndSuggestion() {
        BlamelessFinding finding = CHECK.analyse("Sam forgot to update the DNS record.").get(0);
        assertTrue(finding.explanation().contains("forget"), finding.explanation());
        assertTrue(finding.suggestion().startsWith("What made this step easy to miss?"), finding.suggestion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\n", "```\ncode only\n```"})
    void emptyOrCodeOnlyTextHasNoFindings(String markdown) {
        assertEquals(List.of(), CHECK.analyse(markdown));
    }

    @Test
    void nullHasNoFindings() {
        assertEquals(List.of(), CHECK.analyse(null));
    }

    @Test
    void isThreadSafe() throws Exception {
        String text = "Sam forgot to renew it. It was human error. The alert should fire within 5 minutes. Bob broke production.";
        List<BlamelessFinding> expected = CHECK.analyse(text);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<BlamelessFinding>>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> CHECK.analyse(text)));
            }
            for (Future<List<BlamelessFinding>> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ rules and the rules file

    @Test
    void defaultRulesAreWellFormed() {
        List<BlamelessRule> rules = CHECK.rules();
        assertTrue(rules.size() >= 25, "rule count " + rules.size());
        assertEquals(rules.size(), new HashSet<>(rules.stream().map(BlamelessRule::id).toList()).size());
        for (BlamelessRule rule : rules) {
            assertTrue(rule.explanation().length() > 40, rule.id());
            assertTrue(rule.suggestion().length() > 40, rule.id());
            assertEquals(BlamelessRule.FLAGS, rule.pattern().flags() & BlamelessRule.FLAGS, rule.id());
        }
    }

    @Test
    void isAnInjectableBean() throws Exception {
        assertTrue(BlamelessCheck.class.isAnnotationPresent(ApplicationScoped.class));
        assertTrue(Modifier.isPublic(BlamelessCheck.class.getConstructor().getModifiers()));
        assertTrue(!Modifier.isFinal(BlamelessCheck.class.getModifiers()), "a client proxy subclasses the bean");
    }

    @Test
    void customRulesComeFromAReader() {
        String file = """
                # our team's extra rule
                @define WHO = (?:Bob|Alice)

                [blame-the-intern]
                pattern: \\bthe\\s+intern
                  \\s+(?<hit>did\\s+it)\\b
                unless: \\bthe\\s+intern\\s+did\\s+it\\s+right\\b
                unless: \\bnot\\s+the\\s+intern
                explanation: Pointing at the newest person
                  teaches nothing.
                suggestion: Describe the step.

                [named]
                pattern: {{WHO}}\\s+again
                explanation: Names again.
                suggestion: Use a role.
                """;
        List<BlamelessRule> rules = BlamelessCheck.loadRules(new StringReader(file));
        assertEquals(List.of("blame-the-intern", "named"), rules.stream().map(BlamelessRule::id).toList());
        assertEquals("Pointing at the newest person teaches nothing.", rules.get(0).explanation());
        assertNull(rules.get(1).unless());

        BlamelessCheck custom = new BlamelessCheck(rules);
        List<BlamelessFinding> findings = custom.analyse("Honestly, THE INTERN DID IT. The intern did it right. BOB again. Sam forgot to.");
        assertEquals(List.of("blame-the-intern", "named"), findings.stream().map(BlamelessFinding::ruleId).toList());
        assertEquals("DID IT", findings.get(0).phrase());
        assertEquals("BOB again", findings.get(1).phrase());
    }

    @Test
    void rulesCanBeBuiltInCode() {
        BlamelessCheck custom = new BlamelessCheck(List.of(
                BlamelessRule.of("hero-culture", "\\bsaved\\s+the\\s+day\\b", "Heroics hide fragile systems.", "What made heroics necessary?")));
        assertEquals("saved the day", custom.analyse("Ana saved the day again.").get(0).phrase());
        assertThrows(IllegalArgumentException.class, () -> BlamelessRule.of("Not Kebab", "x", "e", "s"));
    }

    private static BlamelessRulesException parseError(String file) {
        return assertThrows(BlamelessRulesException.class, () -> BlamelessCheck.loadRules(new StringReader(file)));
    }

    @Test
    void malformedFilesAreReportedWithLineAndRule() {
        BlamelessRulesException unknownKey = parseError("""
                [one]
                pattern: a
                explanation: e
                sugestion: s
                """);
        assertEquals(4, unknownKey.line());
        assertEquals("one", unknownKey.ruleId());
        assertTrue(unknownKey.getMessage().contains("line 4") && unknownKey.getMessage().contains("[one]")
                && unknownKey.getMessage().contains("sugestion"), unknownKey.getMessage());

        BlamelessRulesException badRegex = parseError("""
                # comment

                [two]
                explanation: e
                pattern: (unclosed
                suggestion: s
                """);
        assertEquals(5, badRegex.line());
        assertEquals("two", badRegex.ruleId());
        assertTrue(badRegex.getMessage().contains("invalid regular expression"), badRegex.getMessage());

        BlamelessRulesException missing = parseError("""
                [three]
                pattern: a
                explanation: e

                [four]
                pattern: b
                """);
        assertEquals(1, missing.line());
        assertEquals("three", missing.ruleId());
        assertTrue(missing.getMessage().contains("no suggestion"), missing.getMessage());
    }

    @Test
    void otherMistakesInRulesFilesAreReported() {
        assertEquals(1, parseError("pattern: a\n").line());
        assertEquals(5, parseError("[a]\npattern: x\nexplanation: e\nsuggestion: s\n[a]\n").line());
        assertEquals(1, parseError("[Bad_Id]\n").line());
        assertEquals(2, parseError("[a]\npattern: {{MISSING}}\nexplanation: e\nsuggestion: s\n").line());
        assertEquals(2, parseError("[a]\n  continued\n").line());
        assertEquals(3, parseError("[a]\npattern: x\npattern: y\n").line());
        assertEquals(2, parseError("[a]\npattern: x?\nexplanation: e\nsuggestion: s\n").line());
        assertEquals(3, parseError("[a]\npattern: x\nno colon here\n").line());
        assertEquals(1, parseError("@define lower = x\n").line());
        assertTrue(parseError("# only comments\n").getMessage().contains("no rules"));
    }

    @Test
    void theDefaultRulesFileParses() {
        assertEquals(CHECK.rules().size(), BlamelessCheck.defaultRules().size());
    }
}
