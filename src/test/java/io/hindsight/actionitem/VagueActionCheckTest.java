package io.hindsight.actionitem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which action item titles get advice, and what it says. */
class VagueActionCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Improve monitoring", "Look into the database", "Better testing", "Investigate issue", "Improve alerting.",
            "More monitoring on the payment service", "Review the deploy process", "Revisit the runbook",
            "Consider adding more replicas", "Clean up the cron jobs", "TODO: look at the connection pool",
            "We should improve our observability", "Need to investigate the root cause", "Follow up on the DNS issue",
            "Make deploys safer", "Improved alerting for the queue", "Explore options for failover"})
    void titlesThatNameAnActivityNotAResultAreAdvised(String title) {
        VagueActionCheck.Advice advice = VagueActionCheck.advise(title).orElseThrow(() -> new AssertionError(title));

        assertEquals("vague-verb", advice.rule(), title);
        assertTrue(title.contains(advice.phrase()), advice.phrase());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Be more careful", "Engineers must be more careful with production credentials", "Pay more attention to alerts",
            "Remember to check the target cluster before running migrations", "Be extra vigilant during deploys",
            "On-call should pay closer attention to the disk dashboard", "Don't forget to renew the certificate"})
    void titlesThatAskPeopleToTryHarderAreAdvisedEvenWithNumbers(String title) {
        assertEquals("try-harder", VagueActionCheck.advise(title).orElseThrow(() -> new AssertionError(title)).rule());
        assertEquals("try-harder", VagueActionCheck.advise(title + " for the next 3 months").orElseThrow().rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Fix issue", "Fix the bug", "Address the problem", "Prevent recurrence", "Avoid similar incidents",
            "Resolve the root cause"})
    void aVerbWithNothingConcreteToActOnIsAdvised(String title) {
        assertEquals("generic-object", VagueActionCheck.advise(title).orElseThrow(() -> new AssertionError(title)).rule());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Alert when replication lag exceeds 30 s for 5 min", "Add a restore drill to the monthly checklist",
            "Add a confirmation prompt before destructive commands in production",
            "Improve monitoring so that disk alerts fire at 80%", "Review every schema change with a second approver",
            "Investigate why the replica lagged before the failover", "Fix the retry loop in the payment client",
            "Retry the payment call once after a timeout", "Rotate the API token automatically",
            "Raise the connection pool to 50", "Document the failover steps in the runbook",
            "Page the secondary on-call if the primary does not acknowledge within 10 minutes",
            "Remove the shared password from the staging config", "Block deploys during the change freeze",
            "Remember the last deploy target in the CLI", "Add more replicas than the peak load needs"})
    void titlesWithAMeasurableOutcomeOrAConcreteChangeAreNot(String title) {
        assertTrue(VagueActionCheck.advise(title).isEmpty(), () -> title + " <- " + VagueActionCheck.advise(title));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void nothingToAdviseOnNothing(String title) {
        assertTrue(VagueActionCheck.advise(title).isEmpty());
    }

    @Test
    void theAdviceSaysWhyItIsHardToCloseAndHowToWordIt() {
        VagueActionCheck.Advice advice = VagueActionCheck.advise("Improve monitoring").orElseThrow();

        assertEquals("Improve", advice.phrase());
        assertEquals("This may be hard to tell when it is done: say what will be different,"
                + " e.g. 'Alert when replication lag exceeds 30 s for 5 min'. The title names an activity, not a result.",
                advice.message());
    }

    @Test
    void everyRuleExplainsItselfAndOffersAnExample() {
        for (String title : new String[]{"Be more careful", "Improve monitoring", "Fix issue"}) {
            VagueActionCheck.Advice advice = VagueActionCheck.advise(title).orElseThrow();
            assertTrue(advice.suggestion().startsWith("say what will be different, e.g. '"), advice.suggestion());
            assertTrue(!advice.why().isBlank(), advice.rule());
        }
    }
}
