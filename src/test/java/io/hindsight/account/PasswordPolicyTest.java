package io.hindsight.account;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * D16 Passwords: bcrypt with cost ≥ 10, at least 12 characters, at most 72 bytes (what bcrypt
 * reads), not on the list of common passwords. Checked where people choose one: the admin's invite
 * form (the setup form uses the same rules) and Your account → Password.
 */
@QuarkusTest
@DisplayName("D16 Password policy")
class PasswordPolicyTest {

    static final String GOOD = "lanterns drift past the pier";

    private static String newEmail() {
        return "invitee-" + Incidents.shortId() + "@test.hindsight.example";
    }

    private static boolean exists(String email) {
        return QuarkusTransaction.requiringNew().call(() -> User.findByEmail(email).isPresent());
    }

    private static Response invite(String email, String password) {
        return PortalClient.browserAs(Role.ADMIN).open("/admin/users").submit("/admin/users",
                Map.of("name", "Ada Invitee", "email", email, "role", "EDITOR", "password", password));
    }

    /** {@code count} times {@code unit}. */
    private static String times(String unit, int count) {
        return unit.repeat(count);
    }

    @ParameterizedTest(name = "D16 invite refused: {0}")
    @CsvSource(delimiter = '|', value = {
            "too short (11 characters)             | short pw 11 | Use at least 12 characters",
            "common (password1234)                 | password1234 | on the list attackers try first",
            "common in other case (Password1234)   | Password1234 | on the list attackers try first",
            "breached word, capital, digits, symbol | Password123! | on the list attackers try first",
            "breached keyboard row with digits     | qwertyuiop12 | on the list attackers try first",
            "breached word with digits             | welcome12345 | on the list attackers try first",
            "twelve spaces                         | '            ' | cannot be only spaces",
            "zxcvbn: a name and a year, score 2    | johnsmith1980 | too easy to guess. Add another word or two.",
            "zxcvbn: one word repeated             | harbourharbourharbour | too easy to guess. Repeats like",
    })
    void d16_weakPasswordsAreRefusedOnTheInviteForm(String why, String password, String message) {
        String email = newEmail();
        Response page = invite(email, password);

        assertEquals(400, page.statusCode(), why);
        Optional<String> error = Html.fieldError(page.asString(), "password");
        assertTrue(error.isPresent() && error.get().contains(message), () -> why + ": " + error);
        assertTrue(page.asString().contains("Nobody was added yet."));
        assertEquals(Optional.of(email), Html.inputValue(page.asString(), "email"), "the other fields are kept");
        assertEquals(Optional.of("Ada Invitee"), Html.inputValue(page.asString(), "name"), "the other fields are kept");
        assertFalse(exists(email), "nobody was created");
    }

    @Test
    @DisplayName("D16 the rules themselves: breached-list hits (any case, digits and symbols stripped), whitespace, zxcvbn score < 3; a passphrase passes")
    void d16_oneRuleForEveryPlaceAPasswordIsSet() {
        Passwords passwords = new Passwords();
        for (String weak : new String[] {"Password123!", "qwertyuiop12", "welcome12345", " ".repeat(12), "!!Sunshine2024!!",
                "johnsmith1980"}) {
            assertTrue(passwords.weakness(weak, "ada@example.com").isPresent(), weak);
        }
        assertEquals(Optional.empty(), passwords.weakness(GOOD, "ada@example.com"));
        assertEquals(Optional.empty(), passwords.weakness("violets under the old bridge", "ada@example.com"));
    }

    @Test
    @DisplayName("D16 a strong passphrase is accepted on the invite form")
    void d16_aStrongPassphraseIsAccepted() {
        String email = newEmail();
        Response added = invite(email, GOOD);
        assertEquals(303, added.statusCode(), () -> "accepted: " + added.asString());
        assertTrue(exists(email));
    }

    @Test
    @DisplayName("D16 more than 72 bytes is refused (bcrypt would ignore the rest), counting bytes, not characters")
    void d16_passwordsOverSeventyTwoBytesAreRefused() {
        String ascii = times("harbour ", 9) + "x"; // 73 bytes
        String accented = times("ä", 40);            // 40 characters, 80 bytes in UTF-8
        assertEquals(73, ascii.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(80, accented.getBytes(StandardCharsets.UTF_8).length);

        for (String password : new String[] {ascii, accented}) {
            String email = newEmail();
            Response page = invite(email, password);
            assertEquals(400, page.statusCode());
            assertTrue(Html.fieldError(page.asString(), "password").orElse("").contains("at most 72 bytes"),
                    () -> "72-byte message for " + password.length() + " characters");
            assertFalse(exists(email));
        }
    }

    @Test
    @DisplayName("D16 exactly 12 characters and exactly 72 bytes are fine; the hash is bcrypt with cost ≥ 10")
    void d16_boundaryPasswordsAreAcceptedAndHashedWithBcrypt() {
        String twelve = "cobalt mist!";
        String seventyTwo = "lanterns drift past the pier while gulls argue over a crust of rye bread"; // 72 bytes
        assertEquals(12, twelve.length());
        assertEquals(72, seventyTwo.getBytes(StandardCharsets.UTF_8).length);

        for (String password : new String[] {twelve, seventyTwo}) {
            String email = newEmail();
            Response added = invite(email, password);
            assertEquals(303, added.statusCode(), () -> "accepted: " + added.asString());
            String hash = QuarkusTransaction.requiringNew().call(() -> User.findByEmail(email).orElseThrow().passwordHash);
            assertTrue(hash.matches("^\\$2[aby]?\\$(1[0-9]|[2-3][0-9])\\$.{53}$"), () -> "bcrypt, cost ≥ 10: " + hash);
            assertFalse(hash.contains(password));
        }
    }

    @Test
    @DisplayName("D16 Your account → Password refuses a breached password with trailing digits and says why")
    void d16_changingToABreachedPasswordWithDigitsIsRefused() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().signIn(account);

        Response page = browser.open("/account/password").submit("/account/password",
                Map.of("current", account.password(), "password", "welcome12345", "confirmation", "welcome12345"));

        assertEquals(400, page.statusCode());
        assertTrue(Html.fieldError(page.asString(), "password").orElse("").contains("appears in many breaches"));
        PortalClient.anonymous().signIn(account);
    }

    @Test
    @DisplayName("D16 Your account → Password refuses a common new password, and the old one keeps working")
    void d16_changingToAWeakPasswordIsRefused() {
        TestAccounts.Account account = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.anonymous().signIn(account);

        Response page = browser.open("/account/password").submit("/account/password",
                Map.of("current", account.password(), "password", "password1234", "confirmation", "password1234"));

        assertEquals(400, page.statusCode());
        assertTrue(Html.fieldError(page.asString(), "password").orElse("").contains("on the list attackers try first"));
        PortalClient.anonymous().signIn(account); // the old password still works
    }
}
