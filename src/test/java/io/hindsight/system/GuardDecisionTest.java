package io.hindsight.system;

import io.hindsight.system.GuardDecision.Expected;
import io.hindsight.system.GuardDecision.Identity;
import io.hindsight.system.GuardDecision.Outcome;
import io.hindsight.system.GuardDecision.Verdict;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The wrong-database rule, case by case, without starting anything. */
class GuardDecisionTest {

    private static final Identity PRODUCTION = new Identity(UUID.fromString("11111111-1111-1111-1111-111111111111"), "Acme",
            "production", "db1:5432/hindsight");
    private static final Identity OTHER = new Identity(UUID.fromString("22222222-2222-2222-2222-222222222222"), "Hindsight",
            "staging", "db1:5432/hindsight_2");
    private static final Expected RECORDED = new Expected(PRODUCTION, true, "the identity file /home/ops/.hindsight/installation.json");

    @Test
    void theFirstStartExpectsNothingAndRemembersWhatItFound() {
        assertThat(GuardDecision.decide(null, OTHER, true, null).outcome()).isEqualTo(Outcome.FIRST_START);
    }

    @Test
    void theExpectedInstallationWithDataPasses() {
        Verdict verdict = GuardDecision.decide(RECORDED, PRODUCTION, false, null);

        assertThat(verdict.outcome()).isEqualTo(Outcome.MATCH);
        assertThat(verdict.refused()).isFalse();
    }

    @Test
    void anotherInstallationIsRefusedWithBothNamedAndWhatToDo() {
        Verdict verdict = GuardDecision.decide(RECORDED, OTHER, false, null);

        assertThat(verdict.refused()).isTrue();
        assertThat(verdict.message())
                .contains("belongs to another installation")
                .contains("Expected: installation 11111111-1111-1111-1111-111111111111 \"Acme\" (production) on db1:5432/hindsight")
                .contains("Found:    installation 22222222-2222-2222-2222-222222222222 \"Hindsight\" (staging) on db1:5432/hindsight_2")
                .contains("from the identity file /home/ops/.hindsight/installation.json")
                .contains("HINDSIGHT_INSTALLATION_OVERRIDE=22222222-2222-2222-2222-222222222222")
                .contains("QUARKUS_DATASOURCE_JDBC_URL");
    }

    @Test
    void anEmptyDatabaseWhereDataWasIsRefused() {
        Verdict verdict = GuardDecision.decide(RECORDED, OTHER, true, null);

        assertThat(verdict.refused()).isTrue();
        assertThat(verdict.message()).contains("The database is empty (no incidents, no accounts; its installation row was just created), "
                + "but this installation had data.");
    }

    @Test
    void theSameInstallationEmptiedIsRefusedToo() {
        Verdict verdict = GuardDecision.decide(RECORDED, PRODUCTION, true, null);

        assertThat(verdict.refused()).isTrue();
        assertThat(verdict.message()).contains("The database is empty (no incidents, no accounts), but this installation had data.");
    }

    @Test
    void anEmptyDatabaseIsFineWhenNoDataWasExpected() {
        Expected neverHadData = new Expected(PRODUCTION, false, "the identity file x");

        assertThat(GuardDecision.decide(neverHadData, PRODUCTION, true, null).outcome()).isEqualTo(Outcome.MATCH);
    }

    @Test
    void anOverrideNamingTheFoundInstallationLetsItThrough() {
        Verdict verdict = GuardDecision.decide(RECORDED, OTHER, false, OTHER.id().toString().toUpperCase());

        assertThat(verdict.outcome()).isEqualTo(Outcome.OVERRIDDEN);
        assertThat(verdict.message()).contains("guard.override").contains(PRODUCTION.id().toString()).contains(OTHER.id().toString());
    }

    @Test
    void anOverrideNamingAnythingElseDoesNot() {
        for (String override : new String[] {"true", "yes", PRODUCTION.id().toString()}) {
            Verdict verdict = GuardDecision.decide(RECORDED, OTHER, false, override);

            assertThat(verdict.refused()).as(override).isTrue();
            assertThat(verdict.message()).contains("hindsight.installation.override is set to " + override + ", which is not the installation found");
        }
    }

    @Test
    void aConfiguredExpectationSaysToChangeTheConfiguration() {
        Expected configured = new Expected(new Identity(PRODUCTION.id(), null, null, null), false,
                "configuration: hindsight.installation.expected-id");

        Verdict verdict = GuardDecision.decide(configured, OTHER, false, null);

        assertThat(verdict.refused()).isTrue();
        assertThat(verdict.message()).contains("Expected: installation 11111111-1111-1111-1111-111111111111 (from configuration")
                .contains("change HINDSIGHT_INSTALLATION_EXPECTED_ID to " + OTHER.id());
    }

    @Test
    void anUnneededOverrideIsPointedOut() {
        assertThat(GuardDecision.decide(RECORDED, PRODUCTION, false, PRODUCTION.id().toString()).message())
                .contains("override is set but not needed");
    }
}
