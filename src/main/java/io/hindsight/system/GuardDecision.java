package io.hindsight.system;

import java.util.UUID;

/**
 * The wrong-database rule (SECURITY.md 28), as a pure function of what was expected and what was
 * found, so every case is tested without starting anything.
 */
public final class GuardDecision {

    private GuardDecision() {
    }

    /** An installation as seen: its row in a database, or the record of it. */
    public record Identity(UUID id, String name, String environment, String database) {

        String describe() {
            return "installation " + id + (name == null ? "" : " \"" + name + "\"")
                    + (environment == null ? "" : " (" + environment + ")") + (database == null ? "" : " on " + database);
        }
    }

    /** What this portal expects, and where that expectation comes from (configuration or the identity file). */
    public record Expected(Identity identity, boolean hadData, String source) {
    }

    public enum Outcome {
        /** Nothing expected yet: the first start of this portal, which records what it found. */
        FIRST_START,
        MATCH,
        /** A mismatch, let through by an override naming the installation found. */
        OVERRIDDEN,
        MISMATCH
    }

    public record Verdict(Outcome outcome, String message) {

        public boolean refused() {
            return outcome == Outcome.MISMATCH;
        }
    }

    /**
     * @param expected  null on the first start
     * @param found     the installation row of the database connected to
     * @param foundEmpty whether that database holds no incident and no account
     * @param override  hindsight.installation.override, or null
     */
    public static Verdict decide(Expected expected, Identity found, boolean foundEmpty, String override) {
        String overrideValue = override == null || override.isBlank() ? null : override.strip();
        if (expected == null) {
            return new Verdict(Outcome.FIRST_START, "First start on " + found.describe() + ": this portal remembers it as its installation.");
        }
        boolean otherInstallation = !expected.identity().id().equals(found.id());
        boolean emptyWhereDataWas = foundEmpty && expected.hadData();
        if (!otherInstallation && !emptyWhereDataWas) {
            String note = overrideValue == null ? "" : " hindsight.installation.override is set but not needed: remove it.";
            return new Verdict(Outcome.MATCH, "Connected to the expected " + found.describe() + "." + note);
        }
        String reason = emptyWhereDataWas
                ? "The database is empty (no incidents, no accounts" + (otherInstallation ? "; its installation row was just created" : "")
                  + "), but this installation had data."
                : "The database belongs to another installation.";
        String facts = "  Expected: " + expected.identity().describe() + (expected.hadData() ? ", which had data" : "")
                + " (from " + expected.source() + ")\n"
                + "  Found:    " + found.describe() + (foundEmpty ? ", empty" : "") + "\n";
        if (found.id().toString().equalsIgnoreCase(String.valueOf(overrideValue))) {
            return new Verdict(Outcome.OVERRIDDEN, "Starting on a database that is not the expected one, because "
                    + "hindsight.installation.override names the installation found. " + reason + "\n" + facts
                    + "The override is recorded in the audit log (guard.override); remove it once this start is done.");
        }
        String overrideNote = overrideValue == null ? ""
                : "hindsight.installation.override is set to " + overrideValue + ", which is not the installation found.\n";
        String remember = expected.source().startsWith("configuration")
                ? "and change HINDSIGHT_INSTALLATION_EXPECTED_ID to " + found.id()
                : "Hindsight then remembers it as this installation";
        return new Verdict(Outcome.MISMATCH, "Hindsight did not start: this is not the database it expects. " + reason + "\n" + facts
                + overrideNote
                + "What to do:\n"
                + "  - If the database is wrong, point QUARKUS_DATASOURCE_JDBC_URL (or HINDSIGHT_EMBEDDED_DB_DATA_DIR) at the right one "
                + "and start again.\n"
                + "  - If it is right (a restore, a move to a new server, a deliberate fresh start), start once with "
                + "HINDSIGHT_INSTALLATION_OVERRIDE=" + found.id() + " (it is logged and audited), " + remember + ".");
    }
}
