package io.hindsight.auditlog;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.apitoken.ApiTokenService;
import io.hindsight.apitoken.Scope;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditEvent;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admin → Audit log and GET /api/v1/admin/audit: newest first, the same filters on both, fifty to a
 * page with a cursor, admins only. Each test writes events under a subject of its own and filters
 * by it, as the log is shared by the whole run.
 */
@QuarkusTest
class AuditLogTest {

    private static final Pattern EVENT_ROW = Pattern.compile("<tr id=\"event-(\\d+)\">");
    private static final Pattern OLDER = Pattern.compile("<a rel=\"next\" href=\"([^\"]+)\">Older");

    @Inject
    Audit audit;

    @Inject
    ApiTokenService tokens;

    // --- The page --------------------------------------------------------------------------------

    @Test
    void onlyAdminsSeeTheLog() {
        assertEquals(403, PortalClient.browserAs(Role.EDITOR).get("/admin/audit").statusCode());
        assertEquals(403, PortalClient.browserAs(Role.VIEWER).get("/admin/audit").statusCode());
        assertEquals(303, PortalClient.anonymous().get("/admin/audit").statusCode(), "to the login page");
        Response page = PortalClient.browserAs(Role.ADMIN).get("/admin/audit");
        assertEquals(200, page.statusCode());
        assertTrue(page.asString().contains("href=\"/admin/audit\" aria-current=\"page\">Audit log</a>"), "in the admin tabs");
    }

    @Test
    void theNewestComeFirstWithWhoWhatAndFromWhere() {
        String kind = kind();
        long admin = TestAccounts.of(Role.ADMIN).id();
        long first = record(admin, "user.created", kind + ":1", "first <b>event</b>", "192.0.2.7");
        long second = record(null, "login.failed", kind + ":2", "unknown account", "192.0.2.8");

        String html = PortalClient.browserAs(Role.ADMIN).get("/admin/audit?subject=" + kind + ":*").asString();

        assertEquals(List.of(second, first), rows(html));
        String row = row(html, first);
        assertAll(
                () -> assertTrue(row.contains("<code>user.created</code>"), row),
                () -> assertTrue(row.contains(TestAccounts.of(Role.ADMIN).email()), "the actor by email: " + row),
                () -> assertTrue(row.contains("first &lt;b&gt;event&lt;/b&gt;"), "escaped: " + row),
                () -> assertTrue(row.contains("192.0.2.7"), row),
                () -> assertTrue(row.contains("href=\"/admin/audit?subject=" + kind + "%3A1\""), "a link to filter by it: " + row));
        assertTrue(row(html, second).contains("<span class=\"muted\">—</span>"), "nobody to name for an unknown account");
    }

    @Test
    void filtersByActionOrItsPrefixByActorAndBySubject() {
        String kind = kind();
        TestAccounts.Account someone = TestAccounts.fresh(Role.EDITOR);
        long failed = record(null, "login.failed", kind + ":a", "", "");
        long locked = record(null, "login.lockout", kind + ":a", "", "");
        long created = record(someone.id(), "user.created", kind + ":b", "", "");
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String subject = "subject=" + kind + ":*";

        assertEquals(List.of(failed), rows(admin.get("/admin/audit?" + subject + "&action=login.failed").asString()));
        assertEquals(List.of(locked, failed), rows(admin.get("/admin/audit?" + subject + "&action=login.*").asString()));
        assertEquals(List.of(locked, failed), rows(admin.get("/admin/audit?" + subject + "&action=login.").asString()));
        assertEquals(List.of(created), rows(admin.get("/admin/audit?" + subject + "&actor=" + someone.id()).asString()));
        assertEquals(List.of(created), rows(admin.get("/admin/audit?" + subject + "&actor=account:" + someone.id()).asString()));
        assertEquals(List.of(created), rows(admin.get("/admin/audit?" + subject + "&actor=" + someone.email()).asString()));
        assertEquals(List.of(locked, failed), rows(admin.get("/admin/audit?subject=" + kind + ":a").asString()));
        assertEquals(List.of(), rows(admin.get("/admin/audit?subject=" + kind + ":").asString()), "exact unless it ends in *");
        String kept = admin.get("/admin/audit?" + subject + "&action=login.*").asString();
        assertEquals("login.*", Html.inputValue(kept, "action").orElseThrow(), "the filters stay in the form");
    }

