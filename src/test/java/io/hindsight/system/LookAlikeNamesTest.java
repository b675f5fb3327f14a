package io.hindsight.system;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which database names look like ours: the demo story's trap, without a server. */
class LookAlikeNamesTest {

    @Test
    void namesThatDifferByASeparatorANumberOrATypoLookAlike() {
        assertTrue(LookAlikeDatabases.looksAlike("hindsight", "hindsight_2"));
        assertTrue(LookAlikeDatabases.looksAlike("hindsight-prod", "hindsight_prod"));
        assertTrue(LookAlikeDatabases.looksAlike("hindsight_prod", "HINDSIGHT-PROD"));
        assertTrue(LookAlikeDatabases.looksAlike("hindsight", "hinsdight"));
        assertTrue(LookAlikeDatabases.looksAlike("hindsight", "hindsight_2024"));
        assertTrue(LookAlikeDatabases.looksAlike("hindsight", "hindsight_old"));
        assertTrue(LookAlikeDatabases.looksAlike("hindsight_test", "hindsight_test_2"));
    }

    @Test
    void differentNamesDoNot() {
        assertFalse(LookAlikeDatabases.looksAlike("hindsight", "postgres"));
        assertFalse(LookAlikeDatabases.looksAlike("hindsight", "billing"));
        assertFalse(LookAlikeDatabases.looksAlike("hindsight", "hindsight_analytics"));
        assertFalse(LookAlikeDatabases.looksAlike("app", "app_users"));
    }
}
