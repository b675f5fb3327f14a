package io.hindsight.postmortem;

import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
    void judgementWordsAboutThingsAndBlameSetAsideAreNotFlagged() {
        assertClean("The bug was a dumb off-by-one in the pagination cursor.");
        assertClean("The health check was too dumb to detect a hung worker.");
        assertClean("The fix was stupid-simple: raise the pool limit.");
        assertClean("Blaming the on-call would be easy, but the runbook was out of date.");
        assertClean("Calling this \"carelessness\" would miss the point: the consoles look identical.");
        assertClean("We reject \"human error\" as a root cause.");
        assertClean("\"Who is to blame?\" is the wrong question for this review.");
        assertClean("The disk filled up because log rotation failed to run.");
        // the same words about a person are still flagged
        assertFlagged("insult", "Dave was too dumb to read the alert.");
        assertFlagged("blame", "Blaming the on-call is fair here.");
    }

    @Test
    void judgedWorkLabelsPoliteHindsightAndSarcasmAreFlaggedWithTheirPhrase() {
        assertPhrase("judged-work", "half-baked", "Yusuf's half-baked hotfix made the outage longer.");
        assertPhrase("person-judgement", "a dumpster fire", "Chen's code is a dumpster fire.");
        assertPhrase("labelled-person", "Classic Henrik move", "Classic Henrik move: change the rules and go home.");
        assertPhrase("labelled-person", "Typical of the DBA team", "Typical of the DBA team: change the schema, tell nobody.");
        assertPhrase("polite-hindsight", "Sunita would have asked", "Ideally, Sunita would have asked for a second reviewer.");
        assertPhrase("polite-hindsight", "didn't take the time to", "Aditya didn't take the time to understand the graph.");
        assertPhrase("sarcasm-person", "genius", "Great job, genius — you restarted every node.");
        assertClean("Priya's brilliant idea of adding a canary caught the regression early.");
        assertClean("The team's garbage collection tuning cut pauses by 90%.");
        assertClean("Ideally, the deploy tool would have refused to run.");
    }

    @Test
    void aNamedPersonAsTheAgentOfAHarmfulStepIsFlaggedAndTheSameShapeForAGoodStepIsNot() {
        assertPhrase("named-agent-of-harm", "It was Ingrid who switched off",
                "It was Ingrid who switched off the circuit breaker and left it off over the weekend.");
        assertPhrase("named-agent-of-harm", "merged by Lena", "The hotfix was merged by Lena even though two checks were still failing.");
        assertPhrase("named-agent-of-harm", "was last changed by Dmitri", "The firewall rule was last changed by Dmitri.");
        assertPhrase("named-agent-of-harm", "that was Olu", "Only one engineer held the signing key, and that was Olu.");
        assertClean("It was Ingrid who noticed the circuit breaker had tripped.");
        assertClean("The hotfix was merged by Lena once both checks were green.");
        assertClean("The firewall rule was last changed by Dmitri to open the port for the new health check.");
        assertClean("It was the payments team that disabled the broken feature flag to stop the bleeding.");
    }

    @Test
    void adviceToOnePersonHedgedCompetenceAndGroupHabitsAreFlaggedWithTheirPhrase() {
        assertPhrase("advice-to-one-person", "Sven double-checked",
                "Going forward, it would be great if Sven double-checked the target cluster before running the script.");
        assertPhrase("advice-to-one-person", "remind the billing team that",
                "Perhaps we could kindly remind the billing team that deploys on Friday evenings are discouraged.");
        assertPhrase("advice-to-one-person", "too hasty", "Fatima may have been slightly too hasty in closing the incident.");
        assertPhrase("hedged-competence", "not very thorough", "Her review of the schema change was not very thorough.");
        assertPhrase("hedged-competence", "lack of familiarity", "Mei's lack of familiarity with the failover tooling slowed everything down.");
        assertPhrase("hedged-competence", "took half an hour to acknowledge", "Kofi took half an hour to acknowledge the alert.");
        assertPhrase("group-habit", "never bother", "The data guys never bother to check what their jobs do to the warehouse.");
        assertPhrase("group-habit", "same mistake", "Ms Okafor has now made the same mistake twice.");
        assertPhrase("group-habit", "talking-to", "Whoever approved this needs a stern talking-to.");
        assertClean("Going forward, it would be great if the deploy tool showed the target cluster before running.");
        assertClean("The paging provider took half an hour to deliver the alert.");
        assertClean("The data pipeline never checks the warehouse schema before loading.");
        assertClean("The careless default of retrying forever in the client library amplified the load.");
        assertClean("This outage was not caused by any single person, and we do not look for one.");
        assertClean("We will review the disk alert thresholds for the logging cluster by 15 April.");
    }

    // ------------------------------------------------------------------ tenth round: each kind, with a trap in its shape

    @Test
    void aGroupOrAPersonsHandlingJudgedIsFlaggedAndTheSameShapeOfAThingIsNot() {
        assertPhrase("group-judged", "lax", "The facilities crowd were downright lax about the badge readers.");
        assertPhrase("group-judged", "amateurish", "The way Oren ran the database failover was amateurish.");
        assertPhrase("group-judged", "If Ilse wasn't so arrogant", "If Ilse wasn't so arrogant, the review comments would have been read.");
        assertPhrase("group-judged", "in his infinite wisdom", "Our build engineer, in his infinite wisdom, turned off the flaky tests.");
        assertClean("Compliance were quick to confirm the export format.");
        assertClean("The way the orchestrator ran the failover left two primaries.");
    }

    @Test
    void insinuationThroughCertainOrSomePeopleIsFlaggedAndNeutralUseIsNot() {
        assertPhrase("group-insinuation", "Certain testers", "Certain testers apparently skip the smoke suite when they are busy.");
        assertPhrase("group-insinuation", "Some developers seem to think", "Some developers seem to think code freezes apply to other teams.");
        assertPhrase("group-insinuation", "rather flexible relationship", "The payments gang have a rather flexible relationship with change windows.");
        assertClean("Certain testers have access to the staging secrets.");
        assertClean("Some developers asked to move the freeze window by a day.");
        assertClean("The payments gang have a rotation that covers weekends.");
        assertClean("The two teams had a different understanding of who owned the alert.");
    }

    @Test
    void thanksWithAStingAreFlaggedAndThanksMeantAreNot() {
        assertPhrase("mock-thanks", "Thanks so much", "Thanks so much to the search team for their truly creative reading of the schema docs.");
        assertPhrase("mock-thanks", "Bless the release crew", "Bless the release crew, they tried.");
        assertPhrase("mock-thanks", "at least Jonas's rollback was quick", "Well, at least Jonas's rollback was quick.");
        assertClean("Thanks so much to the search team for the schema docs that got us through the upgrade.");
        assertClean("Bless this dashboard for showing lag per shard.");
        assertClean("At least the rollback was quick.");
    }

    @Test
    void scareQuotesAroundWhatAPersonOrTeamDidAreFlaggedAndAQuotedNameIsNot() {
        assertPhrase("scare-quoted-deed", "\"tidied\"", "The storage squad \"tidied\" the bucket policies an hour before the outage.");
        assertPhrase("scare-quoted-deed", "\"small tweak\"", "Priya's \"small tweak\" to the retry logic doubled the load on the database.");
        assertClean("Priya's \"small tweak\" job runs nightly and compacts the retry table.");
        assertClean("The storage squad named the cleanup \"tidy\" in the change calendar.");
        assertClean("The squad \"Falcon\" owns the checkout service.");
    }

    @Test
    void asUsualWithATeamIsFlaggedAndAsUsualOfASystemIsNot() {
        assertPhrase("as-usual-group", "Per usual", "Per usual, the reporting team merged on a Friday evening.");
        assertPhrase("as-usual-group", "Yet again", "Yet again nobody from the identity team acknowledged the page.");
        assertClean("As usual, the reporting job finished at 06:00 and the export passed its checks.");
        assertClean("Yet again the identity service renewed its certificates on schedule.");
        assertClean("As usual, the SRE team ran the game day on Thursday.");
    }

    @Test
    void questionsAskingWhoDidTheHarmfulStepAreFlaggedAndRealQuestionsAreNot() {
        assertPhrase("who-did-this", "Who exactly decided", "Who exactly decided to rotate every key at once?");
        assertPhrase("who-did-this", "smart idea", "Who thought it was a smart idea to drop the index during the sale?");
        assertClean("Who decided to rotate the keys at once matters less than why the tool allowed it.");
        assertClean("Who owns the key rotation schedule?");
    }

    @Test
    void chatStyleBlameIsFlaggedAndChatStylePraiseIsNot() {
        assertPhrase("chat-blame", "smh", "smh the billing folks deleted the staging snapshot again");
        assertPhrase("chat-blame", "went to lunch", "The DBA dropped the replica set and went to lunch.");
        assertPhrase("chat-blame", "Cause: Lotte dropped", "Cause: Lotte dropped the replica set.");
        assertClean("ngl the on-call did a great job of keeping the channel calm");
        assertClean("The on-call engineer mitigated the issue and went home at 18:00.");
    }

    @Test
    void ownershipDemandedAccessDeniedAndLessonsForOnePersonAreFlaggedAndTheSameShapeOfASystemIsNot() {
        assertPhrase("own-this", "needs to own this", "Whoever pushed the unpinned image tag needs to own this.");
        assertPhrase("own-this", "should never have been given", "The contractor should never have been given root access to the ledger hosts.");
        assertPhrase("own-this", "didn't listen", "Ines didn't listen when the database team warned her about the lock.");
        assertPhrase("own-this", "could be arsed", "Nobody on the release team could be arsed to update the changelog.");
        assertPhrase("own-this", "learning opportunity for Mateo", "This is a good learning opportunity for Mateo.");
        assertClean("The search team needs to own the index settings from now on.");
        assertClean("The batch runner should never have been given root access to the ledger hosts.");
        assertClean("The proxy didn't listen on the new port until it was restarted.");
        assertClean("The changelog couldn't be generated because the tag was missing.");
        assertClean("This is a good learning opportunity for the whole team.");
    }

    @Test
    void blameNamedToBeDeniedARejectedHumanErrorFramingAndWhatWeDidNotHaveAreNotFlagged() {
        assertClean("No one person caused this outage; three safeguards were missing at once.");
        assertClean("No single engineer took down the cluster; the drain script ignored the budget.");
        assertClean("The first draft said \"human error\", and the reviewers rewrote it around the missing confirmation.");
        assertClean("The human error framing in the first report was removed after review.");
        assertClean("Had we had a second region, the failover would have been automatic.");
        assertClean("If we had had per-tenant quotas, one import could not have filled the pool.");
        // the same shapes that do blame are still flagged
        assertFlagged("person-caused", "The on-call engineer caused this outage.");
        assertFlagged("human-error", "The outage was caused by human error.");
        assertFlagged("counterfactual-if-had", "Had Bogdan checked the quota, one import could not have filled the pool.");
    }

    @Test
    void actionItemsWithAnOwnerBehindAHedgeAreNotAdvice() {
        assertClean("Maybe Priya could add an alert for disk usage.");
        assertClean("Going forward, the on-call could own the dashboard.");
        assertClean("Perhaps Ana could document the restore steps in the runbook.");
        assertClean("Next time, maybe Zofia could pair with the network team on the firewall migration.");
        assertPhrase("advice-to-one", "Zofia could", "Next time, maybe Zofia could check with someone before touching the firewall.");
        assertFlagged("advice-to-one", "Maybe Priya could actually add an alert this time.");
    }

    // ------------------------------------------------------------------ eleventh round: each kind, with a trap in its shape

    @Test
    void blameWordsMentionedToBeRejectedAreNotFlaggedAndTheSameWordsUsedAre() {
        assertClean("Labelling this \"operator error\" would hide that the console defaulted to production.");
        assertClean("We do not believe \"negligence\" accounts for the gap: the alert went to an archived channel.");
        assertClean("Rather than writing \"Sven forgot the flag\", the timeline records that the flag had no default.");
        assertClean("\"Pay more attention\" was not an action item we accepted; the alert now pages twice.");
        assertClean("The reviewers are not attributing the outage to carelessness; the flag had two meanings.");
        assertClean("An early theory, that the on-call engineer forgot to renew the certificate, was ruled out by the audit log.");
        // the same words used, not mentioned, are still flagged
        assertFlagged("human-error", "We are calling this human error and closing the ticket.");
        assertFlagged("careless", "We think carelessness explains everything here.");
        assertFlagged("forgot", "The on-call engineer forgot to renew the certificate, and the audit log shows it.");
        assertFlagged("be-more-careful", "The action item is to pay more attention during deploys.");
    }

    @Test
    void aSystemThatForgetsIsNotAPersonWhoForgot() {
        assertClean("The reconciler forgot the finalizer after a leader election.");
        assertClean("The kubelet forgets about orphaned mounts when the node restarts.");
        assertFlagged("forgot", "The SRE forgot about the mounted volume after the reboot.");
    }

    @Test
    void aGroupJudgedInCasualWordsIsFlaggedAndTheSameShapeOfASystemIsNot() {
        assertPhrase("group-casual", "messed up", "The billing lot properly messed up the cutover.");
        assertPhrase("group-casual", "can't follow a simple checklist", "The outage happened because the mobile team can't follow a simple checklist.");
        assertPhrase("group-casual", "don't care", "Half the platform folks just don't care, and it shows.");
        assertPhrase("group-casual", "staffed by people who never read", "The support rota is staffed by people who never read the handover notes.");
        assertPhrase("group-casual", "without telling anyone", "Marketing changed the pricing page without telling anyone, which is why checkout broke.");
        assertPhrase("group-casual", "clearly not ready for", "Frankly, the new contractor was clearly not ready for root access.");
        assertPhrase("group-casual", "abused the admin role", "She abused the admin role to skip the review.");
        assertPhrase("group-casual", "without understanding any of it", "The release engineer pasted the command from a forum without understanding any of it.");
        assertPhrase("own-this", "can't be bothered", "The vendor liaison can't be bothered to answer tickets.");
        assertClean("The billing job messed up the cutover by running twice.");
        assertClean("The mobile team can't read the dashboard from the VPN because of a proxy rule.");
        assertClean("Users don't care which region serves them, so the failover is invisible.");
        assertClean("The support rota is staffed by people who read the handover notes at the start of each shift.");
        assertClean("The migration job changed the pricing table without telling anyone, which is why checkout broke.");
        assertClean("The new contractor was not ready for root access yet, so the rotation paired him with a mentor.");
        assertClean("The crawler abused the API until the rate limit kicked in.");
        assertClean("We pasted the command from the runbook without understanding what it did, because the runbook did not explain it.");
    }

    @Test
    void sarcasmAimedAtATeamOrAPersonIsFlaggedAndTheSameShapeMeantIsNot() {
        assertPhrase("mock-praise", "Nice of the identity team to mention", "Nice of the identity team to mention the token change two days after it shipped.");
        assertPhrase("sarcasm-aimed", "Great to be woken up", "Great to be woken up at 4am because someone wanted to try a config change live.");
        assertPhrase("sarcasm-aimed", "masterclass in capacity planning", "Yet another masterclass in capacity planning from our friends over in data.");
        assertPhrase("sarcasm-aimed", "What a brave decision to", "What a brave decision to upgrade the database on launch day.");
        assertPhrase("sarcasm-aimed", "\"tested\"", "The schema change was \"tested\" on a laptop with ten rows.");
        assertPhrase("sarcasm-aimed", "I'm sure", "I'm sure the data team had a very good reason for dropping the index.");
        assertPhrase("sarcasm-aimed", "\"works for me\" process", "The hotfix followed our good old \"works for me\" process.");
        assertPhrase("sarcasm-aimed", "name names", "I'm not going to name names, but he knows who he is.");
        assertPhrase("sarcasm-aimed", "Some of us do test", "Some of us do test our migrations, but apparently not everyone.");
        assertPhrase("sarcasm-aimed", "I guess testing is optional now", "I guess testing is optional now.");
        assertPhrase("sarcasm-aimed", "too much to ask", "Apparently reading the release notes was too much to ask.");
        assertPhrase("sarcasm-aimed", "remind everyone", "Let me kindly remind everyone that the change calendar exists for a reason.");
        assertPhrase("sarcasm-aimed", "Surely the DBA knows better", "Surely the DBA knows better than to run DDL at noon.");
        assertPhrase("sarcasm-aimed", "the same people", "Same team, the same people, the same outage as in March.");
        assertPhrase("sarcasm-aimed", "even online", "Was anybody in the networking crowd even online when the link dropped?");
        assertPhrase("sarcasm-aimed", "worth somebody's while", "It would be worth somebody's while to read up on what the flag does.");
        assertClean("Nice of the identity team to join the bridge at 2am and walk us through the token change.");
        assertClean("Great to be paged at 4am because the new alert caught the disk filling before it hit users.");
        assertClean("The game day was a masterclass in incident command, run by the SRE team.");
        assertClean("What a brave decision to fail over early; it saved the launch.");
        assertClean("The ticket was marked \"tested\" by the CI bot after the suite passed.");
        assertClean("I'm sure the index rebuild will finish before the window closes.");
        assertClean("The \"ship it\" button in the deploy tool now asks for a second approval.");
        assertClean("We won't name anyone here; the review is about the merge queue.");
        assertClean("Some of us read the runbook during the drill, and we found two stale steps.");
        assertClean("The staging step is optional for documentation-only changes.");
        assertClean("Reviewing 2,000 alerts a night was too much to ask of one responder, so the alerts were cut to twelve.");
        assertClean("Let me remind everyone that the change calendar moves to the new tool on Monday.");
        assertClean("Surely the backup job knows not to run during the failover? It does: the lock prevents it.");
        assertClean("The same team owns both services, and the same runbook covers both.");
        assertClean("Was anyone from the infra team online when the link dropped?");
        assertClean("It would be worth the team's while to automate the flag check.");
    }

    private static void assertPhrase(String ruleId, String phrase, String markdown) {
        List<BlamelessFinding> findings = CHECK.analyse(markdown);
        assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals(ruleId) && f.phrase().contains(phrase)
                        && !f.explanation().isBlank() && !f.suggestion().isBlank()),
                "expected [" + ruleId + "] \"" + phrase + "\" for: " + markdown + " but got "
                        + findings.stream().map(f -> f.ruleId() + " \"" + f.phrase() + "\"").toList());
    }

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
    void contractionsAndNeverAreCounterfactualsToo() {
        assertFlagged("counterfactual-should-have", "Kevin should've checked the target cluster.");
        assertFlagged("counterfactual-should-have", "The on-call engineer should’ve paged the database team.");
        assertFlagged("counterfactual-should-have", "The reviewer shouldn’t’ve approved it.");
        assertFlagged("counterfactual-should-have", "The reviewer should never have approved the change.");
        assertFlagged("counterfactual-should-have", "Kevin never should have run that script.");
        assertFlagged("counterfactual-should-have", "The developer should of tested the rollback.");
        assertFlagged("counterfactual-should-have-been", "That change should never have been approved.");
        assertFlagged("should-have-known", "He should've known the flag also turns off the limiter.");
        assertClean("The alert should've fired at 14:00, but the threshold was 99%.");
        assertClean("The replica should’ve been promoted automatically.");
        assertClean("The job should never have run twice; the lock expired too early.");
        assertClean("We should, of course, add a lock.");
        assertClean("The on-call should have had access to the replica console.");
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
    void anOutageHandedToAPersonIsFlaggedButAPlaceOrATimeIsNot() {
        assertFlagged("outage-is-on-person", "The outage is on Kevin.");
        assertFlagged("outage-is-on-person", "Let's be honest: this one is on the platform team.");
        assertFlagged("outage-is-on-person", "The data loss is entirely on the DBA who ran the script.");
        assertFlagged("outage-is-on-person", "The outage squarely rests on the DBA's shoulders.");
        assertClean("The outage was on the EU cluster only.");
        assertClean("The outage was on Tuesday night.");
        assertClean("The incident was on the on-call dashboard within a minute.");
        assertClean("The fix is on Kevin's list for Monday.");
    }

    @Test
    void mistakesMadeByAPersonAndTheirJudgementAreFlagged() {
        assertFlagged("person-made-mistake", "The mistake was made by the person who wrote the migration.");
        assertFlagged("person-made-mistake", "The wrong call was made by Kevin, who restarted the primary.");
        assertFlagged("person-made-mistake", "The on-call's mistake cost us two hours.");
        assertFlagged("person-made-mistake", "The on-call made the wrong call and restarted every node.");
        assertFlagged("person-made-mistake", "The outage came down to an engineer's poor judgement.");
        assertFlagged("poor-judgement", "Poor judgement during the failover cost us an hour.");
        assertFlagged("poor-judgement", "It was a lapse in judgement.");
        assertClean("The change was made by the deploy bot at 03:00.");
        assertClean("The mistake was made visible by the new dashboard.");
        assertClean("The client made a bad call to the payments API.");
        assertClean("Good judgement by the on-call limited the impact.");
        assertClean("Bad judgement calls are easy at 3 a.m.; the runbook now makes the call.");
        assertClean("The scheduler's poor judgement of node capacity caused the evictions.");
        assertClean("Kevin's error handling refactor fixed the retries.");
        assertClean("The platform team's error budget was exhausted by Tuesday.");
    }

    @Test
    void blindlyRushingAndSkippingChecksArePersonalOnlyWithAPersonAsSubject() {
        assertFlagged("blindly", "The engineer blindly ran the cleanup script against production.");
        assertFlagged("blindly", "The developer ran the migration blindly, without a dry run.");
        assertFlagged("rushed", "The team rushed the work to hit the deadline.");
        assertFlagged("without-checking", "Jess deployed the config straight to production without testing it.");
        assertFlagged("without-checking", "The change was merged by Kevin without any review.");
        assertFlagged("without-checking", "The developers pushed untested code.");
        assertFlagged("chose-to-ignore", "The admin decided to ignore the failed health check.");
        assertFlagged("chose-to-ignore", "Despite being told about the freeze, the developer pushed the change.");
        assertClean("The pipeline blindly trusted the cache.");
        assertClean("Traffic rushed back in when the cache warmed up.");
        assertClean("The job ran without checking the lock.");
        assertClean("We deployed the hotfix without a canary, as the runbook allows.");
        assertClean("The team was warned by the disk alert at 90%.");
    }

    @Test
    void judgingCareAndUnderstandingIsFlagged() {
        assertFlagged("not-careful", "Kevin is not careful with production credentials.");
        assertFlagged("not-careful", "The release manager isn't thorough.");
        assertFlagged("lack-of-care", "A lack of attention to detail let the typo through.");
        assertFlagged("lack-of-care", "With a bit more care, the typo would have been spotted.");
        assertFlagged("shaming-adverb", "The author of the migration clearly did not understand how the locks work.");
        assertFlagged("shaming-adverb", "Honestly, he didn't know what he was doing.");
        assertFlagged("root-cause-person", "The problem was that the on-call didn't escalate.");
        assertFlagged("person-didnt-check", "The new hire didn't even know the cluster had a replica.");
        assertFlagged("not-doing-job", "The on-call wasn't doing their job.");
        assertFlagged("not-doing-job", "The reviewer rubber-stamped the change.");
        assertClean("The parser is not careful about trailing whitespace.");
        assertClean("A lack of ownership of the cron job meant nobody was paged.");
        assertClean("The dashboard clearly didn't show the replication lag.");
        assertClean("The new dashboard draws more attention to the error rate.");
        assertClean("The job was supposed to run at 02:00 but the scheduler was paused.");
        assertClean("The kernel panicked after the driver update.");
    }

    @Test
    void counterfactualsAboutPeopleAreFlaggedButAboutSystemsAreNot() {
        assertFlagged("counterfactual-if-had", "Had the engineer not restarted the primary, the replica would have caught up.");
        assertFlagged("counterfactual-if-had", "The data would still be there had the DBA taken a backup first.");
        assertFlagged("counterfactual-if-had", "If the developer had been more careful, the typo would not have shipped.");
        assertFlagged("if-only", "If only someone had read the release notes.");
        assertFlagged("could-have-prevented", "We could have avoided the outage by simply reading the changelog.");
        assertFlagged("could-have-prevented", "The on-call could have prevented this.");
        assertFlagged("could-have-prevented", "It would have been easy for the reviewer to spot the missing index.");
        assertClean("Had the cache been warm, latency would have stayed under 200 ms.");
        assertClean("We had two engineers on call that night.");
        assertClean("A disk alert at 80% could have prevented this, so we added one.");
        assertClean("It would have been easy to miss the alert: it was one of 300 that hour.");
        assertClean("Nobody could have known the vendor had changed the API.");
    }

    @Test
    void aPersonAsTheWholeStoryIsFlagged() {
        assertFlagged("root-cause-person", "The root cause is that the reviewer did not read the diff.");
        assertFlagged("root-cause-person", "The sole reason for this incident was the DBA.");
        assertFlagged("root-cause-person", "The whole incident comes down to one engineer not reading the docs.");
        assertFlagged("person-caused", "The incident was caused by the on-call engineer.");
        assertFlagged("person-caused", "An engineer accidentally wiped the orders table.");
        assertClean("The root cause was the root certificate expiring on the internal CA.");
        assertClean("The root cause was the cert-manager operator renewing with the wrong issuer.");
        assertClean("The root cause was the operator's reconcile loop deleting the pods.");
        assertClean("The spike was caused by people refreshing the status page.");
        assertClean("The cleanup job deleted the production table.");
    }

    @Test
    void askingPeopleToTryHarderAndVagueActionItemsAreFlagged() {
        assertFlagged("people-must-try-harder", "Going forward, engineers must remember to check the target environment.");
        assertFlagged("people-must-try-harder", "Team members must double-check the hostname.");
        assertFlagged("vague-action-item", "Action item: improve monitoring.");
        assertFlagged("vague-action-item", "Follow-up: better testing.");
        assertFlagged("vague-action-item", "We will improve our monitoring.");
        assertFlagged("be-more-careful", "Action item: be more careful when editing YAML.");
        assertClean("Action item: alert when replication lag exceeds 30 s for 5 minutes.");
        assertClean("Action item: add a restore drill to the monthly checklist.");
        assertClean("We will improve the failover script so that it refuses to promote a lagging replica.");
        assertClean("Investigating the logs took an hour.");
        assertClean("Engineers must confirm the cluster name in the new prompt before deleting.");
    }

    @Test
    void aLongSectionWithoutSentenceEndsIsCheckedQuickly() {
        // A section may hold 50,000 characters; words that make rules look far ahead must not make that quadratic.
        for (String text : List.of("the operator ".repeat(3800), "the engineer should have ".repeat(2000),
                "The outage is on ".repeat(3000), "Action item: improve ".repeat(2300))) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CHECK.analyse(text), text.substring(0, 30));
        }
    }

    @Test
    void everyFindingOfTheNewKindsSaysWhyAndOffersARewording() {
        for (String sentence : List.of("The outage is on Kevin.", "An engineer's poor judgement.", "Kevin blindly ran it.",
                "Kevin rushed the migration.", "Action item: improve monitoring.", "Kevin is not careful.")) {
            List<BlamelessFinding> findings = CHECK.analyse(sentence);
            assertEquals(1, findings.size(), sentence);
            assertTrue(findings.get(0).explanation().length() > 40 && findings.get(0).suggestion().length() > 40, sentence);
        }
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
