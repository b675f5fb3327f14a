package io.hindsight.account;

import com.nulabinc.zxcvbn.Feedback;
import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Password rules and hashing: bcrypt with cost 12, at least 12 characters, at most 72 bytes (the
 * most bcrypt reads), not only whitespace, not one of the passwords seen most in breaches (also with
 * trailing digits and symbols taken off), and hard enough to guess by zxcvbn's estimate (score 3 of 4).
 * One policy for every place a password is set: setup, the first admin from the environment, the
 * admin's invite and reset forms, and Your account → Password.
 */
@ApplicationScoped
public class Passwords {

    static final int MIN_LENGTH = 12;
    static final int MAX_BYTES = 72;
    private static final int COST = 12;
    /**
     * A hash of a random password, compared against when the account does not exist, so timing says nothing. Made on
     * first use, not at start: a bcrypt hash at cost 12 is a quarter of a second of CPU the portal's start need not
     * wait for.
     */
    private static final class Decoy {
        static final String HASH = BcryptUtil.bcryptHash("decoy-" + System.nanoTime(), COST);
    }

    /** The lists and the estimator, read on first use (the bean's client proxy is made at start and runs initialisers). */
    private static final class Lists {
        static final Set<String> COMMON = load("/account/common-passwords.txt", load("/account/breached-passwords.txt", new HashSet<>()));
        static final Zxcvbn ZXCVBN = new Zxcvbn();
    }

    /** zxcvbn's score (0–4) a new password needs: 3 is "safely unguessable" for an online attacker. */
    static final int MIN_SCORE = 3;
    /** Digits, punctuation, symbols and spaces around a word: what people add to a common password. */
    private static final Pattern AFFIXES = Pattern.compile("^[\\p{N}\\p{P}\\p{S}\\s]+|[\\p{N}\\p{P}\\p{S}\\s]+$");

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    public boolean matches(String password, String hash) {
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        return BcryptUtil.matches(password, hash == null ? Decoy.HASH : hash);
    }

    /** Spends the same time as a real check, for unknown accounts. */
    public void matchDecoy(String password) {
        BcryptUtil.matches(password == null ? "" : password, Decoy.HASH);
    }

    /** Why a new password is not acceptable, or empty when it is. */
    public Optional<String> weakness(String password, String email) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters; a few unrelated words make a strong, memorable password.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("Use at most " + MAX_BYTES + " bytes (about 72 letters, fewer with accents or emoji).");
        }
        if (password.isBlank()) {
            return Optional.of("A password cannot be only spaces. Use a few unrelated words.");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (isBreached(lower)) {
            return Optional.of("That password is on the list attackers try first: it appears in many breaches, "
                    + "also with digits or symbols added. Choose another.");
        }
        if (email != null && !email.isBlank() && isMostlyEmail(lower, User.normalize(email))) {
            return Optional.of("Do not build the password from your email address.");
        }
        Strength strength = Lists.ZXCVBN.measure(password, userInputs(email));
        if (strength.getScore() < MIN_SCORE) {
            return Optional.of(explain(strength.getFeedback()));
        }
        return Optional.empty();
    }

    /** On the list as typed, or once the digits and symbols people add before or after a word are taken off. */
    boolean isBreached(String lower) {
        Set<String> common = Lists.COMMON;
        if (common.contains(lower)) {
            return true;
        }
        String trailingOff = lower.replaceAll("[\\p{N}\\p{P}\\p{S}\\s]+$", "");
        String bothOff = AFFIXES.matcher(lower).replaceAll("");
        return (!trailingOff.isEmpty() && common.contains(trailingOff)) || (!bothOff.isEmpty() && common.contains(bothOff));
    }

    /** zxcvbn's warning and suggestions as plain sentences, after the reason itself. */
    static String explain(Feedback feedback) {
        StringBuilder why = new StringBuilder("That password is too easy to guess.");
        String warning = feedback.getWarning(Locale.ENGLISH);
        if (warning != null && !warning.isBlank()) {
            why.append(' ').append(sentence(warning));
        }
        List<String> suggestions = feedback.getSuggestions(Locale.ENGLISH);
        if (suggestions == null || suggestions.isEmpty()) {
            why.append(" Add another word or two; a few unrelated words make a strong, memorable password.");
        } else {
            suggestions.forEach(s -> why.append(' ').append(sentence(s)));
        }
        return why.toString();
    }

    private static String sentence(String text) {
        String t = text.strip();
        return t.endsWith(".") || t.endsWith("!") || t.endsWith("?") ? t : t + ".";
    }

    /** The email address and its parts, which zxcvbn treats as words an attacker knows. */
    private static List<String> userInputs(String email) {
        if (email == null || email.isBlank()) {
            return List.of();
        }
        List<String> inputs = new ArrayList<>();
        String normalized = User.normalize(email);
        inputs.add(normalized);
        for (String part : normalized.split("[@._+-]")) {
            if (part.length() >= 3) {
                inputs.add(part);
            }
        }
        return inputs;
    }

    /** The whole address, or its name part making up half the password or more. */
    static boolean isMostlyEmail(String password, String email) {
        String name = email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
        return password.contains(email) || (name.length() >= 4 && password.contains(name) && name.length() * 2 >= password.length());
    }

    private static Set<String> load(String resource, Set<String> words) {
        try (InputStream in = Passwords.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .map(l -> l.toLowerCase(Locale.ROOT)).forEach(words::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
