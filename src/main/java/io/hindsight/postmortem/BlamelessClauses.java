package io.hindsight.postmortem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second pass of the blameless check: reads a sentence as (who, what is said about them) instead of matching
 * wording. It finds the people in the sentence (pronouns, role words, names; never "we"), and flags the sentence when
 * what is attached to a person belongs to a word class of {@code postmortem/blameless-lexicon.txt}:
 * <ul>
 *   <li>{@code person-failure}: a failure or negligence verb with the person as subject ("Gareth ignored the
 *       checklist", "the person who wrote this script failed to", "was rushed by the deploying engineer");</li>
 *   <li>{@code person-judgement}: a judgement of character or competence ("the SRE was careless", "an engineer's
 *       poor judgement", "Dmitri carelessly deleted");</li>
 *   <li>{@code counterfactual}: the person measured against what did not happen ("she should've", "had Omar not",
 *       "if Chloe had");</li>
 *   <li>{@code blame-attribution}: the incident laid at a person's door ("the blame lies with the data team", "the
 *       outage is on Kevin", "because of the DBA");</li>
 *   <li>{@code mock-praise}: blame as a joke ("Great job, Lakshmi, approving your own pull request").</li>
 * </ul>
 * A system as the subject ("the job failed to start", "the alert was ignored") is not a person, so it is not flagged.
 * Each finding names the person and the words that judged them, and offers a rewording prompt. Plain and local: word
 * lists and a left-to-right reading of the tokens, no model and no service.
 */
final class BlamelessClauses {

    static final String DEFAULT_LEXICON = "postmortem/blameless-lexicon.txt";

    /** A word of a sentence, lower-cased, apostrophes as ' and contractions split into their parts. */
    record Token(String word, int start, int end, boolean capitalised, boolean punctuation) {

        Token(String word, int start, int end, boolean capitalised, boolean punctuation, boolean unused) {
            this(word, start, end, capitalised, punctuation);
        }
    }

    /** What the pass found in a sentence: a kind of finding, the flagged span in the sentence and the person named. */
    record Hit(String kind, int start, int end, String who, String what) {
    }

    private enum Who { SINGLE, NAME, ROLE, TEAM, NOT_BLAMED }

    private record Person(int from, int to, Who who) {
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:[-'’.][\\p{L}\\p{N}]+)*['’]?|[,;:()—–]|(?<![\\p{L}\\p{N}])-(?=\\s)");
    private static final Map<String, String[]> CONTRACTIONS = Map.ofEntries(
            Map.entry("shouldve", new String[]{"should", "have"}), Map.entry("couldve", new String[]{"could", "have"}),
            Map.entry("wouldve", new String[]{"would", "have"}), Map.entry("mightve", new String[]{"might", "have"}),
            Map.entry("shouldnt", new String[]{"should", "not"}), Map.entry("couldnt", new String[]{"could", "not"}),
            Map.entry("wouldnt", new String[]{"would", "not"}), Map.entry("didnt", new String[]{"did", "not"}),
            Map.entry("doesnt", new String[]{"does", "not"}), Map.entry("wasnt", new String[]{"was", "not"}),
            Map.entry("werent", new String[]{"were", "not"}), Map.entry("isnt", new String[]{"is", "not"}),
            Map.entry("hadnt", new String[]{"had", "not"}), Map.entry("hasnt", new String[]{"has", "not"}),
            Map.entry("cant", new String[]{"can", "not"}), Map.entry("wont", new String[]{"will", "not"}),
            Map.entry("can't", new String[]{"can", "not"}), Map.entry("won't", new String[]{"will", "not"}),
            Map.entry("shan't", new String[]{"shall", "not"}));
    private static final Set<String> LY_NOT_ADVERB = Set.of("only", "early", "family", "supply", "apply", "reply", "rely",
            "fly", "ally", "italy", "july", "holy", "belly", "bully", "daily", "weekly", "monthly", "hourly", "nightly",
            "assembly", "anomaly", "emily", "kelly", "sally", "molly", "polly", "billy", "lily", "ely", "rally", "jolly",
            "friendly", "likely", "unlikely", "timely", "costly", "lonely", "lovely", "ugly", "silly", "elderly", "orderly",
            "multiply", "comply", "quarterly", "yearly", "tally", "dolly", "holly", "wholly");
    private static final Set<String> CLAUSE_BREAK = Set.of(";", ":", "—", "–", "because", "but", "so", "when", "while",
            "after", "before", "since", "although", "though", "if", "unless", "until", "and", "or", "which", "whereas",
            "however", "then", "once", "as");
    private static final Set<String> DETERMINER = Set.of("the", "a", "an", "our", "their", "his", "her", "that", "this",
            "one", "another", "some", "two", "several", "every", "each", "any", "whichever", "which", "its", "my", "your");
    private static final Set<String> BE = Set.of("is", "was", "are", "were", "be", "been", "being", "'s", "am", "seems",
            "seemed", "looked", "looks", "appeared", "appears", "became", "becomes", "got", "gets", "get", "felt", "remains",
            "remained", "stayed", "proved", "proves");
    /** Words that end a role phrase going back: "the runbook asks | engineers", "relying on | people". */
    private static final Set<String> NOT_A_MODIFIER = Set.of("asks", "asked", "ask", "tells", "told", "tell", "requires",
            "required", "lets", "let", "allows", "allowed", "makes", "made", "needs", "needed", "expects", "expected", "forces",
            "forced", "helps", "helped", "gives", "gave", "shows", "showed", "sends", "sent", "pages", "paged", "wakes", "woke",
            "reminds", "reminded", "warns", "warned", "notifies", "notified", "leaves", "left", "gets", "got", "has", "had",
            "have", "relying", "relies", "rely", "to", "for", "of", "with", "by", "from", "that", "who", "whom", "which", "in",
            "on", "at", "not", "no", "than", "like", "about", "into", "onto", "over", "under", "via", "per", "without");
    private static final Set<String> WE = Set.of("we", "us", "our", "ours", "ourselves", "it", "they", "them", "their");
    private static final Set<String> NEGATIVE_PERSON = Set.of("nobody", "noone", "no-one", "none");

    private final Map<String, Set<String>> words = new HashMap<>();
    /** Per word class, its phrases by their first word. */
    private final Map<String, Map<String, List<String[]>>> phrases = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();

    private BlamelessClauses() {
    }

    static BlamelessClauses defaults() {
        InputStream in = BlamelessClauses.class.getClassLoader().getResourceAsStream(DEFAULT_LEXICON);
        if (in == null) {
            throw new IllegalStateException(DEFAULT_LEXICON + " is not on the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BlamelessClauses read(Reader reader) throws IOException {
        BlamelessClauses lexicon = new BlamelessClauses();
        Map<String, StringBuilder> values = new HashMap<>();
        StringBuilder open = null;
        try (BufferedReader lines = new BufferedReader(reader)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    open = trimmed.isEmpty() ? null : open;
                    continue;
                }
                if (Character.isWhitespace(line.charAt(0))) {
                    if (open == null) {
                        throw new IllegalStateException(DEFAULT_LEXICON + " line " + number + ": nothing to continue");
                    }
                    open.append(' ').append(trimmed);
                    continue;
                }
                int colon = trimmed.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalStateException(DEFAULT_LEXICON + " line " + number + ": expected 'name: entries'");
                }
                open = new StringBuilder(trimmed.substring(colon + 1).strip());
                values.put(trimmed.substring(0, colon).strip(), open);
            }
        }
        values.forEach((name, value) -> {
            if (name.startsWith("explain.") || name.startsWith("suggest.")) {
                lexicon.texts.put(name, value.toString().replaceAll("\\s+", " "));
                return;
            }
            Set<String> single = new HashSet<>();
            List<String[]> multi = new ArrayList<>();
            for (String entry : value.toString().split(",")) {
                // "*" (any one word) is not a word to the tokenizer: carried through as a placeholder
                String[] parts = tokenWords(entry.strip().toLowerCase(Locale.ROOT).replace("*", "anyoneword"));
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = parts[i].equals("anyoneword") ? "*" : parts[i];
                }
                if (parts.length == 1) {
                    single.add(parts[0]);
                }
                if (parts.length > 0) {
                    multi.add(parts);
                }
            }
            lexicon.words.put(name, single);
            Map<String, List<String[]>> byFirst = new HashMap<>();
            for (String[] phrase : multi) {
                byFirst.computeIfAbsent(phrase[0], w -> new ArrayList<>()).add(phrase);
            }
            lexicon.phrases.put(name, byFirst);
        });
        return lexicon;
    }

    String explanation(Hit hit) {
        return fill(texts.get("explain." + hit.kind()), hit);
    }

    String suggestion(Hit hit) {
        return fill(texts.get("suggest." + hit.kind()), hit);
    }

    private static String fill(String text, Hit hit) {
        if (text == null) {
            throw new IllegalStateException("no text for " + hit.kind() + " in " + DEFAULT_LEXICON);
        }
        return text.replace("{who}", hit.who()).replace("{what}", hit.what());
    }

    private static String[] tokenWords(String text) {
        List<String> out = new ArrayList<>();
        for (Token token : tokenize(text)) {
            out.add(token.word());
        }
        return out.toArray(String[]::new);
    }

    /** Words and clause punctuation of a sentence, with offsets into it; contractions split into their parts. */
    static List<Token> tokenize(String sentence) {
        List<Token> tokens = new ArrayList<>();
        Matcher matcher = WORD.matcher(sentence);
        while (matcher.find()) {
            String raw = matcher.group();
            int start = matcher.start();
            int end = matcher.end();
            boolean punctuation = !Character.isLetterOrDigit(raw.charAt(0));
            // a name is written Xxx: "SDK", "QA" and "CRD" are not names
            boolean capitalised = Character.isUpperCase(raw.charAt(0)) && raw.length() > 1 && Character.isLowerCase(raw.charAt(1));
            String word = raw.toLowerCase(Locale.ROOT).replace('’', '\'');
            if (word.endsWith("'")) {
                // "engineers'" (plural possessive): the word, then a possessive
                tokens.add(new Token(word.substring(0, word.length() - 1), start, end - 1, capitalised, false));
                tokens.add(new Token("'s", end - 1, end, false, false));
                continue;
            }
            String[] expanded = CONTRACTIONS.get(word);
            if (expanded != null) {
                tokens.add(new Token(expanded[0], start, end, capitalised, false));
                tokens.add(new Token(expanded[1], start, end, false, false));
                continue;
            }
            int apostrophe = word.lastIndexOf('\'');
            if (apostrophe > 0 && !punctuation) {
                String head = word.substring(0, apostrophe);
                String tail = word.substring(apostrophe);
                String part = switch (tail) {
                    case "'ve" -> "have";
                    case "'ll" -> "will";
                    case "'re" -> "are";
                    case "'m" -> "am";
                    case "'d" -> "had";
                    case "'s" -> "'s";
                    case "'t" -> "not";
                    default -> null;
                };
                if (part != null) {
                    if (tail.equals("'t")) {
                        head = head.endsWith("n") ? head.substring(0, head.length() - 1) : head;
                        head = head.equals("ca") ? "can" : head.equals("wo") ? "will" : head;
                    }
                    int split = start + apostrophe;
                    tokens.add(new Token(head, start, split, capitalised, false));
                    tokens.add(new Token(part, split, end, false, false));
                    continue;
                }
            }
            tokens.add(new Token(word, start, end, capitalised, punctuation));
        }
        return tokens;
    }

    /** The first blaming reading found in a sentence, or {@code null}. */
    Hit analyse(String sentence) {
        List<Token> tokens = tokenize(sentence);
        if (tokens.isEmpty()) {
            return null;
        }
        Hit hit = mockPraise(sentence, tokens);
        if (hit == null) {
            hit = attribution(sentence, tokens);
        }
        if (hit == null) {
            hit = possessiveJudgement(sentence, tokens);
        }
        if (hit == null) {
            hit = counterfactual(sentence, tokens);
        }
        if (hit == null) {
            hit = predicates(sentence, tokens);
        }
        if (hit == null) {
            hit = rhetoricalQuestion(sentence, tokens);
        }
        if (hit == null) {
            hit = judgedInPassing(sentence, tokens);
        }
        if (hit == null) {
            hit = veiledRemark(sentence, tokens);
        }
        return hit;
    }

    // ------------------------------------------------------------------------------------------ for the second opinion

    /**
     * Who token {@code k} is, read as the head of a person phrase: {@code name}, {@code role}, {@code single} (a pronoun
     * such as "she" or "someone"), {@code team} ("we", "they", "it") or {@code not-blamed} ("no engineer", users);
     * {@code null} when it is not a person. Used by {@link BlamelessSecondOpinion} for its features.
     */
    String personAt(List<Token> tokens, int k) {
        Person person = personEndingAt(tokens, k);
        return person == null || person.to() != k + 1 ? null : person.who().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The word classes of the lexicon ({@code failure-verb}, {@code judgement-adjective}, ...) that list this one word. */
    List<String> classesOf(String word) {
        List<String> classes = new ArrayList<>();
        words.forEach((name, entries) -> {
            if (entries.contains(word)) {
                classes.add(name);
            }
        });
        classes.sort(null);
        return classes;
    }

    // ------------------------------------------------------------------------------------------ people

    private boolean in(String wordClass, String word) {
        return words.get(wordClass).contains(word);
    }

    /** The person whose phrase ends at token {@code k} (its head), or {@code null}. */
    private Person personEndingAt(List<Token> tokens, int k) {
        if (k < 0 || k >= tokens.size()) {
            return null;
        }
        Token token = tokens.get(k);
        if (token.punctuation()) {
            return null;
        }
        String word = token.word();
        Person singled = singledOutEndingAt(tokens, k);
        if (singled != null) {
            return singled;
        }
        if (WE.contains(word)) {
            return new Person(k, k + 1, Who.TEAM);
        }
        if (in("person-pronoun", word)) {
            return new Person(k, k + 1, Who.SINGLE);
        }
        if (isRole(tokens, k)) {
            int from = k;
            int modifiers = 0;
            while (from > 0 && modifiers < 3) {
                Token before = tokens.get(from - 1);
                if (before.punctuation() || CLAUSE_BREAK.contains(before.word()) || BE.contains(before.word())
                        || NOT_A_MODIFIER.contains(before.word())) {
                    break;
                }
                from--;
                if (DETERMINER.contains(before.word()) || before.word().equals("'s")) {
                    break;
                }
                modifiers++;
            }
            String determiner = tokens.get(from).word();
            // "the networking folks" are a team; "folks" alone are often the users
            boolean notBlamed = in("not-blamed-role", word) && !(word.equals("folks") && from < k && !DETERMINER.contains(tokens.get(k - 1).word())) || Set.of("no", "any", "every", "each", "none").contains(determiner)
                    || from > 0 && Set.of("no", "not", "any", "every", "each").contains(tokens.get(from - 1).word())
                    && !(from > 1 && Set.of("should", "could", "would", "did", "does")
                    .contains(tokens.get(from - 2).word()));
            return new Person(from, k + 1, notBlamed ? Who.NOT_BLAMED : Who.ROLE);
        }
        if (isName(tokens, k)) {
            return new Person(k, k + 1, Who.NAME);
        }
        return null;
    }

    private boolean isRole(List<Token> tokens, int k) {
        String word = tokens.get(k).word();
        if (!in("role", word)) {
            if (word.equals("call") && k > 0 && tokens.get(k - 1).word().equals("on") && k > 1
                    && in("role", tokens.get(k - 2).word())) {
                return true;
            }
            return false;
        }
        if (word.startsWith("operator") && tokens.stream().anyMatch(t -> t.word().startsWith("crd") || t.word().startsWith("reconcil"))) {
            return false;
        }
        if (k > 0) {
            String before = tokens.get(k - 1).word();
            if (in("function-role", word) && (in("tech-modifier", before) || in("product", before) || before.endsWith("-based"))) {
                return false;
            }
        }
        // "the team's dashboard", "the on-call rotation": a role word used as a modifier is not the head
        if (k + 1 < tokens.size()) {
            Token after = tokens.get(k + 1);
            if (!after.punctuation() && (in("system-noun", after.word()) || in("role", after.word()))
                    && !after.word().equals("it") && !after.word().equals("this") && !after.word().equals("that")) {
                return false;
            }
        }
        return true;
    }

    private boolean isName(List<Token> tokens, int k) {
        Token token = tokens.get(k);
        String word = token.word();
        if (!token.capitalised() || word.length() < 2 || !Character.isLetter(word.charAt(0))) {
            return false;
        }
        String stem = word.endsWith("'s") ? word.substring(0, word.length() - 2) : word;
        if (in("not-a-name", stem) || in("product", stem) || in("system-noun", stem) || in("role", stem)
                || in("system-noun", singular(stem)) || in("not-a-name", singular(stem))) {
            return false;
        }
        if (stem.chars().anyMatch(Character::isDigit) || stem.contains(".")) {
            return false;
        }
        if (k > 0 && DETERMINER.contains(tokens.get(k - 1).word()) && !(tokens.get(k - 1).word().equals("that") && verbAfterThatName(tokens, k + 1))) {
            return false;
        }
        // a capitalised word after another one is a product or team name ("Release Manager", "Data Platform") unless
        // it reads as a surname ("Jane Doe")
        if (k + 1 < tokens.size() && tokens.get(k + 1).capitalised() && !tokens.get(k + 1).punctuation()
                && !in("not-a-name", tokens.get(k + 1).word()) && !looksLikeTwoPartName(tokens, k)) {
            return false;
        }
        if (k == 0 || isSentenceStart(tokens, k)) {
            // "Kemal screwed ...", "Anders turned a blind eye": a name of that shape, read by what follows it
            return !commonNounShape(stem) || !stem.matches(".*(?:tion|sion|ment|ness|ity|ism|ogy|ics|ure|ency|ance|ware|age|ing|ies|ly|ive|ous|ble|ful|less)")
                    && verbAfterName(tokens, k + 1);
        }
        return true;
    }

    /** A failure verb right after a name, past adverbs such as "keeps" or "just". */
    private boolean verbAfterName(List<Token> tokens, int from) {
        for (int k = from; k < tokens.size() && k - from <= 2; k++) {
            if ((k > from || !tokens.get(k).word().endsWith("ing")) && matchAt("failure-verb", tokens, k) > 0) {
                return true;
            }
            if (!in("skip", tokens.get(k).word())) {
                return false;
            }
        }
        return false;
    }

    /** "(suggest) that Farah ask", "(is) that Rahul cannot read": a verb after the word, so it is a name, not "that Kafka". */
    private boolean verbAfterThatName(List<Token> tokens, int next) {
        if (next >= tokens.size() || tokens.get(next).punctuation() || tokens.get(next).capitalised()) {
            return false;
        }
        String word = tokens.get(next).word();
        // not a modal: "we wrote that Victor \"should have caught it\"" reports words set aside
        return BE.contains(word) || Set.of("has", "had", "have", "can", "cannot", "did", "does", "do", "ask", "asks", "read", "reads", "pair", "pairs", "check", "checks", "take", "takes", "never", "always")
                .contains(word) || word.endsWith("ed") && word.length() > 4;
    }

    /** "Jane Doe", "Mateus Silva": a first name followed by a surname-like word. */
    private boolean looksLikeTwoPartName(List<Token> tokens, int k) {
        String next = tokens.get(k + 1).word();
        return !in("system-noun", next) && !in("product", next) && !in("role", next) && !commonNounShape(next)
                && !in("system-noun", singular(next));
    }

    private static boolean isSentenceStart(List<Token> tokens, int k) {
        String before = tokens.get(k - 1).word();
        return before.equals(":") || before.equals("—") || before.equals("(") || before.equals("-");
    }

    private static boolean commonNounShape(String word) {
        return word.matches(".*(?:tion|sion|ment|ness|ity|ism|ogy|ics|ure|ency|ance|ware|age|ing|ed|[^aeiouls]s|ies|ers|ors|ly|al|ive|ous|ble|ful|less|est)");
    }

    private static String singular(String word) {
        if (word.endsWith("ies")) {
            return word.substring(0, word.length() - 3) + "y";
        }
        if (word.endsWith("es") && word.length() > 4) {
            return word.substring(0, word.length() - 1);
        }
        if (word.endsWith("s") && word.length() > 3) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }

    private static boolean blamed(Person person) {
        return person != null && (person.who() == Who.SINGLE || person.who() == Who.NAME || person.who() == Who.ROLE);
    }

    private boolean isAdverb(String word) {
        return word.length() > 4 && word.endsWith("ly") && !LY_NOT_ADVERB.contains(word);
    }

    /**
     * The subject of the verb at {@code p}: back over adverbs, auxiliaries and a short aside between commas, then the
     * person there, or one introducing a relative clause ("the person who wrote this script failed to").
     */
    private Person subjectBefore(List<Token> tokens, int p) {
        int k = p - 1;
        int guard = 0;
        while (k >= 0 && guard++ < 12) {
            Token token = tokens.get(k);
            if (!token.punctuation() && (in("skip", token.word()) || isAdverb(token.word()))) {
                k--;
                continue;
            }
            if (token.word().equals(",")) {
                int open = k - 1;
                while (open >= 0 && k - open <= 6 && !tokens.get(open).word().equals(",")) {
                    open--;
                }
                if (open >= 0 && tokens.get(open).word().equals(",") && k - open <= 6) {
                    // an appositive names the subject: "The contractor, Grzegorz, was", "Klaus, the vendor's engineer, was"
                    Person inside = personEndingAt(tokens, k - 1);
                    Person outside = personEndingAt(tokens, open - 1);
                    if (blamed(outside)) {
                        return outside;
                    }
                    if (blamed(inside) && (open == 0 || open - 1 >= 0 && !tokens.get(open - 1).punctuation())) {
                        return inside;
                    }
                    k = open - 1;
                    continue;
                }
            }
            break;
        }
        if (k < 0) {
            return null;
        }
        Person person = personEndingAt(tokens, k);
        if (person != null) {
            return person;
        }
        // a person with a place or group: "somebody on the night shift", "an engineer from the payments team"
        for (int j = k - 1; j > 0 && k - j <= 4; j--) {
            String word = tokens.get(j).word();
            if (Set.of("on", "from", "in", "at", "of").contains(word)) {
                Person owner = personEndingAt(tokens, j - 1);
                if (owner != null && owner.who() != Who.TEAM) {
                    return owner;
                }
                break;
            }
            if (tokens.get(j).punctuation() || CLAUSE_BREAK.contains(word)) {
                break;
            }
        }
        // a relative clause: "<person> who ... <verb>", "whoever ... <verb>"
        for (int j = k; j >= 0 && k - j <= 14; j--) {
            Token token = tokens.get(j);
            String word = token.word();
            if (word.equals("whoever")) {
                return new Person(j, j + 1, Who.SINGLE);
            }
            if (word.equals("who")) {
                int before = j - 1;
                if (before >= 0 && tokens.get(before).word().equals(",")) {
                    before--;
                }
                Person head = personEndingAt(tokens, before);
                if (head == null && before >= 0 && (tokens.get(before).word().equals("anyone")
                        || tokens.get(before).word().equals("anybody"))) {
                    head = new Person(before, j, Who.SINGLE);
                }
                return head;
            }
            if (token.punctuation() && !word.equals(",") || CLAUSE_BREAK.contains(word) && !word.equals("and")) {
                return null;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ readings

    private int matchAt(String wordClass, List<Token> tokens, int at) {
        int best = 0;
        List<String[]> candidates = phrases.get(wordClass).get(tokens.get(at).word());
        if (candidates == null) {
            return 0;
        }
        for (String[] phrase : candidates) {
            if (phrase.length <= best || at + phrase.length > tokens.size()) {
                continue;
            }
            boolean ok = true;
            for (int i = 0; i < phrase.length && ok; i++) {
                ok = phrase[i].equals("*") || phrase[i].equals(tokens.get(at + i).word());
            }
            if (ok) {
                best = phrase.length;
            }
        }
        return best;
    }

    private Hit hit(String kind, String sentence, List<Token> tokens, int from, int to, Person person) {
        String who = person == null ? "someone" : sentence.substring(tokens.get(person.from()).start(), tokens.get(person.to() - 1).end());
        String what = sentence.substring(tokens.get(from).start(), tokens.get(to - 1).end());
        return new Hit(kind, tokens.get(from).start(), tokens.get(to - 1).end(), who, what);
    }

    /** (a) a failure verb and (b) a judgement with a person as the subject. */
    private Hit predicates(String sentence, List<Token> tokens) {
        Hit early = exhortation(sentence, tokens);
        if (early != null) {
            return early;
        }
        for (int p = 0; p < tokens.size(); p++) {
            Hit other = skippedStep(sentence, tokens, p);
            if (other == null) {
                other = ellipticalContrast(sentence, tokens, p);
            }
            if (other == null) {
                other = impliedStandard(sentence, tokens, p);
            }
            if (other != null) {
                return other;
            }
            if (p == 0) {
                continue;
            }
            int length = matchAt("failure-verb", tokens, p);
            boolean habitual = Set.of("keeps", "keep", "kept").contains(tokens.get(p).word());
            if (length > 0 && !failureNegated(tokens, p) && (habitual || !followedBy("not-after-failure", tokens, p + length))) {
                Person subject = subjectBefore(tokens, p);
                // "nothing you did caused this", "not a single engineer ignored it"
                if (blamed(subject) && !(subject.from() > 0 && Set.of("nothing", "not", "no", "never", "none")
                        .contains(tokens.get(subject.from() - 1).word()))) {
                    return hit("person-failure", sentence, tokens, p, p + length, subject);
                }
                // passive with the person as agent: "the work was rushed by the deploying engineer"
            }
            if (isPassiveParticiple(tokens, p)) {
                int by = p + 1;
                if (by < tokens.size() && tokens.get(by).word().equals("by")) {
                    Person agent = personAfter(tokens, by + 1);
                    if (blamed(agent)) {
                        return hit("person-failure", sentence, tokens, p, agent.to(), agent);
                    }
                }
            }
            if (BE.contains(tokens.get(p).word()) || tokens.get(p).word().equals("not")) {
                int q = p + 1;
                while (q < tokens.size() && (isAdverb(tokens.get(q).word()) || tokens.get(q).word().equals("just")
                        || tokens.get(q).word().equals("simply") || tokens.get(q).word().equals("being")
                        || tokens.get(q).word().equals("so") || tokens.get(q).word().equals("very")
                        || tokens.get(q).word().equals("being") || tokens.get(q).word().equals("been")
                        || tokens.get(q).word().equals("a") || tokens.get(q).word().equals("an")
                        || tokens.get(q).word().equals("bit") || tokens.get(q).word().equals("little"))) {
                    q++;
                }
                int adjective = q < tokens.size() ? matchAt("judgement-adjective", tokens, q) : 0;
                if (adjective == 0 && q < tokens.size()) {
                    // "was rude and dismissive", "is, frankly, a total liability", "was tired and careless"
                    int[] found = judgementAfter(tokens, p + 1);
                    if (found != null) {
                        q = found[0];
                        adjective = found[1];
                    }
                }
                if (adjective > 0 && deniedJudgement(tokens, p, q)) {
                    adjective = 0;
                }
                // "Felix is the reason we found the leak so quickly": a cause of something good
                for (int g = q + adjective; adjective > 0 && g < tokens.size() && g - q - adjective <= 4; g++) {
                    if (g == q + adjective && tokens.get(g).word().equals("by")) {
                        adjective = 0;
                        break;
                    }
                    if (tokens.get(g).punctuation() || in("good-outcome", tokens.get(g).word())) {
                        adjective = tokens.get(g).punctuation() ? adjective : 0;
                        break;
                    }
                }
                if (adjective > 0) {
                    Person subject = subjectBefore(tokens, p);
                    if (blamed(subject)) {
                        return hit("person-judgement", sentence, tokens, p, q + adjective, subject);
                    }
                }
            }
            int adverb = matchAt("judgement-adverb", tokens, p);
            if (adverb > 0 && !negativeObject(tokens, p + adverb)) {
                Person subject = subjectBefore(tokens, p);
                if (blamed(subject)) {
                    return hit("person-judgement", sentence, tokens, p, p + adverb, subject);
                }
                // after the verb: "<person> ran the script blindly"
                for (int s = p - 1; s >= 0 && p - s <= 10; s--) {
                    Token token = tokens.get(s);
                    if (token.punctuation() || CLAUSE_BREAK.contains(token.word()) && !token.word().equals("and")) {
                        break;
                    }
                    Person before = personEndingAt(tokens, s);
                    if (blamed(before) && s + 1 < p && !in("skip", tokens.get(s + 1).word())) {
                        return hit("person-judgement", sentence, tokens, p, p + adverb, before);
                    }
                }
            }
        }
        return null;
    }

    /** "Greta ran it by hand, without review": the person said to have skipped a step. */
    private Hit skippedStep(String sentence, List<Token> tokens, int p) {
        boolean instead = tokens.get(p).word().equals("instead") && p + 2 < tokens.size() && tokens.get(p + 1).word().equals("of")
                && in("neglected-duty", tokens.get(p + 2).word());
        if (!tokens.get(p).word().equals("without") && !instead) {
            return null;
        }
        int q = instead ? p + 2 : p + 1;
        while (q < tokens.size() && (isAdverb(tokens.get(q).word()) || Set.of("even", "first", "any", "a").contains(tokens.get(q).word()))) {
            q++;
        }
        if (!instead && (q >= tokens.size() || matchAt("skipped-step", tokens, q) == 0 && matchAt("skipped-step", tokens, p + 1) == 0)) {
            return null;
        }
        for (int k = p - 1; k >= 0 && p - k <= 12; k--) {
            Token token = tokens.get(k);
            boolean aside = token.word().equals("as") && k + 1 < tokens.size() && Set.of("usual", "always", "ever").contains(tokens.get(k + 1).word());
            if (!aside && (token.punctuation() && !token.word().equals(",") || CLAUSE_BREAK.contains(token.word()) && !token.word().equals("and")
                    && !token.word().equals("then"))) {
                return null;
            }
            Person person = personEndingAt(tokens, k);
            if (blamed(person) && !(k + 1 < p && tokens.get(k + 1).word().equals("'s"))) {
                return hit("person-failure", sentence, tokens, p, q + Math.max(1, matchAt("skipped-step", tokens, q)), person);
            }
        }
        return null;
    }

    /** "We relied on Cyrus to catch it, and he didn't.": the person singled out as the one who did not. */
    private Hit ellipticalContrast(String sentence, List<Token> tokens, int p) {
        String word = tokens.get(p).word();
        if (!word.equals("and") && !word.equals("but")) {
            return null;
        }
        for (int k = p + 1; k < tokens.size() && k - p <= 4; k++) {
            Person person = personEndingAt(tokens, k);
            if (blamed(person)) {
                int v = k + 1;
                if (v + 1 < tokens.size() && Set.of("did", "was", "could", "would", "does", "is").contains(tokens.get(v).word())
                        && (tokens.get(v + 1).word().equals("not") || tokens.get(v + 1).word().equals("never"))
                        && (v + 2 >= tokens.size() || tokens.get(v + 2).punctuation())) {
                    return hit("person-failure", sentence, tokens, k, v + 2, person);
                }
                return null;
            }
        }
        return null;
    }

    /** "Anyone paying attention would have checked", "a fireable offence": a person measured against a standard. */
    private Hit impliedStandard(String sentence, List<Token> tokens, int p) {
        int length = matchAt("implied-standard", tokens, p);
        if (length == 0) {
            return null;
        }
        String first = tokens.get(p).word();
        if (first.equals("better") || first.equals("more") || first.equals("a") && length > 2 && tokens.get(p + 2).word().equals("more")) {
            // "better judgement would have", "with a little more care": only as a counterfactual
            boolean counterfactual = false;
            for (int k = p + length; k + 1 < tokens.size(); k++) {
                String word = tokens.get(k).word();
                if ((word.equals("would") || word.equals("could") || word.equals("might")) && tokens.get(k + 1).word().equals("have")) {
                    counterfactual = true;
                    break;
                }
            }
            if (!counterfactual) {
                return null;
            }
        }
        if (negatedBefore(tokens, p)) {
            return null;
        }
        return new Hit("counterfactual", tokens.get(p).start(), tokens.get(p + length - 1).end(), "the people involved",
                sentence.substring(tokens.get(p).start(), tokens.get(p + length - 1).end()));
    }

    /** "Reviewers must stop approving ...", "Please, everyone: slow down and think before you deploy." */
    private Hit exhortation(String sentence, List<Token> tokens) {
        for (int p = 0; p < tokens.size(); p++) {
            int length = matchAt("try-harder", tokens, p);
            if (length == 0) {
                continue;
            }
            int k = p - 1;
            boolean modal = false;
            while (k >= 0 && Set.of("to", "need", "needs", "have", "has", "must", "should", "will", "could", "always", "now",
                    "also", "really", "just", "all", "simply", "shall", "ought", "going", "are", "is", "expected").contains(tokens.get(k).word())) {
                modal |= !Set.of("always", "now", "also", "really", "just", "all", "simply").contains(tokens.get(k).word());
                k--;
            }
            if (modal && k >= 0) {
                Person subject = personEndingAt(tokens, k);
                boolean group = in("group", tokens.get(k).word()) && !(k > 0 && Set.of("no", "not").contains(tokens.get(k - 1).word()));
                if (blamed(subject) || group) {
                    int before = subject != null ? subject.from() - 1 : k - 1;
                    if (negatedBefore(tokens, k + 1) || before >= 0 && Set.of("asking", "asks", "asked", "ask", "requires", "required",
                            "relying", "relies", "rely", "expecting", "expects", "depends", "depending", "telling", "tells", "told",
                            "reminds", "reminded", "forcing", "forces", "on").contains(tokens.get(before).word())) {
                        return null;
                    }
                    return hit("exhortation", sentence, tokens, p, p + length, subject != null ? subject : new Person(k, k + 1, Who.SINGLE));
                }
            }
            // an imperative opening the sentence, or after "please," / "everyone:" / "next time,"
            boolean opening = !modal && (k < 0 || tokens.get(k).word().equals(":") || tokens.get(k).word().equals(",")
                    && k >= 1 && Set.of("please", "everyone", "everybody", "folks", "all", "team", "time", "guys").contains(tokens.get(k - 1).word()));
            if (opening && Set.of("be", "pay", "slow", "think", "take", "stop", "read", "try", "double-check", "double", "triple-check",
                    "remember").contains(tokens.get(p).word()) && (k >= 0 || tokens.size() - (p + length) <= 10)) {
                return hit("exhortation", sentence, tokens, p, p + length, new Person(p, p + 1, Who.SINGLE));
            }
        }
        return null;
    }

    /** "blindly trusts nothing": the judgement is denied. */
    private static boolean negativeObject(List<Token> tokens, int from) {
        for (int k = from; k < tokens.size() && k - from < 3; k++) {
            String word = tokens.get(k).word();
            if (word.equals("nothing") || word.equals("nobody") || word.equals("no") || word.equals("never")) {
                return true;
            }
        }
        return false;
    }

    /** "was rushed (by ...)", "the mistake was made (by ...)". */
    private boolean isPassiveParticiple(List<Token> tokens, int p) {
        String word = tokens.get(p).word();
        int k = p - 1;
        while (k >= 0 && isAdverb(tokens.get(k).word())) {
            k--;
        }
        if (k < 1 || !BE.contains(tokens.get(k).word()) && !tokens.get(k).word().equals("been")) {
            return false;
        }
        if (in("failure-participle", word)) {
            return true;
        }
        // "the misconfigured policy was pushed by", "the decision to ignore the warning was made by"
        for (int s = k - 1; s >= 0 && k - s <= 6; s--) {
            Token token = tokens.get(s);
            if (token.punctuation() || CLAUSE_BREAK.contains(token.word())) {
                break;
            }
            if (in("bad-thing", token.word()) || token.word().equals("to") && s + 1 < k && in("risky-action", tokens.get(s + 1).word())
                    && s > 0 && in("choice-noun", tokens.get(s - 1).word())) {
                return participle(word);
            }
        }
        // "the mistake was made by", "the error was introduced by"
        int subject = tokens.get(k).word().equals("been") && k > 1 ? k - 2 : k - 1;
        return in("attributed-participle", word) && subject >= 0 && in("judgement-noun", tokens.get(subject).word());
    }

    private boolean followedBy(String wordClass, List<Token> tokens, int at) {
        return at < tokens.size() && matchAt(wordClass, tokens, at) > 0;
    }

    /** "did not fail to", "never forgot": a failure verb negated is not one. */
    private static boolean failureNegated(List<Token> tokens, int p) {
        String first = tokens.get(p).word();
        if (first.equals("did") || first.equals("never") || first.equals("was") || first.equals("were")
                || first.equals("could") || first.equals("paid") || first.equals("made") || first.equals("is")) {
            return false;
        }
        for (int k = p - 1; k >= 0 && p - k <= 2; k--) {
            String word = tokens.get(k).word();
            if (word.equals("not") || word.equals("never")) {
                return true;
            }
        }
        return false;
    }

    private Person personAfter(List<Token> tokens, int from) {
        // the head is the last word of a short noun phrase: "the deploying engineer", "Aisha", "someone on the team"
        for (int k = from; k < tokens.size() && k - from <= 3; k++) {
            Person person = personEndingAt(tokens, k);
            if (person != null && (k + 1 >= tokens.size() || !isRole(tokens, k + 1) && personEndingAt(tokens, k + 1) == null)) {
                return person;
            }
            Token token = tokens.get(k);
            if (token.punctuation() || CLAUSE_BREAK.contains(token.word())) {
                return null;
            }
        }
        return null;
    }

    /** (b) "Bob's mistake", "an engineer's poor judgement", "his carelessness". */
    private Hit possessiveJudgement(String sentence, List<Token> tokens) {
        for (int p = 0; p + 1 < tokens.size(); p++) {
            String word = tokens.get(p).word();
            Person owner = null;
            if (word.equals("'s") && p > 0) {
                owner = personEndingAt(tokens, p - 1);
            } else if (word.equals("his") || word.equals("her")) {
                owner = new Person(p, p + 1, Who.SINGLE);
            }
            if (!blamed(owner)) {
                continue;
            }
            int q = p + 1;
            int adjectives = 0;
            while (q < tokens.size() && adjectives < 2 && (in("verdict-adjective", tokens.get(q).word()) || isAdverb(tokens.get(q).word())
                    || tokens.get(q).word().equals("own") || tokens.get(q).word().equals("of"))) {
                q++;
                adjectives++;
            }
            if (q >= tokens.size()) {
                continue;
            }
            String noun = tokens.get(q).word();
            boolean verdict = adjectives > 0 && in("verdict-adjective", tokens.get(p + 1).word()) && in("verdict-noun", noun);
            boolean judgement = in("judgement-noun", noun) && !in("verdict-noun", noun) && !in("verdict-adjective", noun);
            if (in("choice-noun", noun) && q + 2 < tokens.size() && tokens.get(q + 1).word().equals("to")
                    && in("risky-action", tokens.get(q + 2).word())) {
                return hit("person-judgement", sentence, tokens, owner.from(), q + 3, owner);
            }
            if ((verdict || judgement) && !compoundNoun(tokens, q + 1)) {
                return hit("person-judgement", sentence, tokens, owner.from(), q + 1, owner);
            }
        }
        return null;
    }

    /** "Kevin's error budget", "the team's error handling": the noun is a modifier of the next one. */
    private boolean compoundNoun(List<Token> tokens, int next) {
        if (next >= tokens.size()) {
            return false;
        }
        String word = tokens.get(next).word();
        return in("system-noun", word) || in("system-noun", singular(word)) || in("noun-after-modifier", word);
    }

    /** (d) "the blame lies with the data team", "the outage is on Kevin", "because of the DBA". */
    private Hit attribution(String sentence, List<Token> tokens) {
        for (int p = 0; p < tokens.size(); p++) {
            int noun = matchAt("blame-noun", tokens, p);
            if (noun > 0 && !negatedBefore(tokens, p)) {
                int q = p + noun;
                while (q < tokens.size() && in("attribution-adverb", tokens.get(q).word())) {
                    q++;
                }
                if (q + 1 < tokens.size() && tokens.get(q).word().equals(":")) {
                    Person person = personAfter(tokens, q + 1);
                    if (blamed(person) && endsPhrase(tokens, person.to())) {
                        return hit("blame-attribution", sentence, tokens, p, person.to(), person);
                    }
                }
                // "the responsibility for this lies with", "the root cause of the outage was"
                if (q + 1 < tokens.size() && (tokens.get(q).word().equals("for") || tokens.get(q).word().equals("of"))) {
                    int r = q + 1;
                    while (r < tokens.size() && r - q <= 4 && !in("attribution-verb", tokens.get(r).word())) {
                        r++;
                    }
                    if (r < tokens.size() && in("attribution-verb", tokens.get(r).word())) {
                        q = r;
                    }
                }
                if (q < tokens.size() && in("attribution-verb", tokens.get(q).word())) {
                    q++;
                    if (BE.contains(tokens.get(q - 1).word()) && p > 0 && !tokens.get(p - 1).word().equals("a")
                            && !tokens.get(p - 1).word().equals("no")) {
                        Person named = personAfter(tokens, q);
                        boolean group = named != null && Set.of("team", "teams", "squad", "squads", "management", "leadership", "staff")
                                .contains(tokens.get(named.to() - 1).word());
                        if (blamed(named) && (endsPhrase(tokens, named.to()) || named.to() < tokens.size()
                                && (tokens.get(named.to()).word().equals("'s") && !group || tokens.get(named.to()).word().endsWith("ing")))) {
                            return hit("blame-attribution", sentence, tokens, p, named.to(), named);
                        }
                    }
                    while (q < tokens.size() && in("attribution-adverb", tokens.get(q).word())) {
                        q++;
                    }
                    if (q + 1 < tokens.size() && (tokens.get(q).word().equals("with") || tokens.get(q).word().equals("on")
                            || tokens.get(q).word().equals("at"))) {
                        int at = tokens.get(q).word().equals("at") && q + 3 < tokens.size()
                                && tokens.get(q + 2).word().equals("feet") ? q + 4 : q + 1;
                        Person person = personAfter(tokens, at);
                        if (blamed(person) || person != null && person.who() == Who.TEAM && tokens.get(person.from()).word().equals("them")) {
                            return hit("blame-attribution", sentence, tokens, p, person.to(), person);
                        }
                    }
                }
            }
            int link = matchAt("cause-link", tokens, p);
            if (link > 0 && !negatedBefore(tokens, p)) {
                Person person = personAfter(tokens, p + link);
                if (blamed(person) && (endsPhrase(tokens, person.to()) || person.to() < tokens.size()
                        && tokens.get(person.to()).word().endsWith("ing") && !tokens.get(person.to()).word().equals("during"))) {
                    return hit("blame-attribution", sentence, tokens, p, person.to(), person);
                }
                // "triggered by a command typed by the junior SRE"
                for (int r = p + link; r + 2 < tokens.size() && r - p <= 8; r++) {
                    if (tokens.get(r).punctuation() || CLAUSE_BREAK.contains(tokens.get(r).word())) {
                        break;
                    }
                    if (tokens.get(r + 1).word().equals("by") && participle(tokens.get(r).word())) {
                        Person agent = personAfter(tokens, r + 2);
                        if (blamed(agent)) {
                            return hit("blame-attribution", sentence, tokens, p, agent.to(), agent);
                        }
                    }
                }
            }
            // "<the outage> is (all) on Kevin"
            if (BE.contains(tokens.get(p).word()) && p > 0 && matchAt("incident-noun", tokens, p - 1) > 0) {
                int q = p + 1;
                while (q < tokens.size() && in("attribution-adverb", tokens.get(q).word())) {
                    q++;
                }
                if (q + 1 < tokens.size() && tokens.get(q).word().equals("on")) {
                    Person person = personAfter(tokens, q + 1);
                    if (blamed(person) && endsPhrase(tokens, person.to()) && !tokens.get(q + 1).word().equals("call")) {
                        return hit("blame-attribution", sentence, tokens, p - 1, person.to(), person);
                    }
                }
            }
        }
        return null;
    }

    private static boolean negatedBefore(List<Token> tokens, int p) {
        for (int k = p - 1; k >= 0 && p - k <= 3; k--) {
            String word = tokens.get(k).word();
            if (word.equals("not") || word.equals("no") || word.equals("never") || word.equals("nobody")) {
                return true;
            }
        }
        return false;
    }

    /** The person phrase ends its clause (not "because of Priya's quick rollback"). */
    private static boolean endsPhrase(List<Token> tokens, int at) {
        if (at >= tokens.size()) {
            return true;
        }
        String next = tokens.get(at).word();
        return tokens.get(at).punctuation() || Set.of("who", "and", "for", "alone", "here", "again", "not", "this", "that",
                "when", "because", "as", "who's", "whose", "once", "yet", "entirely", "completely", "squarely", "then").contains(next);
    }

    /** (c) "she should've", "had Omar not", "if Chloe had", "the rollback should have been started the moment Aisha saw". */
    private Hit counterfactual(String sentence, List<Token> tokens) {
        for (int p = 0; p < tokens.size(); p++) {
            String word = tokens.get(p).word();
            int modal = matchAt("modal-perfect", tokens, p);
            if (modal > 0 && !perfectOfAction(tokens, p + modal)) {
                modal = 0;
            }
            if (modal > 0 && setAsideBefore(tokens, p)) {
                modal = 0;
            }
            if (modal > 0) {
                Person subject = subjectBefore(tokens, p);
                if (blamed(subject) && !passive(tokens, p + modal)) {
                    return hit("counterfactual", sentence, tokens, p, p + modal, subject);
                }
                // passive: "<action> should have been <done> the moment <person> <verb>"
                int q = p + modal;
                if (q + 1 < tokens.size() && tokens.get(q).word().equals("been") && in("human-action-participle", tokens.get(q + 1).word())) {
                    for (int r = q + 2; r < tokens.size(); r++) {
                        int link = matchAt("moment-link", tokens, r);
                        if (link > 0) {
                            Person person = personAfter(tokens, r + link);
                            if (blamed(person)) {
                                return hit("counterfactual", sentence, tokens, p, q + 2, person);
                            }
                        }
                    }
                }
            }
            // "Who let Patrick write the billing logic?"
            if (word.equals("who") && p + 1 < tokens.size() && (p == 0 || tokens.get(p - 1).word().equals(","))
                    && Set.of("let", "allowed", "trusted", "hired").contains(tokens.get(p + 1).word())) {
                Person person = personAfter(tokens, p + 2);
                if (blamed(person)) {
                    return hit("counterfactual", sentence, tokens, p, person.to(), person);
                }
            }
            // "Shouldn't the person who wrote the migration have tested it?"
            if (word.equals("should") && (p == 0 || tokens.get(p - 1).word().equals(","))) {
                int q = p + 1 < tokens.size() && tokens.get(p + 1).word().equals("not") ? p + 2 : p + 1;
                Person person = personAfter(tokens, q);
                if (blamed(person)) {
                    for (int r = person.to(); r + 1 < tokens.size() && r - person.to() <= 8; r++) {
                        if (tokens.get(r).word().equals("have") && participle(tokens.get(r + 1).word())) {
                            return hit("counterfactual", sentence, tokens, p, r + 2, person);
                        }
                    }
                }
            }
            // "if (only) <person> had", "had <person> (not|just|only)"
            boolean hadBeen = word.equals("had") && p > 0 && p + 3 < tokens.size() && isName(tokens, p + 1)
                    && tokens.get(p + 2).word().equals("been");
            if (word.equals("if") || hadBeen || word.equals("had") && (p == 0 || tokens.get(p - 1).word().equals(",")
                    || tokens.get(p - 1).word().equals(";") || tokens.get(p - 1).word().equals("and")
                    || tokens.get(p - 1).word().equals("but") || tokens.get(p - 1).word().equals("happened"))) {
                int q = p + 1;
                if (q < tokens.size() && tokens.get(q).word().equals("only")) {
                    q++;
                }
                Person person = personAfter(tokens, q);
                if (blamed(person)) {
                    int after = person.to();
                    boolean ifHad = word.equals("if") && after + 1 < tokens.size() && (tokens.get(after).word().equals("had")
                            || tokens.get(after).word().equals("'d")) && !tokens.get(after + 1).word().equals("been");
                    boolean hadInverted = word.equals("had") && after < tokens.size() && (Set.of("not", "never", "just", "only",
                            "bothered", "actually", "simply", "followed", "read", "checked", "tested", "looked", "waited",
                            "asked", "listened", "escalated", "paid", "taken", "double-checked", "reviewed").contains(tokens.get(after).word()));
                    // "had Irina been more careful", "if the SRE had been paying attention" (not "had been paged")
                    boolean hadBeenCareful = after + 1 < tokens.size() && (word.equals("had") && tokens.get(after).word().equals("been")
                            || word.equals("if") && tokens.get(after).word().equals("had") && tokens.get(after + 1).word().equals("been"))
                            && careAfter(tokens, tokens.get(after).word().equals("been") ? after + 1 : after + 2);
                    if (ifHad || hadInverted || hadBeenCareful) {
                        int end = Math.min(tokens.size(), after + 1);
                        return hit("counterfactual", sentence, tokens, p, end, person);
                    }
                }
            }
        }
        return null;
    }

    /** "It would be easy to say Ravi should have checked, but ...": hindsight named to be set aside. */
    private static boolean setAsideBefore(List<Token> tokens, int p) {
        for (int k = Math.max(0, p - 8); k + 2 < p; k++) {
            if (Set.of("easy", "tempting", "natural").contains(tokens.get(k).word()) && tokens.get(k + 1).word().equals("to")
                    && Set.of("say", "conclude", "think", "argue", "claim").contains(tokens.get(k + 2).word())) {
                return true;
            }
        }
        return false;
    }

    /**
     * After "should have": a past participle makes it a counterfactual about an action ("should have checked"); a noun
     * ("should have a runbook") or "had" ("should have had access") is about what the system should provide.
     */
    private boolean perfectOfAction(List<Token> tokens, int at) {
        String previous = tokens.get(at - 1).word();
        if (!previous.equals("have") && !previous.equals("of")) {
            return true;
        }
        int k = at;
        while (k < tokens.size() && (isAdverb(tokens.get(k).word()) || in("skip", tokens.get(k).word()) && !tokens.get(k).word().equals("been")
                && !tokens.get(k).word().equals("had"))) {
            k++;
        }
        if (k >= tokens.size()) {
            return true; // "he really should have."
        }
        String word = tokens.get(k).word();
        return word.equals("been") || participle(word);
    }

    /** "the on-call should have been paged": the person is on the receiving end. */
    private boolean passive(List<Token> tokens, int at) {
        int k = at;
        while (k < tokens.size() && isAdverb(tokens.get(k).word())) {
            k++;
        }
        return k + 1 < tokens.size() && tokens.get(k).word().equals("been") && participle(tokens.get(k + 1).word());
    }

    private boolean participle(String word) {
        return !word.equals("had") && (word.endsWith("ed") || word.endsWith("en") || word.endsWith("wn") || in("irregular-participle", word));
    }

    /** "Great job, Lakshmi, approving your own pull request at 2 a.m.", "Great, the mobile team tested in production again." */
    private Hit mockPraise(String sentence, List<Token> tokens) {
        Hit kindOf = niceOfThemTo(sentence, tokens);
        if (kindOf != null) {
            return kindOf;
        }
        // "Wow, great job, Tariq — ...", "Oh, thanks, Ben, ...": an interjection before the praise
        boolean onceAgain = tokens.size() > 4 && tokens.get(0).word().equals("once") && tokens.get(1).word().equals("again");
        if (tokens.size() > 3 && Set.of("wow", "oh", "well", "yeah", "gee", "ah", "seriously", "honestly", "so", "again")
                .contains(tokens.get(0).word()) && (tokens.get(1).word().equals(",") || matchAt("praise-opener", tokens, 1) > 0) || onceAgain) {
            int from = onceAgain ? (tokens.get(2).word().equals(",") ? 3 : 2) : tokens.get(1).word().equals(",") ? 2 : 1;
            Hit inner = mockPraise(sentence, tokens.subList(from, tokens.size()));
            if (inner != null) {
                return new Hit(inner.kind(), tokens.get(0).start(), inner.end(), inner.who(),
                        sentence.substring(tokens.get(0).start(), inner.end()));
            }
        }
        int opener = matchAt("praise-opener", tokens, 0);
        String first = tokens.get(0).word();
        // "Hats off to the QA team for letting that one through"
        if (opener > 0 && opener + 1 < tokens.size() && tokens.get(opener).word().equals("to")
                || opener > 0 && tokens.get(opener - 1).word().equals("to")) {
            int at = tokens.get(opener - 1).word().equals("to") ? opener : opener + 1;
            Person person = personAfter(tokens, at);
            if (blamed(person) && person.to() + 1 < tokens.size() && tokens.get(person.to()).word().equals("for")
                    && in("irony-cue", tokens.get(person.to() + 1).word()) && tokens.get(person.to() + 1).word().endsWith("ing")
                    && !sincereDeed(tokens, person.to() + 2)) {
                return hit("mock-praise", sentence, tokens, 0, person.to() + 2, person);
            }
            // "thanks to Rosa for the 4 a.m. wake-up call": a thing thanked for, not a kindness ("for staying until 4 a.m.")
            if (blamed(person) && person.to() + 2 < tokens.size() && tokens.get(person.to()).word().equals("for")
                    && Set.of("the", "another", "yet", "a", "that", "this", "our").contains(tokens.get(person.to() + 1).word())
                    && !sincereDeed(tokens, person.to() + 1)) {
                for (int r = person.to() + 2; r < tokens.size(); r++) {
                    // "the early warning", "the early heads-up": an adjective before a warning is thanks meant
                    boolean warned = r + 1 < tokens.size() && WARNING.contains(tokens.get(r + 1).word());
                    if (in("irony-cue", tokens.get(r).word()) || (in("irony-adjective", tokens.get(r).word()) && !warned)) {
                        return hit("mock-praise", sentence, tokens, 0, person.to() + 1, person);
                    }
                }
            }
        }
        boolean thanks = first.equals("thanks") && opener == 1 || first.equals("thank") && opener == 2 || first.equals("cheers");
        if (opener == 0 && tokens.size() > 2 && tokens.get(1).word().equals(",")
                && Set.of("great", "nice", "wonderful", "brilliant", "perfect", "awesome", "fantastic", "lovely", "superb").contains(first)) {
            // "Great, <person> <did it> again"
            for (int k = 2; k < tokens.size() && k <= 6; k++) {
                Person person = personEndingAt(tokens, k);
                if (blamed(person)) {
                    for (int r = k + 1; r < tokens.size(); r++) {
                        if (Set.of("again", "bold", "genius", "yet", "another", "own", "naturally", "somehow").contains(tokens.get(r).word())) {
                            return hit("mock-praise", sentence, tokens, 0, person.to(), person);
                        }
                    }
                    return null;
                }
            }
            return null;
        }
        if (opener == 0 || opener >= tokens.size()) {
            return null;
        }
        int q = opener;
        Person addressed = null;
        if (tokens.get(q).word().equals(",")) {
            q++;
            int start = q;
            while (q < tokens.size() && q - start < 3 && !Set.of(",", "—", "–", ":").contains(tokens.get(q).word())) {
                Person person = personEndingAt(tokens, q);
                if (person != null && person.who() != Who.NOT_BLAMED) {
                    addressed = person;
                }
                q++;
            }
            if (q >= tokens.size() || !Set.of(",", "—", "–", ":").contains(tokens.get(q).word())) {
                addressed = null;
            }
        } else if (tokens.get(q).word().equals("to") || tokens.get(q).word().equals("for")) {
            return null;
        }
        if (!blamed(addressed)) {
            return null;
        }
        for (int r = q + 1; r < tokens.size(); r++) {
            String word = tokens.get(r).word();
            // sincere thanks are common ("Thanks, Priya, for joining at 3 a.m."): only an ironic adjective makes them mock
            if (thanks ? in("irony-adjective", word) && r > 0 && Set.of("the", "that", "this", "a", "an", "your").contains(tokens.get(r - 1).word())
                    : in("irony-cue", word)) {
                return hit("mock-praise", sentence, tokens, 0, addressed.to(), addressed);
            }
        }
        return null;
    }

    /**
     * Thanks for an ordinary step or a thing that helped ("Many thanks to the mobile team for shipping the fix within the
     * hour", "thanks to the search team for the schema docs that got us through the upgrade"): the object is a fix or a
     * good outcome follows, and nothing after it is ironic or damage.
     */
    private boolean sincereDeed(List<Token> tokens, int from) {
        boolean helped = false;
        for (int r = from; r < tokens.size(); r++) {
            String word = tokens.get(r).word();
            if (in("irony-adjective", word) || in("damage", word) || Set.of("again", "finally", "only", "without", "untested",
                    "unreviewed", "broken", "outage", "down").contains(word)) {
                return false;
            }
            if (in("good-outcome", word) || Set.of("fix", "fixes", "hotfix", "patch", "mitigation", "rollback", "within", "saved", "helped",
                    "unblocked").contains(word) || word.equals("through") && r > 0 && tokens.get(r - 1).word().equals("us")) {
                helped = true;
            }
        }
        return helped;
    }

    // ------------------------------------------------------------------------------------------ wider readings

    /** "some people", "some of us", "certain individuals": a person singled out without a name. */
    private Person singledOutEndingAt(List<Token> tokens, int k) {
        for (int from = Math.max(0, k - 2); from < k; from++) {
            if (matchAt("singled-out", tokens, from) == k - from + 1) {
                return new Person(from, k + 1, Who.SINGLE);
            }
        }
        return null;
    }

    /** Fillers between a verb "to be" and a judgement: "frankly", "a total", "so", and one plain adjective before "and". */
    /** Nouns of a warning given: an adjective before one in thanks is meant ("thanks for the early warning"). */
    private static final Set<String> WARNING = Set.of("warning", "warnings", "notice", "heads-up", "heads", "alert", "detection",
            "escalation");

    private static final Set<String> JUDGEMENT_FILLER = Set.of("and", ",", "so", "very", "too", "quite", "pretty", "rather",
            "really", "just", "simply", "being", "been", "a", "an", "such", "total", "complete", "utter", "absolute", "real",
            "downright", "plain", "bit", "little", "both", "equally", "also", "again", "always", "often", "sometimes",
            "usually", "generally", "known", "notoriously", "as", "ever", "kind", "sort", "of", "most", "more", "less", "all", "bunch",
            "pack", "gang", "load", "band", "whole");

    /** The judgement adjective a few words after {@code from} in the same phrase: {position, length}, or {@code null}. */
    private int[] judgementAfter(List<Token> tokens, int from) {
        int plain = 0;
        for (int q = from; q < tokens.size() && q - from <= 5; q++) {
            Token token = tokens.get(q);
            int length = matchAt("judgement-adjective", tokens, q);
            if (length > 0) {
                return new int[]{q, length};
            }
            String word = token.word();
            if (JUDGEMENT_FILLER.contains(word) || isAdverb(word)) {
                continue;
            }
            if (token.punctuation() || CLAUSE_BREAK.contains(word) || NOT_A_MODIFIER.contains(word) || DETERMINER.contains(word)
                    || BE.contains(word) || plain++ > 0) {
                return null;
            }
            // one other adjective, only when coordinated: "tired and careless"
            if (q + 1 >= tokens.size() || !Set.of("and", ",").contains(tokens.get(q + 1).word())) {
                return null;
            }
        }
        return null;
    }

    /** "was not to blame", "was not careless", "never lazy": the judgement is denied (unless it says "not careful"). */
    private static boolean deniedJudgement(List<Token> tokens, int p, int q) {
        String judgement = tokens.get(q).word();
        if (judgement.equals("not") || judgement.equals("never")) {
            return false;
        }
        for (int k = q - 1; k >= p && k >= q - 3; k--) {
            String word = tokens.get(k).word();
            if (word.equals("not") || word.equals("never") || word.equals("hardly") || word.equals("nobody")) {
                return true;
            }
        }
        return p > 0 && Set.of("nobody", "no", "not", "none", "never").contains(tokens.get(p - 1).word());
    }

    /** "more careful", "paying attention", "a bit more thorough" after "had X been". */
    private boolean careAfter(List<Token> tokens, int from) {
        for (int q = from; q < tokens.size() && q - from <= 3; q++) {
            String word = tokens.get(q).word();
            if (matchAt("care-adjective", tokens, q) > 0) {
                return true;
            }
            if (!Set.of("more", "a", "bit", "little", "just", "less", "even", "slightly", "any").contains(word) && !isAdverb(word)) {
                return false;
            }
        }
        return false;
    }

    /**
     * "Nice of the on-call engineer to finally show up", "Nice of the platform team to let us know … after it broke
     * everything": thanks that mock the delay.
     */
    private Hit niceOfThemTo(String sentence, List<Token> tokens) {
        int p = 0;
        if (p + 2 < tokens.size() && Set.of("it", "how").contains(tokens.get(p).word())) {
            p = tokens.get(p + 1).word().equals("was") || tokens.get(p + 1).word().equals("is") ? p + 2 : p + 1;
        }
        if (p + 3 >= tokens.size() || !Set.of("nice", "good", "kind", "great", "thoughtful", "decent", "big", "lovely", "sweet", "generous")
                .contains(tokens.get(p).word()) || !tokens.get(p + 1).word().equals("of")) {
            return null;
        }
        Person person = personAfter(tokens, p + 2);
        if (!blamed(person) || person.to() >= tokens.size() || !tokens.get(person.to()).word().equals("to")) {
            return null;
        }
        for (int q = person.to() + 1; q < tokens.size() && q - person.to() <= 3; q++) {
            if (Set.of("finally", "eventually", "show", "turn", "grace", "bother", "remember", "notice", "wake", "deign", "appear", "join",
                    "respond", "reply", "answer", "check", "let", "tell", "mention", "inform", "warn", "announce", "share", "flag")
                    .contains(tokens.get(q).word())) {
                boolean mocking = Set.of("finally", "eventually", "grace", "deign", "bother").contains(tokens.get(q).word());
                for (int r = q; r < tokens.size() && !mocking; r++) {
                    mocking = Set.of("after", "hours", "minutes", "late", "later", "finally", "eventually", "again").contains(tokens.get(r).word());
                }
                if (mocking) {
                    return hit("mock-praise", sentence, tokens, 0, q + 1, person);
                }
            }
        }
        return null;
    }

    /** "What was Dario thinking?", "How could Selin not notice ...?", "Did Luka even read the runbook?". */
    private Hit rhetoricalQuestion(String sentence, List<Token> tokens) {
        boolean question = sentence.strip().endsWith("?");
        for (int p = 0; p < tokens.size(); p++) {
            int opener = matchAt("rhetorical-opener", tokens, p);
            if (opener > 0 && (question || tokens.get(p).word().equals("who") || tokens.get(p).word().equals("whose"))) {
                Person person = null;
                for (int k = p + opener; k < tokens.size() && k - p - opener <= 8 && person == null; k++) {
                    Person candidate = personEndingAt(tokens, k);
                    person = blamed(candidate) ? candidate : null;
                }
                // "who in their right mind deploys on Christmas Eve?" needs no one named: the question names them
                boolean namesItsTarget = tokens.get(p).word().startsWith("who") || tokens.get(p).word().equals("what")
                        && (Set.of("part", "possessed").contains(tokens.get(p + 1).word())
                        || p + opener < tokens.size() && in("role", tokens.get(p + opener).word()) && !in("not-blamed-role", tokens.get(p + opener).word()));
                if (blamed(person) || namesItsTarget || tokens.get(p).word().equals("why") && person != null) {
                    boolean role = person == null && p + opener < tokens.size() && in("role", tokens.get(p + opener).word());
                    Person target = person != null && !tokens.get(p).word().startsWith("who") ? person
                            : role ? new Person(p + opener, p + opener + 1, Who.ROLE) : null;
                    return hit("rhetorical-question", sentence, tokens, p, role ? p + opener + 1 : p + opener, target);
                }
            }
            if (!question) {
                continue;
            }
            String word = tokens.get(p).word();
            String next = p + 1 < tokens.size() ? tokens.get(p + 1).word() : "";
            if (p > 0 && !tokens.get(p - 1).punctuation() && !Set.of("seriously", "honestly", "so", "and", "but", "really").contains(tokens.get(p - 1).word())) {
                continue;
            }
            // "what was Dario thinking", "what were they thinking" (not "thinking at the time")
            if (word.equals("what") && BE.contains(next)) {
                Person person = personAfter(tokens, p + 2);
                boolean team = person == null && p + 2 < tokens.size() && Set.of("they", "you").contains(tokens.get(p + 2).word());
                Person who = team ? new Person(p + 2, p + 3, Who.SINGLE) : person;
                if (blamed(who) && who.to() < tokens.size() && tokens.get(who.to()).word().equals("thinking")
                        && !(who.to() + 2 < tokens.size() && tokens.get(who.to() + 1).word().equals("at"))
                        && !(who.to() + 1 < tokens.size() && tokens.get(who.to() + 1).word().equals("about"))) {
                    return hit("rhetorical-question", sentence, tokens, p, who.to() + 1, who);
                }
            }
            // "how could Selin not notice", "how did the reviewer miss" (not "how could the operator have known")
            if (word.equals("how") && Set.of("could", "did", "can", "does", "do", "would").contains(next)) {
                Person person = personAfter(tokens, p + 2);
                if (blamed(person) && person.to() < tokens.size()) {
                    int v = person.to();
                    while (v < tokens.size() && (tokens.get(v).word().equals("possibly") || tokens.get(v).word().equals("ever")
                            || tokens.get(v).word().equals("even"))) {
                        v++;
                    }
                    if (v < tokens.size() && (tokens.get(v).word().equals("not") || tokens.get(v).word().equals("never")
                            || Set.of("miss", "ignore", "forget", "overlook", "skip", "think", "approve", "be", "let", "manage", "break",
                            "botch", "screw", "mess", "delete", "drop", "push", "deploy", "merge").contains(tokens.get(v).word()))) {
                        return hit("rhetorical-question", sentence, tokens, p, v + 1, person);
                    }
                }
            }
            // "what exactly was the on-call engineer doing for those forty minutes?"
            if (word.equals("what") && p + 3 < tokens.size()) {
                int b = Set.of("exactly", "precisely").contains(next) ? p + 2 : p + 1;
                if (BE.contains(tokens.get(b).word())) {
                    Person person = personAfter(tokens, b + 1);
                    if (blamed(person) && person.to() < tokens.size() && tokens.get(person.to()).word().equals("doing")
                            && (b == p + 2 || person.to() + 1 < tokens.size() && Set.of("for", "all", "the").contains(tokens.get(person.to() + 1).word()))) {
                        return hit("rhetorical-question", sentence, tokens, p, person.to() + 1, person);
                    }
                }
            }
            // "how hard is it for developers to read a warning?", "how hard can it be"
            if (word.equals("how") && Set.of("hard", "difficult").contains(next) && p + 4 < tokens.size()) {
                for (int k = p + 2; k < tokens.size() && k - p <= 6; k++) {
                    Person person = personEndingAt(tokens, k);
                    if (blamed(person) && k + 1 < tokens.size() && tokens.get(k + 1).word().equals("to")) {
                        return hit("rhetorical-question", sentence, tokens, p, k + 2, person);
                    }
                }
            }
            // "was anyone on the release team even awake?"
            if (BE.contains(word) || Set.of("did", "does", "do", "has", "have", "had").contains(word)) {
                int at = p + 1;
                if (at + 2 < tokens.size() && Set.of("anyone", "anybody").contains(tokens.get(at).word())
                        && Set.of("on", "in", "from", "at").contains(tokens.get(at + 1).word())) {
                    at += 2;
                }
                Person person = personAfter(tokens, at);
                if (blamed(person) && person.to() < tokens.size() && tokens.get(person.to()).word().equals("even")) {
                    return hit("rhetorical-question", sentence, tokens, p, person.to() + 1, person);
                }
            }
            // "did Luka even read the runbook?", "does anyone on that team bother to test?"
            if (Set.of("did", "does", "do", "has", "have", "had").contains(word) && p + 2 < tokens.size()) {
                Person person = personAfter(tokens, p + 1);
                if (blamed(person) && person.to() < tokens.size() && Set.of("even", "bother", "bothered", "ever bother")
                        .contains(tokens.get(person.to()).word())) {
                    return hit("rhetorical-question", sentence, tokens, p, person.to() + 1, person);
                }
            }
        }
        return null;
    }

    /**
     * Judgements in other shapes than "person verb" or "person is adjective": an idiom in the person's clause ("doesn't
     * know the first thing about"), a judgement word in front of them ("that idiot on the data team"), shoddy work they
     * produced ("keeps shipping junk"), their work judged ("Piotr's code is garbage"), a warning seen and overridden
     * ("saw the banner and deployed anyway"), an action judged afterwards (", which was reckless"), hindsight ("surely the
     * DBA knew") and sarcastic wishes ("it would help if developers actually read the alerts").
     */
    private Hit judgedInPassing(String sentence, List<Token> tokens) {
        for (int p = 0; p < tokens.size(); p++) {
            String word = tokens.get(p).word();
            int idiom = matchAt("person-idiom", tokens, p);
            if (idiom > 0 && p > 0) {
                Person person = clauseSubject(tokens, p);
                if (blamed(person) && !negatedBefore(tokens, person.from())) {
                    // the phrase from the verb after the person: "doesn't know the first thing about"
                    int from = person.to() < p && p - person.to() <= 4 && !tokens.get(person.to()).punctuation() ? person.to() : p;
                    return hit("person-judgement", sentence, tokens, from, p + idiom, person);
                }
            }
            int attributive = matchAt("judgement-attributive", tokens, p);
            if (attributive > 0 && !negatedBefore(tokens, p)) {
                String before = p > 0 ? tokens.get(p - 1).word() : "";
                boolean determined = p == 0 || Set.of("that", "this", "some", "the", "our", "a", "an", "their", "his", "her", "your",
                        "which", "whichever", "what", "resident", "those", "these", "total", "complete", "utter", "absolute").contains(before);
                boolean isPerson = matchAt("judgement-person-noun", tokens, p) == attributive;
                if (determined && isPerson && !(word.startsWith("genius") || word.equals("einstein") || word.equals("hero")
                        || word.startsWith("amateur")) || determined && isPerson && before.equals("some")) {
                    int end = p + attributive;
                    if (end >= tokens.size() || !tokens.get(end).word().equals("of") || before.equals("that") || before.equals("some")) {
                        return hit("person-judgement", sentence, tokens, p, end, null);
                    }
                }
                if (determined || p > 0 && tokens.get(p - 1).punctuation()) {
                    for (int k = p + attributive; k < tokens.size() && k - p - attributive <= 2; k++) {
                        Person person = personEndingAt(tokens, k);
                        if (blamed(person) && (k + 1 >= tokens.size() || !isRole(tokens, k + 1))) {
                            return hit("person-judgement", sentence, tokens, p, person.to(), person);
                        }
                        if (tokens.get(k).punctuation()) {
                            break;
                        }
                    }
                }
            }
            if (in("poor-work", word) && p > 1 && !compoundNoun(tokens, p + 1) && !(p + 1 < tokens.size()
                    && tokens.get(p + 1).word().startsWith("collect"))) {
                // "keeps shipping junk", "wrote garbage code", "pushed a half-baked migration"
                for (int v = p - 1; v >= 0 && p - v <= 3; v--) {
                    if (in("producing-verb", tokens.get(v).word())) {
                        Person person = clauseSubject(tokens, v);
                        if (blamed(person) && !negatedBefore(tokens, v) && !word.equals("broken")) {
                            return hit("person-judgement", sentence, tokens, v, p + 1, person);
                        }
                        break;
                    }
                    if (tokens.get(v).punctuation() || !Set.of("a", "an", "the", "more", "some", "total", "complete", "utter", "such",
                            "absolute", "pure", "yet", "another").contains(tokens.get(v).word())) {
                        break;
                    }
                }
            }
            // "Piotr's code is garbage", "Mina's attitude during the call was appalling"
            if (word.equals("'s") && p > 0) {
                Person owner = personEndingAt(tokens, p - 1);
                if (blamed(owner) && p + 1 < tokens.size() && in("work-noun", tokens.get(p + 1).word())) {
                    for (int b = p + 2; b < tokens.size() && b - p <= 7; b++) {
                        if (BE.contains(tokens.get(b).word())) {
                            int q = b + 1;
                            while (q < tokens.size() && (JUDGEMENT_FILLER.contains(tokens.get(q).word()) && !tokens.get(q).word().equals("a")
                                    && !tokens.get(q).word().equals("an") || isAdverb(tokens.get(q).word()))) {
                                q++;
                            }
                            int verdict = q < tokens.size() ? Math.max(matchAt("work-verdict", tokens, q), q + 1 < tokens.size()
                                    && (tokens.get(q).word().equals("a") || tokens.get(q).word().equals("an"))
                                    && matchAt("work-verdict", tokens, q + 1) > 0 ? 1 + matchAt("work-verdict", tokens, q + 1) : 0) : 0;
                            if (verdict > 0 && !deniedJudgement(tokens, b, q)) {
                                return hit("person-judgement", sentence, tokens, owner.from(), q + verdict, owner);
                            }
                            break;
                        }
                        if (tokens.get(b).punctuation() || CLAUSE_BREAK.contains(tokens.get(b).word())) {
                            break;
                        }
                    }
                }
            }
            // "Zoe saw the warning banner and deployed anyway", "Mehmet knew the risks and pushed the change anyway"
            int ahead = matchAt("went-ahead", tokens, p);
            if (ahead > 0) {
                for (int k = p - 1; k >= 0 && p - k <= 16; k--) {
                    int seen = matchAt("perceived", tokens, k);
                    if (seen > 0 && k > 0) {
                        Person person = clauseSubject(tokens, k);
                        if (blamed(person) && !negatedBefore(tokens, k)) {
                            return hit("counterfactual", sentence, tokens, k, p + ahead, person);
                        }
                    }
                    String w = tokens.get(k).word();
                    if (Set.of(";", ":", "—", "because", "since", "although", "though", "if").contains(w)) {
                        break;
                    }
                }
            }
            // "<person> knew the risks", "surely the DBA knew"
            if ((word.equals("knew") || word.equals("know") || word.equals("realised") || word.equals("realized")) && p > 0) {
                Person person = subjectBefore(tokens, p);
                boolean surely = false;
                if (blamed(person)) {
                    for (int k = person.from() - 1; k >= 0 && person.from() - k <= 3; k--) {
                        surely |= Set.of("surely", "obviously", "clearly", "definitely").contains(tokens.get(k).word());
                    }
                    for (int k = p + 1; k < tokens.size() && !surely && k - p <= 10; k++) {
                        surely = matchAt("knew-the-risk", tokens, k) > 0;
                        if (surely && Set.of("better", "risky", "dangerous").contains(tokens.get(k).word()) && k > p + 1
                                && !Set.of("it", "that", "was", "knew", "this").contains(tokens.get(k - 1).word())) {
                            surely = false;
                        }
                    }
                    if (surely && !negatedBefore(tokens, p)) {
                        return hit("counterfactual", sentence, tokens, person.from(), p + 1, person);
                    }
                }
            }
            // "Chidi ... pushed to 100% anyway, which was reckless"
            if ((word.equals("which") || word.equals("that")) && p > 1 && tokens.get(p - 1).word().equals(",")
                    && p + 2 < tokens.size() && BE.contains(tokens.get(p + 1).word())) {
                int q = p + 2;
                while (q < tokens.size() && (JUDGEMENT_FILLER.contains(tokens.get(q).word()) || isAdverb(tokens.get(q).word()))) {
                    q++;
                }
                int adjective = q < tokens.size() ? Math.max(matchAt("judgement-adjective", tokens, q), matchAt("work-verdict", tokens, q)) : 0;
                if (adjective > 0 && !deniedJudgement(tokens, p + 1, q)) {
                    for (int k = 0; k < p - 1; k++) {
                        Person person = personEndingAt(tokens, k);
                        if (blamed(person)) {
                            return hit("person-judgement", sentence, tokens, p - 1 > 0 ? p + 1 : p, q + adjective, person);
                        }
                    }
                }
            }
            // "Apparently someone thought deploying on a holiday weekend was a good idea"
            if (Set.of("thought", "decided", "figured", "assumed", "reckoned", "felt", "believed").contains(word) && p > 0) {
                Person person = subjectBefore(tokens, p);
                if (blamed(person)) {
                    boolean ironic = false;
                    for (int k = person.from() - 1; k >= 0 && person.from() - k <= 3; k--) {
                        ironic |= Set.of("apparently", "somehow", "evidently", "clearly", "obviously", "naturally", "course").contains(tokens.get(k).word());
                    }
                    for (int k = p + 1; k + 2 < tokens.size() && k - p <= 10; k++) {
                        boolean idea = tokens.get(k).word().equals("a") && Set.of("good", "great", "smart", "bright", "clever", "brilliant", "genius", "fine")
                                .contains(tokens.get(k + 1).word()) && Set.of("idea", "plan", "move", "time").contains(tokens.get(k + 2).word());
                        boolean brilliant = Set.of("bright", "brilliant", "genius").contains(tokens.get(k + 1).word());
                        if (idea && (ironic || brilliant)) {
                            return hit("mock-praise", sentence, tokens, person.from(), k + 3, person);
                        }
                    }
                }
            }
            // "We trusted Noah with the key rotation, and that trust turned out to be misplaced"
            if (Set.of("trusted", "trusting", "relied", "relying", "counted", "counting", "depended").contains(word)) {
                int at = p + 1 < tokens.size() && tokens.get(p + 1).word().equals("on") ? p + 2 : p + 1;
                Person person = personAfter(tokens, at);
                if (blamed(person)) {
                    for (int k = person.to(); k < tokens.size() && k - person.to() <= 14; k++) {
                        if (Set.of("misplaced", "unwarranted", "naive", "mistake", "error").contains(tokens.get(k).word()) && !negatedBefore(tokens, k)) {
                            return hit("person-judgement", sentence, tokens, p, k + 1, person);
                        }
                    }
                }
            }
            // "Ahmed's team can't write a migration without breaking something"
            if (word.equals("without") && p + 1 < tokens.size() && Set.of("breaking", "screwing", "messing", "causing", "wrecking",
                    "taking", "bringing", "knocking").contains(tokens.get(p + 1).word())) {
                for (int k = p - 1; k > 0 && p - k <= 8; k--) {
                    if ((tokens.get(k).word().equals("not") && Set.of("can", "could").contains(tokens.get(k - 1).word())
                            || tokens.get(k).word().equals("cannot") || tokens.get(k).word().equals("never"))) {
                        int verb = tokens.get(k).word().equals("not") ? k - 1 : k;
                        Person person = subjectBefore(tokens, verb);
                        if (blamed(person)) {
                            return hit("person-judgement", sentence, tokens, verb, p + 2, person);
                        }
                    }
                    if (tokens.get(k).punctuation() || CLAUSE_BREAK.contains(tokens.get(k).word())) {
                        break;
                    }
                }
            }
            // "Nobody on the infra team knows what they're doing"
            if (Set.of("nobody", "none", "noone", "no-one").contains(word) && p + 2 < tokens.size()
                    && Set.of("on", "in", "from", "at", "of").contains(tokens.get(p + 1).word())) {
                Person team = personAfter(tokens, p + 2);
                if (blamed(team) && team.to() < tokens.size() && Set.of("knows", "understands", "cares", "bothers", "reads", "tests", "checks",
                        "reviews", "listens", "thinks", "has", "seems", "gives").contains(tokens.get(team.to()).word())) {
                    return hit("person-judgement", sentence, tokens, p, team.to() + 1, team);
                }
            }
            // "Good thing Lena was there to delete the backups for us"
            if ((word.equals("good") || word.equals("lucky")) && p + 1 < tokens.size() && Set.of("thing", "that", "we").contains(tokens.get(p + 1).word())
                    || word.equals("thank") && p + 1 < tokens.size() && Set.of("god", "goodness", "heavens").contains(tokens.get(p + 1).word())) {
                for (int k = p + 2; k + 3 < tokens.size() && k - p <= 6; k++) {
                    Person person = personEndingAt(tokens, k);
                    if (blamed(person) && BE.contains(tokens.get(k + 1).word()) && Set.of("there", "around", "here").contains(tokens.get(k + 2).word())
                            && tokens.get(k + 3).word().equals("to") && k + 4 < tokens.size()
                            && Set.of("delete", "drop", "wipe", "break", "take", "nuke", "push", "skip", "ignore", "disable", "reboot", "restart",
                            "kill", "crash", "remove", "overwrite", "corrupt", "approve", "merge", "deploy", "ship").contains(tokens.get(k + 4).word())) {
                        return hit("mock-praise", sentence, tokens, p, k + 5, person);
                    }
                }
            }
            // "I expected better from the platform team", "too much to ask of the on-call engineer"
            int let = matchAt("disappointment", tokens, p);
            // "too much to ask of one responder", "of any single engineer": a load no person could carry, not a verdict
            boolean anyOne = let > 0 && word.equals("too") && p + let < tokens.size()
                    && Set.of("one", "a", "an", "any", "anyone", "anybody", "everyone", "a single", "single", "human", "humans", "people")
                    .contains(tokens.get(p + let).word());
            if (let > 0 && !anyOne && !negatedBefore(tokens, p)) {
                Person person = personAfter(tokens, p + let);
                if (blamed(person)) {
                    return hit("person-judgement", sentence, tokens, p, person.to(), person);
                }
            }
            // "It would help if developers actually read the alerts", "maybe if the reviewer bothered to look"
            if (word.equals("if") && p > 0) {
                boolean wish = false;
                for (int k = p - 1; k >= 0 && p - k <= 4; k--) {
                    wish |= Set.of("help", "helps", "nice", "great", "good", "maybe", "perhaps", "wish", "lovely", "better", "refreshing", "novel")
                            .contains(tokens.get(k).word());
                }
                Person person = wish ? personAfter(tokens, p + 1) : null;
                if (blamed(person) && person.to() < tokens.size()) {
                    int v = person.to();
                    if (v < tokens.size() && Set.of("would", "could", "did", "just").contains(tokens.get(v).word())) {
                        v++;
                    }
                    if (v < tokens.size() && Set.of("actually", "bothered", "bother", "ever", "even", "occasionally", "sometimes")
                            .contains(tokens.get(v).word())) {
                        return hit("counterfactual", sentence, tokens, p, v + 1, person);
                    }
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ blame worded politely

    /**
     * Blame worded politely, where no word of the sentence is a verdict on its own: a disclaimer before a person
     * ("Not pointing fingers, but the only person who touched it was Rohan", "It's probably not a coincidence that things
     * got calmer once Greg stepped away"); advice aimed at one person behind a hedge ("Perhaps next time Ana could take a
     * moment to read the runbook", "It may be worth gently reminding Oluwaseun that ..."); praise with a sting ("Samir is
     * great at many things, but maybe rollouts just aren't one of them", "the designers, bless them, ..."); a person
     * measured against a better one ("a more experienced engineer would probably have spotted"); and low expectations
     * ("he wasn't really expected to understand the caching layer", "junior engineers like Ethan tend to rush").
     */
    private Hit veiledRemark(String sentence, List<Token> tokens) {
        Hit hit = betterPerson(sentence, tokens);
        if (hit == null) {
            hit = ironicCredit(sentence, tokens);
        }
        for (int p = 0; p < tokens.size() && hit == null; p++) {
            int disclaimer = matchAt("insinuation", tokens, p);
            if (disclaimer > 0) {
                Person person = namedPerson(tokens, 0, tokens.size(), p, p + disclaimer);
                if (person != null) {
                    hit = hit("insinuation", sentence, tokens, p, p + disclaimer, person);
                }
            }
            int low = matchAt("low-expectation", tokens, p);
            if (hit == null && low > 0) {
                Person person = namedPerson(tokens, 0, tokens.size(), p, p + low);
                if (person != null) {
                    hit = hit("person-judgement", sentence, tokens, p, p + low, person);
                }
            }
            if (hit == null) {
                hit = faintPraise(sentence, tokens, p);
            }
            if (hit == null) {
                hit = adviceToOne(sentence, tokens, p);
            }
            // "junior engineers like Ethan", "people like Marta": a person filed under a group
            if (hit == null && tokens.get(p).word().equals("like") && p > 0 && isRole(tokens, p - 1) && p + 1 < tokens.size()
                    && isName(tokens, p + 1)) {
                hit = hit("person-judgement", sentence, tokens, p - 1, p + 2, new Person(p + 1, p + 2, Who.NAME));
            }
        }
        return hit;
    }

    /**
     * "Brilliant move by Tobias, restarting the primary during peak traffic", "Credit to Nadia for finally noticing the
     * issue, only four hours after it started", "Kudos to the QA team for testing absolutely none of it", and the answer
     * to a verdict asked as a question: "Apparently Kenji does."
     */
    private Hit ironicCredit(String sentence, List<Token> tokens) {
        int praise = matchAt("praise-opener", tokens, 0);
        if (praise > 0 && praise + 2 < tokens.size() && tokens.get(praise).word().equals("move") && tokens.get(praise + 1).word().equals("by")) {
            Person person = personAfter(tokens, praise + 2);
            if (blamed(person)) {
                return hit("mock-praise", sentence, tokens, 0, person.to(), person);
            }
        }
        int credit = Math.max(praise, matchAt("credit-opener", tokens, 0));
        if (credit > 0) {
            int at = tokens.get(credit - 1).word().equals("to") || tokens.get(credit - 1).word().equals("for") ? credit
                    : credit < tokens.size() && Set.of("to", "for").contains(tokens.get(credit).word()) ? credit + 1 : -1;
            Person person = at > 0 ? personAfter(tokens, at) : null;
            if (blamed(person) && person.to() + 1 < tokens.size() && tokens.get(person.to()).word().equals("for")) {
                int v = person.to() + 1;
                boolean late = false;
                while (v < tokens.size() && (isAdverb(tokens.get(v).word()) || in("irony-time", tokens.get(v).word()))) {
                    late |= Set.of("finally", "eventually").contains(tokens.get(v).word());
                    v++;
                }
                if (v < tokens.size() && tokens.get(v).word().endsWith("ing")) {
                    for (int r = v + 1; r < tokens.size() && !late; r++) {
                        late = Set.of("mere", "none", "nothing", "only", "hours", "days", "absolutely", "after").contains(tokens.get(r).word())
                                && !(tokens.get(r).word().equals("after") && r + 1 < tokens.size() && tokens.get(r + 1).word().equals("the"));
                    }
                    if (late) {
                        return hit("mock-praise", sentence, tokens, 0, v + 1, person);
                    }
                }
            }
        }
        // "Cyril's clever shortcut saved ten minutes and cost us six hours", "Lea's small tweak ... took down every region"
        for (int p = 1; p + 2 < tokens.size(); p++) {
            if (!tokens.get(p).word().equals("'s") || !blamed(personEndingAt(tokens, p - 1))
                    || !in("ironic-work", tokens.get(p + 1).word()) || !in("work-noun", tokens.get(p + 2).word())
                    && !Set.of("tweak", "shortcut", "idea", "hack", "cleanup", "improvement", "plan").contains(tokens.get(p + 2).word())) {
                continue;
            }
            for (int r = p + 3; r < tokens.size(); r++) {
                if (matchAt("damage", tokens, r) > 0) {
                    return hit("mock-praise", sentence, tokens, personEndingAt(tokens, p - 1).from(), p + 3, personEndingAt(tokens, p - 1));
                }
            }
        }
        // "Apparently Kenji does.": the answer to a rhetorical question
        if (tokens.size() <= 4 && Set.of("apparently", "evidently", "obviously", "clearly").contains(tokens.get(0).word()) && tokens.size() >= 3) {
            Person person = personAfter(tokens, 1);
            if (blamed(person) && person.to() < tokens.size() && Set.of("does", "did", "do").contains(tokens.get(person.to()).word())
                    && !tokens.get(1).word().equals("we")) {
                return hit("rhetorical-question", sentence, tokens, 0, person.to() + 1, person);
            }
        }
        return null;
    }

    /** A person named, by role or singled out in the sentence outside the cue's own words; not "I", "you" or "we". */
    private Person namedPerson(List<Token> tokens, int from, int to, int cueFrom, int cueTo) {
        for (int k = from; k < to; k++) {
            if (k >= cueFrom && k < cueTo) {
                continue;
            }
            Person person = personEndingAt(tokens, k);
            if (blamed(person) && !Set.of("i", "you", "u", "y'all", "someone", "somebody", "whoever")
                    .contains(tokens.get(person.from()).word()) && !(negatedBefore(tokens, person.from()) && person.from() - 3 >= cueTo)
                    && !(person.who() == Who.SINGLE && Set.of("he", "she", "him", "her").contains(tokens.get(k).word()))) {
                return person;
            }
        }
        return null;
    }

    /** "a more experienced engineer would probably have spotted", "someone with more experience would not have run". */
    private Hit betterPerson(String sentence, List<Token> tokens) {
        for (int p = 0; p + 3 < tokens.size(); p++) {
            String word = tokens.get(p).word();
            if (!Set.of("a", "an", "any", "someone", "somebody", "anyone", "anybody").contains(word)) {
                continue;
            }
            int q = p + 1;
            while (q < tokens.size() && q - p <= 3 && Set.of("slightly", "little", "bit", "much", "far", "a", "truly", "genuinely")
                    .contains(tokens.get(q).word())) {
                q++;
            }
            int better = q < tokens.size() ? matchAt("better-person", tokens, q) : 0;
            if (better == 0) {
                continue;
            }
            int head = q + better;
            boolean pronoun = Set.of("someone", "somebody", "anyone", "anybody").contains(word);
            if (!pronoun) {
                // the person: a role word right after the judgement ("a more careful reviewer", "any half-decent DBA")
                if (head >= tokens.size() || !in("role", tokens.get(head).word()) || in("not-blamed-role", tokens.get(head).word())) {
                    continue;
                }
                head++;
            }
            for (int k = head; k + 1 < tokens.size() && k - head <= 6; k++) {
                String modal = tokens.get(k).word();
                if (tokens.get(k).punctuation() && !modal.equals(",")) {
                    break;
                }
                if (Set.of("would", "could", "might", "'d").contains(modal)) {
                    int r = k + 1;
                    while (r < tokens.size() && (Set.of("probably", "likely", "certainly", "surely", "not", "never", "easily",
                            "definitely", "have").contains(tokens.get(r).word()) || isAdverb(tokens.get(r).word()))) {
                        r++;
                    }
                    if (r > k + 1 && tokens.get(r - 1).word().equals("have") || r < tokens.size() && r - 1 > k
                            && tokens.subList(k + 1, r).stream().anyMatch(t -> t.word().equals("have"))) {
                        return hit("counterfactual", sentence, tokens, p, Math.min(r + 1, tokens.size()), new Person(p, head, Who.SINGLE));
                    }
                }
            }
        }
        return null;
    }

    /**
     * "Tiago meant well, I'm sure, but ...", "Sofia is a lovely colleague, though attention to detail isn't exactly her
     * strongest trait", "the designers, bless them, ...": praise of a person that the rest of the sentence takes back.
     */
    private Hit faintPraise(String sentence, List<Token> tokens, int p) {
        String word = tokens.get(p).word();
        if (word.equals("bless") && p + 1 < tokens.size() && Set.of("him", "her", "them", "his", "their").contains(tokens.get(p + 1).word())) {
            Person person = namedPerson(tokens, 0, p, p, p + 2);
            if (person != null || p > 0 && tokens.get(p - 1).word().equals(",")) {
                return hit("person-judgement", sentence, tokens, p, p + 2, person != null ? person : new Person(p + 1, p + 2, Who.SINGLE));
            }
        }
        int praise = matchAt("faint-praise", tokens, p);
        if (praise == 0 || p == 0) {
            return null;
        }
        Person subject = subjectBefore(tokens, p);
        if (!blamed(subject) || Set.of("i", "you").contains(tokens.get(subject.from()).word())) {
            return null;
        }
        // the sting: a contrast, then a denial or an excess ("but maybe rollouts just aren't", "though ... isn't", "a bit too")
        for (int k = p + praise; k < tokens.size(); k++) {
            if (Set.of("but", "though", "although", "however", "yet", ";").contains(tokens.get(k).word())
                    || tokens.get(k).word().equals("if") && tokens.get(k - 1).word().equals("even")) {
                for (int r = k + 1; r < tokens.size(); r++) {
                    if (Set.of("not", "never", "no", "none", "too", "nowhere", "hardly").contains(tokens.get(r).word())) {
                        return hit("person-judgement", sentence, tokens, subject.from(), p + praise, subject);
                    }
                }
                return null;
            }
        }
        return null;
    }

    /**
     * "Perhaps next time Ana could take a moment to read the runbook", "We'd all appreciate it if Linh could be a bit more
     * careful", "It may be worth gently reminding Oluwaseun that ...": advice behind a hedge, aimed at one person.
     */
    private Hit adviceToOne(String sentence, List<Token> tokens, int p) {
        int cue = matchAt("advice-cue", tokens, p);
        if (cue == 0) {
            return null;
        }
        int end = cue + p;
        for (int k = end - 1; k < tokens.size() && k - end <= 12; k++) {
            String word = tokens.get(k).word();
            if (Set.of(";", ":", "—", "because", "since").contains(word)) {
                return null;
            }
            // "... reminding Oluwaseun", "a quiet word with Rupert", "suggest that Lena", "appreciate it if Linh", "worth her"
            if (Set.of("reminding", "remind", "reminder", "with", "that", "if", "for", "worth", "to").contains(word)) {
                Person person = personAfter(tokens, k + 1);
                if (!adviceTarget(person, tokens)) {
                    boolean pronoun = k + 1 < tokens.size() && Set.of("her", "him", "them").contains(tokens.get(k + 1).word()) && word.equals("worth");
                    person = pronoun ? new Person(k + 1, k + 2, Who.SINGLE) : null;
                }
                if (person != null) {
                    int v = person.to();
                    while (v < tokens.size() && (isAdverb(tokens.get(v).word()) || tokens.get(v).word().equals(","))) {
                        v++;
                    }
                    String next = v < tokens.size() ? tokens.get(v).word() : "";
                    boolean ask = Set.of("reminding", "remind", "reminder", "with").contains(word) && (next.isEmpty()
                            || Set.of("that", "about", "to", "of", "how", ".", ",").contains(next) || tokens.get(v).punctuation());
                    boolean modal = Set.of("could", "might", "should", "would", "'d", "may", "pair", "reads", "read", "checks",
                            "check", "ask", "asks", "take", "takes", "slow", "be", "try").contains(next) || next.endsWith("ing")
                            && word.equals("worth");
                    boolean wish = word.equals("if") && (Set.of("could", "would", "did", "actually", "just", "bothered").contains(next)
                            || tokens.subList(v, tokens.size()).stream().anyMatch(t -> Set.of("occasionally", "ever", "actually",
                            "sometimes").contains(t.word()))
                            || next.endsWith("ed") && v + 1 < tokens.size() && Set.of("us", "someone", "anyone").contains(tokens.get(v + 1).word()));
                    boolean forTo = word.equals("for") && next.equals("to");
                    // "It would help if Priya could add a disk alert": an action item with an owner, not advice
                    if ((modal || wish) && !ask && !forTo && assignedWork(tokens, Set.of("could", "might", "should", "would", "'d",
                            "may").contains(next) ? v + 1 : v)) {
                        continue;
                    }
                    if (ask || (modal && !word.equals("for") && !word.equals("to")) || wish || forTo
                            || word.equals("to") && tokens.get(k - 1).word().equals("reminder")) {
                        return hit("advice-to-one", sentence, tokens, p, Math.min(tokens.size(), v + 1), person);
                    }
                }
            }
        }
        // "Perhaps the on-call, who shall remain nameless, could consider ...", "Maybe Jonah could slow down"
        for (int k = end; k < tokens.size() && k - end <= 14; k++) {
            String word = tokens.get(k).word();
            if (Set.of(";", ":", "—", "because", "since", "if").contains(word)) {
                return null;
            }
            if (Set.of("could", "might", "should", "may").contains(word)) {
                Person subject = subjectBefore(tokens, k);
                if (adviceTarget(subject, tokens) && subject.from() >= end && k + 1 < tokens.size() && !tokens.get(k + 1).word().equals("have")
                        && !assignedWork(tokens, k + 1)) {
                    return hit("advice-to-one", sentence, tokens, p, k + 1, subject);
                }
                return null;
            }
        }
        return null;
    }

    /**
     * Work handed to someone, the way an action item is written ("Maybe Priya could add an alert for disk usage",
     * "Going forward, the on-call could own the dashboard"): the verb at {@code from} (after any adverbs) names a task,
     * not a way of behaving ("slow down", "be more careful", "read the runbook first", "check with someone").
     */
    private boolean assignedWork(List<Token> tokens, int from) {
        int v = from;
        while (v < tokens.size() && isAdverb(tokens.get(v).word()) && !Set.of("actually", "just", "finally", "ever").contains(tokens.get(v).word())) {
            v++;
        }
        return v < tokens.size() && ASSIGNED_WORK.contains(tokens.get(v).word())
                && tokens.subList(v, tokens.size()).stream().noneMatch(t -> Set.of("actually", "finally", "bother", "properly",
                "carefully", "himself", "herself", "themselves", "alone", "before", "instead").contains(t.word()));
    }

    /** Verbs of tasks given to an owner in action items. */
    private static final Set<String> ASSIGNED_WORK = Set.of("add", "own", "build", "create", "write", "draft", "document",
            "automate", "set", "update", "implement", "configure", "migrate", "lead", "schedule", "share", "present",
            "investigate", "file", "open", "raise", "prepare", "extend", "replace", "rotate", "track", "coordinate",
            "organise", "organize", "define", "design", "propose", "host", "facilitate", "monitor", "ship",
            "write-up", "pair", "demo", "contact", "reach", "talk", "evaluate", "benchmark", "prototype", "publish",
            "archive", "label", "tag", "wire", "backfill", "enable", "introduce", "run", "collect", "gather", "summarise",
            "summarize", "estimate", "plan", "review");

    private boolean adviceTarget(Person person, List<Token> tokens) {
        return blamed(person) && !Set.of("i", "you", "u", "y'all", "someone", "somebody", "whoever", "he", "she")
                .contains(tokens.get(person.from()).word());
    }

    /** The earliest person in the clause before {@code p} ("Layla doesn't know ...", "..., and he let us down"). */
    private Person clauseSubject(List<Token> tokens, int p) {
        Person found = null;
        for (int k = p - 1; k >= 0 && p - k <= 14; k--) {
            Token token = tokens.get(k);
            String word = token.word();
            if (token.punctuation() && !word.equals(",") || CLAUSE_BREAK.contains(word) && !word.equals("and") && !word.equals("then")
                    || word.equals("who") || word.equals("which")) {
                break;
            }
            Person person = personEndingAt(tokens, k);
            if (person != null && (person.from() == 0 || !Set.of("to", "for", "with", "by", "about", "of", "from", "than", "like", "on", "at", "in")
                    .contains(tokens.get(person.from() - 1).word()))) {
                found = person;
                k = person.from();
            }
        }
        return found;
    }

}
