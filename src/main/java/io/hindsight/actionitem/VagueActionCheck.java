package io.hindsight.actionitem;

import io.quarkus.qute.TemplateExtension;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Advice on an action item whose title has no measurable outcome ("Improve monitoring", "Be more careful", "Look into
 * the database"): nobody can tell when such an item is done, so it tends to stay open, or to be closed without
 * anything having changed. The check only advises; it never refuses an item.
 *
 * <p>It is three explainable rules, tried in order:
 * <ol>
 *   <li><b>try-harder</b>: the title asks people to be more careful, vigilant or attentive, to pay more attention or
 *       to remember to do something. Flagged whatever else it says: a hope is not a change.</li>
 *   <li><b>vague-verb</b>: the title opens with a verb that names an activity rather than a result ("improve", "look
 *       into", "investigate", "review", "revisit", "consider", "clean up", ...), or with a comparative noun phrase
 *       ("better testing", "more monitoring", "improved alerting").</li>
 *   <li><b>generic-object</b>: a concrete verb with nothing concrete to act on ("Fix issue", "Address the problem").</li>
 * </ol>
 * Rules 2 and 3 stay quiet when the title already says how to tell it is done: a number ("30 s", "99.9%", "2
 * approvals"), a trigger or condition ("when", "if", "before", "within", "every", "so that", "automatically") or a
 * comparison ("exceeds", "above", "at least", "no more than").
 *
 * <p>In templates, {@code {item.advice}} is the advice on a stored item's title, or nothing.
 */
public final class VagueActionCheck {

    /** The advice, whatever the rule: what every piece of advice opens with. */
    public static final String HARD_TO_TELL = "This may be hard to tell when it is done:";

    /**
     * Why an action item's title may be hard to close, and how to word it instead.
     *
     * @param rule       the rule that matched: {@code try-harder}, {@code vague-verb} or {@code generic-object}
     * @param phrase     the words that made it vague, as written in the title
     * @param suggestion what to say instead, with an example ("say what will be different, e.g. ...")
     * @param why        why that wording is hard to act on
     */
    public record Advice(String rule, String phrase, String suggestion, String why) {

        /** {@value #HARD_TO_TELL} */
        public String headline() {
            return HARD_TO_TELL;
        }

        /** The advice in one line: {@value #HARD_TO_TELL}, the suggestion, then why. */
        public String message() {
            return HARD_TO_TELL + " " + suggestion + " " + why;
        }
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

    /** Asking people to be better instead of changing the system. */
    private static final Pattern TRY_HARDER = Pattern.compile(
            "\\b(?:be(?:ing)?\\s+(?:more\\s+|extra\\s+|very\\s+|much\\s+more\\s+)?(?:careful|vigilant|attentive|diligent|cautious|aware)"
                    + "|(?:more|extra)\\s+(?:careful|vigilant|attentive|diligent|cautious)"
                    + "|pay(?:ing)?\\s+(?:more\\s+|closer\\s+|better\\s+|extra\\s+)?attention"
                    + "|(?:remember|don['’]t\\s+forget|do\\s+not\\s+forget|try\\s+not\\s+to\\s+forget)\\s+to"
                    + "|try\\s+harder|take\\s+more\\s+care|double-?check\\s+(?:everything|more|carefully))\\b", FLAGS);

    /** Opening words that name an activity, not a result. Optional leading "we should", "need to", "TODO:". */
    private static final Pattern VAGUE_OPENING = Pattern.compile(
            "^(?:(?:todo|action(?:\\s+item)?|follow[- ]up|ai)\\s*[:\\-–—]\\s*)?"
                    + "(?:(?:we|the\\s+team|someone)\\s+(?:should|must|need\\s+to|will)\\s+|(?:need|needs)\\s+to\\s+|should\\s+|let['’]s\\s+)?"
                    + "(?<phrase>(?:improve|enhance|optimi[sz]e|strengthen|harden|look\\s+(?:into|at)|investigate|research|explore"
                    + "|review|revisit|reconsider|consider|think\\s+about|discuss|talk\\s+about|evaluate|assess|analy[sz]e|examine"
                    + "|understand|figure\\s+out|clean\\s+up|tidy\\s+up|work\\s+on|follow\\s+up(?:\\s+on)?|sort\\s+out|tackle"
                    + "|deal\\s+with|check\\s+(?:on|into)|keep\\s+an\\s+eye\\s+on|monitor\\s+(?:more|better|closely)"
                    + "|make\\s+(?:it|things|\\w+)\\s+(?:better|more\\s+\\w+|safer|faster|robust|reliable|stable))"
                    + "|(?:better|more|improved|enhanced|increased|additional|further|extra|proper|stronger|smarter|tighter"
                    + "|clearer|less)\\s+[\\w-]+)\\b", FLAGS);

    /** A concrete verb with nothing concrete to act on. */
    private static final Pattern GENERIC_OBJECT = Pattern.compile(
            "^(?<phrase>(?:fix|address|resolve|handle|solve|prevent|avoid|mitigate|stop)\\s+(?:the\\s+|this\\s+|that\\s+|these\\s+|"
                    + "such\\s+|any\\s+|all\\s+|future\\s+|similar\\s+|recurring\\s+)*"
                    + "(?:issues?|problems?|bugs?|it|this|things|stuff|root\\s+cause|incidents?|outages?|errors?|failures?"
                    + "|recurrence|(?:the\\s+)?same))\\s*[.!]?$", FLAGS);

    /** What makes a title measurable: a number, a trigger or condition, a comparison. */
    private static final Pattern OUTCOME = Pattern.compile(
            "\\d|\\b(?:when|whenever|if|unless|before|after|until|within|once|every|each|per|daily|weekly|monthly|nightly"
                    + "|hourly|quarterly|yearly|automatically|so\\s+that|so\\s+it|instead\\s+of|exceeds?|above|below"
                    + "|at\\s+least|at\\s+most|no\\s+more\\s+than|fewer\\s+than|less\\s+than|more\\s+than)\\b", FLAGS);

    private static final List<Rule> RULES = List.of(
            new Rule("try-harder", TRY_HARDER, false,
                    "say what will be different, e.g. 'Ask for confirmation before dropping a table in production'.",
                    "Asking people to try harder is a hope, not a change: it does not last past a busy night."),
            new Rule("vague-verb", VAGUE_OPENING, true,
                    "say what will be different, e.g. 'Alert when replication lag exceeds 30 s for 5 min'.",
                    "The title names an activity, not a result."),
            new Rule("generic-object", GENERIC_OBJECT, true,
                    "say what will be different, e.g. 'Retry the payment call once after a timeout'.",
                    "The title does not say what will be changed."));

    private VagueActionCheck() {
    }

    /** Advice on an action item title, or empty when the title says how to tell it is done. */
    public static Optional<Advice> advise(String title) {
        if (title == null || title.isBlank()) {
            return Optional.empty();
        }
        String text = title.strip();
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern.matcher(text);
            if (matcher.find() && !(rule.quietWithOutcome && OUTCOME.matcher(text).find())) {
                String phrase = rule.pattern.pattern().contains("(?<phrase>") ? matcher.group("phrase") : matcher.group();
                return Optional.of(new Advice(rule.id, phrase, rule.suggestion, rule.why));
            }
        }
        return Optional.empty();
    }

    /** {@code {item.advice}}: the advice on a stored item's title, or {@code null}. */
    @TemplateExtension
    static Advice advice(ActionItem item) {
        return advise(item.title).orElse(null);
    }

    private record Rule(String id, Pattern pattern, boolean quietWithOutcome, String suggestion, String why) {
    }
}
