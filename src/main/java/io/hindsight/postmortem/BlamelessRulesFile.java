package io.hindsight.postmortem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the line-based rules format of the blameless check (the default file is
 * {@code src/main/resources/postmortem/blameless-rules.txt}, which documents the format at its top):
 *
 * <pre>
 * # a comment (a line whose first non-blank character is #)
 * &#64;define ROLE = (?:engineers?|developers?)     a named piece of regex, used as {{ROLE}} further down
 *
 * [rule-id]                                      starts a rule; ids are kebab-case and unique
 * pattern: \bhuman error\b                       required; Java regex, case-insensitive and Unicode
 * unless: \bhuman error is not\b                 optional, may repeat; suppresses overlapping matches
 * explanation: Why this wording hurts learning.  required
 * suggestion: A system-focused rewording prompt. required
 *     an indented line continues the value above: text is joined with one space,
 *     a pattern, unless or define is joined with nothing (leading blanks are dropped)
 * </pre>
 *
 * Anything else is an error naming the line and the rule.
 */
final class BlamelessRulesFile {

    private static final Pattern DEFINE = Pattern.compile("@define\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*(.*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final Pattern HEADER = Pattern.compile("\\[([^\\]]*)]\\s*");
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Set<String> KEYS = Set.of("pattern", "unless", "explanation", "suggestion");

    private final String source;
    private final Map<String, String> defines = new HashMap<>();
    private final Set<String> ids = new HashSet<>();
    private final List<BlamelessRule> rules = new ArrayList<>();
    private RuleDraft draft;
    /** The value an indented line continues: a key in {@link #draft}, or a define. */
    private Value open;
    private int lineNumber;

    private BlamelessRulesFile(String source) {
        this.source = source;
    }

    static List<BlamelessRule> parse(Reader reader, String source) {
        return new BlamelessRulesFile(source).read(reader);
    }

    private List<BlamelessRule> read(Reader reader) {
        try (BufferedReader lines = new BufferedReader(reader)) {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                readLine(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + source, e);
        }
        closeDefine();
        finishRule();
        if (rules.isEmpty()) {
            throw error(Math.max(lineNumber, 1), null, "no rules found; a rule starts with a line like [rule-id]");
        }
        return List.copyOf(rules);
    }

