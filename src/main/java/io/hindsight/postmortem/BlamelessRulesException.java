package io.hindsight.postmortem;

/** A rules file for the blameless check that cannot be read; the message names the line and, if known, the rule. */
public class BlamelessRulesException extends IllegalArgumentException {

    private final int line;
    private final String ruleId;

    BlamelessRulesException(String source, int line, String ruleId, String problem) {
        super(source + " line " + line + (ruleId == null ? "" : " (rule [" + ruleId + "])") + ": " + problem);
        this.line = line;
        this.ruleId = ruleId;
    }

    /** The 1-based line the problem is on. */
    public int line() {
        return line;
    }

    /** The rule being read, or {@code null} when the problem is outside a rule. */
    public String ruleId() {
        return ruleId;
    }
}
