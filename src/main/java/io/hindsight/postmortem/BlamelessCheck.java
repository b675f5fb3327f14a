package io.hindsight.postmortem;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blameless check: finds wording in a postmortem that assigns blame or hides system causes ("human error",
 * "should have", "Bob forgot to", "careless", "if only", ...) and says, for each, why it hurts learning and how to
 * word it around the system instead.
 *
 * <p>The rules come from a data file so teams can tune them: by default
 * {@code src/main/resources/postmortem/blameless-rules.txt} (its header documents the format, see also
 * {@link #loadRules(Reader)}); pass your own with {@link #BlamelessCheck(List)}.
 *
 * <p>Only prose is checked: code spans and blocks, block quotes ({@code > ...}) and double-quoted log or message
 * quotations are ignored (the exact rule about quotes is in the rules file header and in {@code BlamelessProse}). Rules are matched sentence by
 * sentence.
 *
 * <p>A plain class, usable without Quarkus; as an application-scoped bean it is injectable. Instances are immutable
 * and thread-safe.
 */
@ApplicationScoped
public class BlamelessCheck {

    /** Classpath location of the default rules. */
    public static final String DEFAULT_RULES = "postmortem/blameless-rules.txt";

    private final List<BlamelessRule> rules;
    /** The sentence analysis run on sentences no rule flagged; {@code null} with custom rules only. */
    private final BlamelessClauses clauses;
    /** The statistical second opinion run on sentences neither flagged; {@code null} with custom rules only. */
    private final BlamelessSecondOpinion opinion;

    /** A blame word or phrase that is named only to be rejected, set aside or discussed (see {@link #mentions(String)}). */
    private static final String Q_OPEN = "[\"“'‘]";
    private static final String Q_CLOSE = "[\"”'’]";
    private static final String QUOTED = Q_OPEN + "[^\"“”\\n]{1,80}?" + Q_CLOSE;
    private static final Pattern MENTION = Pattern.compile(
            // a quoted label as the object of calling, labelling, writing or framing, set aside: "Calling this "human
            // error" hides…", "Instead of writing "the engineer made a mistake"…", "we stopped labelling it "carelessness""
            "(?:^|\\b(?:instead\\s+of|rather\\s+than|not|never|n['’]?t|stop(?:ped|s)?|avoid(?:s|ed|ing)?|without)\\s+)"
                    + "(?:call(?:ing)?|label(?:l?ing)?|writ(?:e|ing)|fram(?:e|ing)|describ(?:e|ing)|summari[sz](?:e|ing)|put(?:ting)?"
                    + "|dismiss(?:ing)?|chalk(?:ing)?\\s+(?:it|this)\\s+up\\s+to)\\s+(?:(?:this|it|that|the\\s+[\\w-]+|what\\s+happened)\\s+"
                    + "(?:down\\s+)?(?:as\\s+|to\\s+|an?\\s+)?)?" + QUOTED
                    // a quoted blame word that someone does not think, believe or accept explains anything
                    + "|\\b(?:do|does|did)\\s*(?:n['’]?t|\\s+not)\\s+(?:really\\s+)?(?:think|believe|accept|agree|buy\\s+(?:it|that))\\s+(?:that\\s+)?"
                    + "(?:" + QUOTED + "|[\\w-]+(?:\\s+[\\w-]+)?)\\s+(?:explains?|is|was|caused|tells|accounts\\s+for)\\b"
                    // a quoted blame phrase that is not an action item, a fix, a cause or an explanation
                    + "|" + QUOTED + "\\s+(?:is|was|are|were)\\s*(?:n['’]?t|\\s+not|\\s+never|\\s+no)\\s+(?:an?\\s+|the\\s+)?(?:real\\s+|useful\\s+|valid\\s+)?"
                    + "(?:action\\s+items?|fix|remedy|mitigation|root\\s+cause|cause|explanation|answer|lesson|finding|follow-?up|plan|control)\\b"
                    // blame attributed only to be denied: "we are explicitly not attributing this to operator error"
                    + "|\\b(?:not|never|n['’]?t)\\s+(?:\\w+ly\\s+)?(?:attribut(?:e|es|ed|ing)|put(?:ting)?\\s+(?:this|it)\\s+down|chalk(?:ing)?\\s+(?:this|it)\\s+up)"
                    + "\\s+(?:this|it|the\\s+[\\w-]+(?:\\s+[\\w-]+)?|what\\s+happened)\\s+to\\s+[^.;,]{1,40}?(?=\\s*(?:[.;,]|$))(?![^.;]*\\bbut\\b)"
                    // a hypothesis of blame that turned out wrong: "the first hypothesis, that someone "fat-fingered" the
                    // deploy, turned out to be wrong"
                    + "|\\b(?:hypothes[ie]s|theory|theories|guess|assumption|suspicion|rumou?r|first\\s+(?:read|impression|take)|claim|story)"
                    + "\\s*,?\\s*(?:was\\s+)?that\\s+[^.;]{1,120}?,?\\s+(?:turned\\s+out\\s+(?:to\\s+be\\s+)?|was\\s+(?:quickly\\s+)?|proved\\s+(?:to\\s+be\\s+)?"
                    + "|is\\s+)(?:wrong|false|unfounded|mistaken|incorrect|untrue|ruled\\s+out|disproved|disproven|dismissed|rejected|a\\s+dead\\s+end)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    /** The default rules ({@value #DEFAULT_RULES}) and the sentence analysis ({@value BlamelessClauses#DEFAULT_LEXICON}). */
    public BlamelessCheck() {
        this.rules = defaultRules();
        this.clauses = BlamelessClauses.defaults();
        this.opinion = BlamelessSecondOpinion.defaults(clauses);
    }

    /** Your own rules, e.g. from {@link #loadRules(Reader)}, and nothing else. Earlier rules win when two flag the same words. */
    public BlamelessCheck(List<BlamelessRule> rules) {
        this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        this.clauses = null;
        this.opinion = null;
    }

    /** Rules, sentence analysis and second opinion of your choice (either of the last two may be {@code null}). */
    BlamelessCheck(List<BlamelessRule> rules, BlamelessClauses clauses, BlamelessSecondOpinion opinion) {
        this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
        this.clauses = clauses;
        this.opinion = opinion;
    }

    /** The sentences of a Markdown text as the check reads them (prose only, quotations of logs blanked). */
    static List<String> sentences(String markdown) {
        List<String> sentences = new ArrayList<>();
        if (markdown == null || markdown.isBlank()) {
            return sentences;
        }
        for (BlamelessProse.Prose block : BlamelessProse.blocks(markdown)) {
            for (int[] sentence : block.sentences()) {
                sentences.add(block.scan().substring(sentence[0], sentence[1]));
            }
        }
        return sentences;
    }

    public List<BlamelessRule> rules() {
        return rules;
    }

    /**
     * Reads rules in the blameless rules format.
     *
     * @throws BlamelessRulesException when the text is not a valid rules file; the message names the line and rule
     */
    public static List<BlamelessRule> loadRules(Reader reader) {
        return loadRules(reader, "blameless rules");
    }

    /** As {@link #loadRules(Reader)}, naming the source (e.g. a file name) in error messages. */
    public static List<BlamelessRule> loadRules(Reader reader, String sourceName) {
        return BlamelessRulesFile.parse(reader, sourceName);
    }

    /** The rules shipped with Hindsight. */
    public static List<BlamelessRule> defaultRules() {
        InputStream in = BlamelessCheck.class.getClassLoader().getResourceAsStream(DEFAULT_RULES);
        if (in == null) {
            in = Thread.currentThread().getContextClassLoader().getResourceAsStream(DEFAULT_RULES);
        }
        if (in == null) {
            throw new IllegalStateException(DEFAULT_RULES + " is not on the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return loadRules(reader, DEFAULT_RULES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flags blaming wording in a Markdown text.
     *
     * @return findings in the order they appear, never two for overlapping words (the earlier, then the longer, then
     *         the rule listed first wins); empty for {@code null} or blank text
     */
    public List<BlamelessFinding> analyse(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return List.of();
        }
        List<Candidate> candidates = new ArrayList<>();
        for (BlamelessProse.Prose block : BlamelessProse.blocks(markdown)) {
            for (int[] sentence : block.sentences()) {
                String text = block.scan().substring(sentence[0], sentence[1]);
                int before = candidates.size();
                List<int[]> mentions = mentions(text);
                for (int r = 0; r < rules.size(); r++) {
                    match(markdown, block, sentence, text, r, mentions, candidates);
                }
                if (clauses != null && candidates.size() == before) {
                    analyseClauses(markdown, block, sentence, text, mentions, candidates);
                }
                // a sentence that mentions blame words to set them aside is not asked: it reads like blame to a model
                if (opinion != null && candidates.size() == before && mentions.isEmpty()) {
                    askSecondOpinion(markdown, block, sentence, text, candidates);
                }
            }
        }
        candidates.sort(Comparator.comparingInt((Candidate c) -> c.finding.start())
                .thenComparing(Comparator.comparingInt((Candidate c) -> c.finding.end()).reversed())
                .thenComparingInt(c -> c.rule));
        List<BlamelessFinding> findings = new ArrayList<>();
        int end = -1;
        for (Candidate candidate : candidates) {
            if (candidate.finding.start() >= end) {
                findings.add(candidate.finding);
                end = candidate.finding.end();
            }
        }
        return List.copyOf(findings);
    }

    /**
     * Spans of a sentence where blame words are mentioned, not used: named only to be rejected or discussed ("Calling
     * this "human error" hides…", "We don't think "carelessness" explains anything", ""Be more careful" is not an action
     * item", "we are not attributing this to operator error", a hypothesis that someone "fat-fingered" it that turned out
     * wrong). A finding of a rule or of the sentence analysis that lies inside one is dropped, with custom rules too (it
     * is part of reading a sentence, not a rule), and the second opinion is not asked about a sentence that has one.
     */
    static List<int[]> mentions(String sentence) {
        List<int[]> spans = new ArrayList<>();
        Matcher mention = MENTION.matcher(sentence);
        while (mention.find()) {
            spans.add(new int[]{mention.start(), mention.end()});
        }
        return spans;
    }

    private static boolean within(List<int[]> spans, int start, int end) {
        for (int[] span : spans) {
            if (span[0] <= start && end <= span[1]) {
                return true;
            }
        }
        return false;
    }

    private void match(String markdown, BlamelessProse.Prose block, int[] sentence, String text, int r, List<int[]> mentions,
            List<Candidate> into) {
        BlamelessRule rule = rules.get(r);
        Matcher matcher = rule.pattern().matcher(text);
        List<int[]> harmless = null;
        while (matcher.find()) {
            int from = matcher.start();
            int to = matcher.end();
            if (hasHitGroup(rule) && matcher.start("hit") >= 0) {
                from = matcher.start("hit");
                to = matcher.end("hit");
            }
            if (to <= from || within(mentions, from, to)) {
                continue;
            }
            if (rule.unless() != null) {
                if (harmless == null) {
                    harmless = new ArrayList<>();
                    Matcher unless = rule.unless().matcher(text);
                    while (unless.find()) {
                        harmless.add(new int[]{unless.start(), unless.end()});
                    }
                }
                if (overlaps(harmless, matcher.start(), matcher.end())) {
                    continue;
                }
            }
            int start = block.offsets()[sentence[0] + from];
            int end = block.offsets()[sentence[0] + to - 1] + 1;
            String shownSentence = block.plain().substring(sentence[0], sentence[1]).strip();
            into.add(new Candidate(r, new BlamelessFinding(rule.id(), markdown.substring(start, end), start, end,
                    rule.explanation(), rule.suggestion(), shownSentence)));
        }
    }

    /** The sentence analysis, for a sentence no rule flagged: at most one finding, listed after every rule. */
    private void analyseClauses(String markdown, BlamelessProse.Prose block, int[] sentence, String text, List<int[]> mentions,
            List<Candidate> into) {
        BlamelessClauses.Hit hit = clauses.analyse(text);
        if (hit == null || within(mentions, hit.start(), hit.end())) {
            return;
        }
        int start = block.offsets()[sentence[0] + hit.start()];
        int end = block.offsets()[sentence[0] + hit.end() - 1] + 1;
        String shownSentence = block.plain().substring(sentence[0], sentence[1]).strip();
        into.add(new Candidate(rules.size(), new BlamelessFinding(hit.kind(), markdown.substring(start, end), start, end,
                clauses.explanation(hit), clauses.suggestion(hit), shownSentence)));
    }

    /** The second opinion, for a sentence neither the rules nor the sentence analysis flagged: listed after both. */
    private void askSecondOpinion(String markdown, BlamelessProse.Prose block, int[] sentence, String text, List<Candidate> into) {
        BlamelessSecondOpinion.Hit hit = opinion.analyse(text);
        if (hit == null) {
            return;
        }
        int start = block.offsets()[sentence[0] + hit.start()];
        int end = block.offsets()[sentence[0] + hit.end() - 1] + 1;
        String shownSentence = block.plain().substring(sentence[0], sentence[1]).strip();
        into.add(new Candidate(rules.size() + 1, new BlamelessFinding(BlamelessSecondOpinion.RULE_ID,
                markdown.substring(start, end), start, end, opinion.explanation(hit), opinion.suggestion(hit), shownSentence)));
    }

    private static boolean hasHitGroup(BlamelessRule rule) {
        return rule.pattern().pattern().contains("(?<hit>");
    }

    private static boolean overlaps(List<int[]> spans, int start, int end) {
        for (int[] span : spans) {
            if (span[0] < end && span[1] > start || span[0] == span[1] && span[0] >= start && span[0] <= end) {
                return true;
            }
        }
        return false;
    }

    private record Candidate(int rule, BlamelessFinding finding) {
    }
}