    private void readLine(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
            closeDefine();
            open = null;
            return;
        }
        if (trimmed.startsWith("#")) {
            return;
        }
        if (Character.isWhitespace(line.charAt(0))) {
            if (open == null) {
                throw error(lineNumber, ruleId(), "an indented line continues the value above it, but there is none"
                        + " (a blank line or a [rule] header ends a value)");
            }
            open.append(trimmed);
            return;
        }
        closeDefine();
        if (trimmed.startsWith("@define")) {
            finishRule();
            Matcher define = DEFINE.matcher(trimmed);
            if (!define.matches()) {
                throw error(lineNumber, null, "expected '@define NAME = regex' (NAME in capitals, digits and _)");
            }
            if (defines.containsKey(define.group(1))) {
                throw error(lineNumber, null, "{{" + define.group(1) + "}} is already defined");
            }
            open = new Value(define.group(1), lineNumber, true);
            open.append(define.group(2));
            return;
        }
        if (trimmed.startsWith("[")) {
            finishRule();
            Matcher header = HEADER.matcher(trimmed);
            if (!header.matches()) {
                throw error(lineNumber, null, "a rule header is [rule-id] on a line of its own");
            }
            String id = header.group(1).strip();
            if (!RULE_ID.matcher(id).matches()) {
                throw error(lineNumber, id.isEmpty() ? null : id, "rule id '" + id + "' is not kebab-case (a-z, 0-9 and single hyphens)");
            }
            if (!ids.add(id)) {
                throw error(lineNumber, id, "a rule with this id already exists");
            }
            draft = new RuleDraft(id, lineNumber);
            open = null;
            return;
        }
        int colon = trimmed.indexOf(':');
        if (colon <= 0) {
            throw error(lineNumber, ruleId(), "expected 'key: value', '[rule-id]' or '@define NAME = regex'");
        }
        String key = trimmed.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        if (!KEYS.contains(key)) {
            throw error(lineNumber, ruleId(), "unknown key '" + key + "'; expected pattern, unless, explanation or suggestion");
        }
        if (draft == null) {
            throw error(lineNumber, null, "'" + key + "' outside a rule; start a rule with a line like [rule-id]");
        }
        open = draft.start(key, lineNumber);
        open.append(trimmed.substring(colon + 1).strip());
    }

    private void closeDefine() {
        if (open != null && open.define) {
            String regex = expand(open.text.toString(), open.line, null);
            if (regex.isEmpty()) {
                throw error(open.line, null, "{{" + open.key + "}} is empty");
            }
            compile(regex, open.line, null);
            defines.put(open.key, regex);
            open = null;
        }
    }

    private void finishRule() {
        if (draft == null) {
            return;
        }
        RuleDraft rule = draft;
        draft = null;
        open = null;
        for (String key : List.of("pattern", "explanation", "suggestion")) {
            if (rule.values.stream().noneMatch(v -> v.key.equals(key) && !v.text.isEmpty())) {
                throw error(rule.line, rule.id, "the rule has no " + key);
            }
        }
        Pattern pattern = null;
        List<String> unless = new ArrayList<>();
        String explanation = null;
        String suggestion = null;
        for (Value value : rule.values) {
            switch (value.key) {
                case "pattern" -> {
                    pattern = compile(expand(value.text.toString(), value.line, rule.id), value.line, rule.id);
                    if (pattern.matcher("").matches()) {
                        throw error(value.line, rule.id, "the pattern matches empty text, so it would flag nothing useful");
                    }
                }
                case "unless" -> {
                    String regex = expand(value.text.toString(), value.line, rule.id);
                    if (regex.isEmpty()) {
                        throw error(value.line, rule.id, "unless is empty");
                    }
                    compile(regex, value.line, rule.id);
                    unless.add("(?:" + regex + ")");
                }
                case "explanation" -> explanation = value.text.toString();
                case "suggestion" -> suggestion = value.text.toString();
                default -> throw new IllegalStateException(value.key);
            }
        }
        Pattern unlessPattern = unless.isEmpty() ? null : compile(String.join("|", unless), rule.line, rule.id);
        rules.add(new BlamelessRule(rule.id, pattern, explanation, suggestion, unlessPattern));
    }

    private String expand(String regex, int line, String id) {
        Matcher placeholder = PLACEHOLDER.matcher(regex);
        StringBuilder expanded = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String value = defines.get(name);
            if (value == null) {
                throw error(line, id, "{{" + name + "}} is not defined (define it above with '@define " + name + " = regex')");
            }
            placeholder.appendReplacement(expanded, Matcher.quoteReplacement("(?:" + value + ")"));
        }
        placeholder.appendTail(expanded);
        return expanded.toString();
    }

    private Pattern compile(String regex, int line, String id) {
        try {
            return Pattern.compile(regex, BlamelessRule.FLAGS);
        } catch (PatternSyntaxException e) {
            throw error(line, id, "invalid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near \"" + around(regex, e.getIndex()) + "\"" : ""));
        }
    }

    private static String around(String regex, int index) {
        return regex.substring(Math.max(0, index - 15), Math.min(regex.length(), index + 15));
    }

    private String ruleId() {
        return draft == null ? null : draft.id;
    }

    private BlamelessRulesException error(int line, String id, String problem) {
        return new BlamelessRulesException(source, line, id, problem);
    }

    private final class RuleDraft {
        final String id;
        final int line;
        final List<Value> values = new ArrayList<>();

        RuleDraft(String id, int line) {
            this.id = id;
            this.line = line;
        }

        Value start(String key, int line) {
            if (!key.equals("unless") && values.stream().anyMatch(v -> v.key.equals(key))) {
                throw error(line, id, "'" + key + "' given twice (only 'unless' may repeat;"
                        + " continue a long value on indented lines)");
            }
            Value value = new Value(key, line, false);
            values.add(value);
            return value;
        }
    }

    private static final class Value {
        final String key;
        final int line;
        final boolean define;
        final StringBuilder text = new StringBuilder();

        Value(String key, int line, boolean define) {
            this.key = key;
            this.line = line;
            this.define = define;
        }

        boolean isRegex() {
            return define || key.equals("pattern") || key.equals("unless");
        }

        void append(String part) {
            if (!isRegex() && !text.isEmpty() && !part.isEmpty()) {
                text.append(' ');
            }
            text.append(part);
        }
    }
}
