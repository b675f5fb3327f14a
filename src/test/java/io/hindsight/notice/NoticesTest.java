package io.hindsight.notice;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notices page: a person's own notices, newest first, the unread count in the header, "Mark all read". */
@QuarkusTest
class NoticesTest {

    @Test
    void aPersonSeesTheirOwnNoticesNewestFirstAndMarksThemRead() {
        TestAccounts.Account person = TestAccounts.fresh(Role.VIEWER);
        TestAccounts.Account other = TestAccounts.fresh(Role.VIEWER);
        leave(person, "The first thing to know", "/incidents");
        leave(person, "The second thing to know", "/lessons");
        leave(other, "Not for you", "/");
        PortalClient browser = PortalClient.anonymous().signIn(person);

        String page = browser.get("/notices").asString();

        assertTrue(page.contains("href=\"/notices\" class=\"has-unread\">Notices (2)</a>"), page);
        assertTrue(page.indexOf("The second thing to know") < page.indexOf("The first thing to know"), "newest first");
        assertTrue(page.contains("<a href=\"/lessons\">The second thing to know</a>"));
        assertFalse(page.contains("Not for you"));

        Response read = browser.open("/notices").submit("/notices/read", Map.of());
        assertEquals(303, read.statusCode());
        String after = browser.follow(read).asString();
        assertTrue(after.contains(">Notices (0)</a>"), after);
        assertTrue(after.contains("The first thing to know"), "read notices stay listed");
        assertFalse(after.contains("Mark all read"));
        assertTrue(PortalClient.anonymous().signIn(other).get("/").asString().contains(">Notices (1)</a>"),
                "marking read is per person");
    }

    @Test
    void signedOutPagesHaveNoNoticesLink() {
        assertFalse(PortalClient.anonymous().get("/login").asString().contains("href=\"/notices\""));
    }

    private static void leave(TestAccounts.Account account, String text, String link) {
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(NoticeService.class).get()
                .leave(account.id(), null, text, link));
    }
}
