package io.hindsight.account;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Password rules and hashing: bcrypt with cost 12, at least 12 characters, at most 72 bytes (the
 * most bcrypt reads), and not one of the passwords every attacker tries first.
 */
@ApplicationScoped
public class Passwords {

    static final int MIN_LENGTH = 12;
    static final int MAX_BYTES = 72;
    private static final int COST = 12;
    /** A hash of a random password, compared against when the account does not exist, so timing says nothing. */
    private static final String DECOY = BcryptUtil.bcryptHash("decoy-" + System.nanoTime(), COST);

    private final Set<String> common = load();

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    public boolean matches(String password, String hash) {
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        return BcryptUtil.matches(password, hash == null ? DECOY : hash);
    }

    /** Spends the same time as a real check, for unknown accounts. */
    public void matchDecoy(String password) {
        BcryptUtil.matches(password == null ? "" : password, DECOY);
    }

    /** Why a new password is not acceptable, or empty when it is. */
    public Optional<String> weakness(String password, String email) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters; a few unrelated words make a strong, memorable password.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("Use at most " + MAX_BYTES + " bytes (about 72 letters, fewer with accents or emoji).");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (common.contains(lower)) {
            return Optional.of("That password is on the list attackers try first. Choose another.");
        }
        if (email != null && !email.isBlank() && isMostlyEmail(lower, User.normalize(email))) {
            return Optional.of("Do not build the password from your email address.");
        }
        return Optional.empty();
    }

    /** The whole address, or its name part making up half the password or more. */
    static boolean isMostlyEmail(String password, String email) {
        String name = email.contains("@") ? email.substring(0, email.indexOf('@')) : email;
        return password.contains(email) || (name.length() >= 4 && password.contains(name) && name.length() * 2 >= password.length());
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (InputStream in = Passwords.class.getResourceAsStream("/account/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("account/common-passwords.txt is missing from the build");
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