    @Test
    void aLikeWildcardInAFilterIsTakenLiterally() {
        String kind = kind();
        long exact = record(null, "test.wild", kind + ":50%_off", "", "");
        record(null, "test.wild", kind + ":50xyoff", "", "");

        assertEquals(List.of(exact), rows(PortalClient.browserAs(Role.ADMIN).visit("/admin/audit?subject=" + kind + ":50%25_*").asString()));
    }

    @Test
    void filtersByDaysInclusive() {
        String kind = kind();
        long id = record(null, "test.dated", kind + ":1", "", "");
        LocalDate day = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>findById(id).occurredAt)
                .atOffset(ZoneOffset.UTC).toLocalDate();
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String subject = "/admin/audit?subject=" + kind + ":*";

        assertEquals(List.of(id), rows(admin.get(subject + "&from=" + day + "&to=" + day).asString()));
        assertEquals(List.of(), rows(admin.get(subject + "&from=" + day.plusDays(1)).asString()));
        assertEquals(List.of(), rows(admin.get(subject + "&to=" + day.minusDays(1)).asString()));
    }

    @Test
    void badFiltersAreShownNextToTheirFieldsWithA400() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);

        Response badDate = admin.get("/admin/audit?from=2026-13-40&action=Login%20Failed");
        assertEquals(400, badDate.statusCode());
        String html = badDate.asString();
        assertTrue(Html.fieldError(html, "from").orElseThrow().contains("2026-03-14"), html);
        assertTrue(Html.fieldError(html, "action").isPresent(), html);
        assertEquals("2026-13-40", Html.inputValue(html, "from").orElseThrow(), "kept as typed");

        Response backwards = admin.get("/admin/audit?from=2026-03-14&to=2026-03-01");
        assertEquals(400, backwards.statusCode());
        assertTrue(Html.fieldError(backwards.asString(), "to").isPresent());

        Response badCursor = admin.get("/admin/audit?cursor=abc");
        assertEquals(400, badCursor.statusCode());
        assertTrue(badCursor.asString().contains("Start from the newest"));
    }

    @Test
    void fiftyToAPageAndOlderOnesBehindTheCursor() {
        String kind = kind();
        List<Long> ids = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 1; i <= 57; i++) {
                audit.record(null, "test.paged", kind + ":" + i, "", "");
            }
        });
        QuarkusTransaction.requiringNew().run(() -> AuditEvent.<AuditEvent>list("subject LIKE ?1 ORDER BY id DESC", kind + ":%")
                .forEach(e -> ids.add(e.id)));
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);

        String first = admin.get("/admin/audit?subject=" + kind + ":*").asString();
        assertEquals(ids.subList(0, 50), rows(first));
        Matcher older = OLDER.matcher(first);
        assertTrue(older.find(), "a link to older events");
        String second = admin.visit(Html.unescape(older.group(1))).asString();
        assertEquals(ids.subList(50, 57), rows(second), "the rest, filtered the same way");
        assertFalse(OLDER.matcher(second).find(), "nothing older");
        assertTrue(second.contains("← Newest"));
    }

    // --- The API ---------------------------------------------------------------------------------

    @Test
    void theApiAnswersSnakeCaseJsonWithACursor() {
        String kind = kind();
        TestAccounts.Account actor = TestAccounts.fresh(Role.EDITOR);
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 1; i <= 52; i++) {
                audit.record(actor.id(), "test.api", kind + ":" + i, "detail " + i, "198.51.100.1");
            }
        });

        Response first = PortalClient.apiAs(Role.ADMIN).queryParam("subject", kind + ":*").get("/api/v1/admin/audit");
        assertEquals(200, first.statusCode(), first::asString);
        List<Integer> ids = first.path("events.id");
        assertEquals(50, ids.size());
        assertEquals(kind + ":52", first.path("events[0].subject"));
        assertEquals("test.api", first.path("events[0].action"));
        assertEquals(actor.email(), first.path("events[0].actor_email"));
        assertEquals((int) actor.id(), (int) first.path("events[0].actor_id"));
        assertEquals("detail 52", first.path("events[0].detail"));
        assertEquals("198.51.100.1", first.path("events[0].ip"));
        assertTrue(((String) first.path("events[0].occurred_at")).endsWith("Z"), "an ISO instant");
        String cursor = first.path("next_cursor");

        Response second = PortalClient.apiAs(Role.ADMIN).queryParam("subject", kind + ":*").queryParam("cursor", cursor)
                .get("/api/v1/admin/audit");
        assertEquals(List.of(kind + ":2", kind + ":1"), second.path("events.subject"));
        assertNull(second.path("next_cursor"));
    }

    @Test
    void badFiltersAreProblemDocuments() {
        ProblemAssertions.assertProblem(PortalClient.apiAs(Role.ADMIN).queryParam("from", "yesterday").get("/api/v1/admin/audit"),
                400, "from");
        ProblemAssertions.assertProblem(PortalClient.apiAs(Role.ADMIN).queryParam("to", "2026-02-30").get("/api/v1/admin/audit"),
                400, "to");
        ProblemAssertions.assertProblem(PortalClient.apiAs(Role.ADMIN).queryParam("cursor", "-3").get("/api/v1/admin/audit"),
                400, "cursor");
        ProblemAssertions.assertProblem(PortalClient.apiAs(Role.ADMIN).queryParam("action", "DROP TABLE").get("/api/v1/admin/audit"),
                400, "action");
    }

    @Test
    void onlyAdminsReadItThroughTheApiAndAnAdminsTokenWorks() {
        assertEquals(403, PortalClient.apiAs(Role.EDITOR).get("/api/v1/admin/audit").statusCode());
        assertEquals(401, PortalClient.anonymousApi().get("/api/v1/admin/audit").statusCode());
        String kind = kind();
        long id = record(null, "test.pat", kind + ":1", "", "");

        String write = pat(Scope.WRITE);
        Response withPat = PortalClient.anonymousApi().header("Authorization", "Bearer " + write)
                .queryParam("subject", kind + ":1").get("/api/v1/admin/audit");
        assertEquals(200, withPat.statusCode(), withPat::asString);
        assertEquals(List.of((int) id), withPat.path("events.id"));

        String read = pat(Scope.READ);
        assertEquals(403, PortalClient.anonymousApi().header("Authorization", "Bearer " + read).get("/api/v1/admin/audit").statusCode(),
                "a read token carries only the viewer role");
    }

    private String pat(Scope scope) {
        long admin = TestAccounts.of(Role.ADMIN).id();
        return QuarkusTransaction.requiringNew().call(() ->
                tokens.createPat(User.findById(admin), "audit reader " + Incidents.shortId(), scope, 1).value());
    }

    private long record(Long actorId, String action, String subject, String detail, String ip) {
        QuarkusTransaction.requiringNew().run(() -> audit.record(actorId, action, subject, detail, ip));
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>find("subject = ?1 ORDER BY id DESC", subject).firstResult().id);
    }

    private static String kind() {
        return "t" + Incidents.shortId().toLowerCase();
    }

    private static List<Long> rows(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher row = EVENT_ROW.matcher(html);
        while (row.find()) {
            ids.add(Long.parseLong(row.group(1)));
        }
        return ids;
    }

    private static String row(String html, long id) {
        int start = html.indexOf("<tr id=\"event-" + id + "\">");
        assertTrue(start >= 0, () -> "no row for event " + id);
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
