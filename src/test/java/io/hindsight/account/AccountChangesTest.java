package io.hindsight.account;

import io.hindsight.Addresses;
import io.hindsight.ApiTokens;
import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.ProblemAssertions;
import io.hindsight.TestAccounts;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.AuthAssertions.assertBearerAccepted;
import static io.hindsight.AuthAssertions.assertBearerRefused;
import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static io.hindsight.AuthAssertions.assertCookieRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * B11 (and C) A changed password, role or status ends everything signed in as that person at once:
 * every browser session, every program sign-in; a disabled person's personal access tokens stop too.
 */
@QuarkusTest
@DisplayName("B11/C Account changes end sessions and API tokens at once")
class AccountChangesTest {

    static final Pattern PAT = Pattern.compile("<code class=\"token-value\">(hs_pat_[A-Za-z0-9_-]+)</code>");

    /** Everything a person can be signed in with: two browsers, a program, a personal access token. */
    record SignedIn(TestAccounts.Account account, PortalClient laptop, String laptopCookie, String phoneCookie,
                    ApiTokens.Issued program, String pat) {

        static SignedIn everywhere(Role role) {
            TestAccounts.Account account = TestAccounts.fresh(role);
            PortalClient laptop = PortalClient.anonymous().signIn(account);
            PortalClient phone = PortalClient.anonymous().signIn(account);
            Response created = laptop.open("/account/tokens").submit("/account/tokens",
                    Map.of("name", "script " + Incidents.shortId(), "scope", "WRITE", "days", "30"));
            Matcher pat = PAT.matcher(created.asString());
            assertTrue(pat.find());
            SignedIn signedIn = new SignedIn(account, laptop, laptop.cookie(PortalClient.SESSION_COOKIE),
                    phone.cookie(PortalClient.SESSION_COOKIE), ApiTokens.signIn(account), pat.group(1));
            // Controls: all of it works before the change.
            assertCookieAccepted(signedIn.laptopCookie());
            assertCookieAccepted(signedIn.phoneCookie());
            assertBearerAccepted(signedIn.program().accessToken());
            assertBearerAccepted(signedIn.pat());
            return signedIn;
        }

        void assertSessionsAndProgramsEnded() {
            assertCookieRefused(laptopCookie, "revoked");
            assertCookieRefused(phoneCookie, "revoked");
            assertBearerRefused(program.accessToken());
            ProblemAssertions.assertProblem(ApiTokens.refresh(program.refreshToken()), 401);
        }
    }

    /** A program records an incident with {@code bearer}. */
    private static Response record(String bearer) {
        return RestAssured.given().header("Authorization", "Bearer " + bearer).contentType(ContentType.JSON)
                .accept(ContentType.JSON).body(Incidents.draftJson().body()).post(Incidents.API);
    }

    private static FormPage adminUsersPage() {
        return PortalClient.browserAs(Role.ADMIN).open("/admin/users");
    }

    @Test
    @DisplayName("B11 changing one's own password ends every session and program sign-in; the new password works")
    void b11_passwordChangeEndsEverything() {
        SignedIn person = SignedIn.everywhere(Role.EDITOR);
        String newPassword = "copper kettles sing at noon";

        Response changed = person.laptop().open("/account/password").submit("/account/password",
                Map.of("current", person.account().password(), "password", newPassword, "confirmation", newPassword));

        assertEquals(303, changed.statusCode(), changed::asString);
        assertEquals("/login", PortalClient.location(changed));
        person.assertSessionsAndProgramsEnded();
        PortalClient.anonymous().signIn(new TestAccounts.Account(person.account().id(), person.account().email(), newPassword,
                Role.EDITOR));
        assertEquals(401, ApiTokens.requestWithPassword(person.account().email(), person.account().password(),
                Addresses.unique()).statusCode(), "the old password no longer works");
    }

    @Test
    @DisplayName("B11 an admin changing someone's role ends their sessions and program sign-ins; the new role applies at once")
    void b11_roleChangeEndsEverything() {
        SignedIn person = SignedIn.everywhere(Role.EDITOR);
        assertEquals(201, record(person.pat()).statusCode(), "control: the editor's write PAT records incidents");

        Response changed = adminUsersPage().submit("/admin/users/" + person.account().id() + "/role", Map.of("role", "VIEWER"));

        assertEquals(303, changed.statusCode());
        person.assertSessionsAndProgramsEnded();
        // The PAT is not a sign-in; from now on it carries only what a viewer may do.
        ProblemAssertions.assertProblem(record(person.pat()), 403);
        ProblemAssertions.assertProblem(record(ApiTokens.signIn(person.account()).accessToken()), 403);
    }

    @Test
    @DisplayName("B11/C an admin disabling someone ends sessions, program sign-ins and PATs, and sign-in fails generically")
    void b11_disablingEndsEverythingIncludingPersonalAccessTokens() {
        SignedIn person = SignedIn.everywhere(Role.EDITOR);

        Response disabled = adminUsersPage().submit("/admin/users/" + person.account().id() + "/disable", Map.of());

        assertEquals(303, disabled.statusCode());
        person.assertSessionsAndProgramsEnded();
        assertBearerRefused(person.pat());
        ProblemAssertions.assertProblem(ApiTokens.exchange(person.pat()), 401);
        Response login = PortalClient.anonymous().from(Addresses.unique()).open("/login").submit("/login",
                Map.of("email", person.account().email(), "password", person.account().password(), "next", "/"));
        assertEquals(401, login.statusCode());

        // Enabled again, the person signs in again; the PAT they still hold works again too.
        adminUsersPage().submit("/admin/users/" + person.account().id() + "/enable", Map.of());
        PortalClient.anonymous().signIn(person.account());
    }

    @Test
    @DisplayName("B11 an admin ending someone's sessions signs every browser and program of theirs out")
    void b11_adminEndsSomeonesSessions() {
        SignedIn person = SignedIn.everywhere(Role.EDITOR);

        Response ended = adminUsersPage().submit("/admin/users/" + person.account().id() + "/sessions/revoke", Map.of());

        assertEquals(303, ended.statusCode());
        person.assertSessionsAndProgramsEnded();
        PortalClient.anonymous().signIn(person.account()); // nothing else changed
    }

    @Test
    @DisplayName("B11 an admin setting a new password ends the person's sessions; weak passwords are refused with a message")
    void b11_adminPasswordResetEndsEverything() {
        SignedIn person = SignedIn.everywhere(Role.EDITOR);
        FormPage admin = adminUsersPage();

        Response weak = admin.submit("/admin/users/" + person.account().id() + "/password", Map.of("password", "password1234"));
        assertEquals(400, weak.statusCode());
        String message = Html.fieldError(weak.asString(), "password-" + person.account().id()).orElse("");
        assertTrue(message.contains("on the list attackers try first"), message);
        assertCookieAccepted(person.laptopCookie()); // a refused reset changes nothing

        Response reset = admin.submit("/admin/users/" + person.account().id() + "/password",
                Map.of("password", "violets under the old bridge"));
        assertEquals(303, reset.statusCode());
        person.assertSessionsAndProgramsEnded();
    }
}
