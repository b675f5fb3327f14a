package io.hindsight.e2e;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItems;
import io.hindsight.checklist.Checklists;
import io.hindsight.demo.DemoData;
import io.hindsight.incident.Incident;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.hindsight.system.Installation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every main page fits a phone: at 390 × 844 nothing scrolls sideways (tables and tabs wrap or
 * scroll inside their own box), with the demo incidents loaded and long words people really paste
 * (addresses, tracker links, a long line of code). On a 1366 px laptop the admin's top bar stays on one
 * line; at both sizes everything in it (links, search, sign-out, badge) lies inside the bar, and axe-core
 * (src/test/axe) finds no serious or critical accessibility violation on any page.
 */
@QuarkusTest
class LayoutBrowserTest {

    private static final String LONG_LINK = "https://tracker.example/browse/PLATFORM-4711?focusedCommentId=1234567890"
            + "&page=com.example.issuetracker:comment-tabpanel#comment-1234567890";

    @TestHTTPResource("/")
    URL portal;

    @Inject
    DemoData demo;

    @Test
    void everyMainPageFitsAPhoneAndTheTopBarIsOneLineOnALaptop() {
        QuarkusTransaction.requiringNew().run(() -> Installation.update("demoLoadedAt = null"));
        demo.loadOnce(true);
        long story = QuarkusTransaction.requiringNew().call(() -> Incident.<Incident>find("title = ?1 ORDER BY id DESC",
                "Production site showed no content after a config change pointed it at a new, empty database").firstResult().id);
        String incident = "/incidents/" + story;
        PortalClient editor = PortalClient.browserAs(Role.EDITOR);
        PortalClient.api().body(Map.of("occurred_at", Instant.now().minusSeconds(600).toString(), "kind", "ACTION",
                "description", "Opened " + LONG_LINK)).post(Incidents.API + "/" + story + "/timeline").then().statusCode(201);
        ActionItems.added(editor, story, ActionItems.draft().set("trackerUrl", LONG_LINK));
        Checklists.attached(editor, story, Checklists.ENV_DATABASE);

        long draft = Incidents.draftJson().create();
        Map<String, Object> written = new java.util.LinkedHashMap<>(Postmortems.writtenSectionsJson("general"));
        written.put("learn", written.get("learn") + "\n\nThe query we ran:\n\n```\nSELECT count(*) FROM articles"
                + " WHERE source = '" + LONG_LINK + "' AND published_at > now() - interval '1 day';\n```");
        Postmortems.put(draft, written).then().statusCode(200);
        long unwritten = Incidents.draftJson().create();
        String slug = Checklists.ENV_DATABASE;

        List<String> pages = List.of("/", "/incidents", "/incidents/new",
                incident, incident + "#timeline", incident + "/edit", incident + "/checklists", incident + "/action-items",
                incident + "/postmortem", incident + "/postmortem/edit", incident + "/postmortem/review",
                incident + "/postmortem/share",
                "/incidents/" + draft + "/postmortem", "/incidents/" + draft + "/postmortem/edit",
                "/incidents/" + draft + "/postmortem/review", "/incidents/" + unwritten + "/postmortem",
                "/lessons", "/action-items", "/checklists", "/checklists/" + slug, "/checklists/new", "/checklists/" + slug + "/edit",
                "/search?q=database", "/insights", "/notices",
                "/account/sessions", "/account/tokens", "/account/feed", "/account/password",
                "/admin/users", "/admin/integrations", "/admin/integrations/alerts", "/admin/trackers", "/admin/deliveries",
                "/admin/audit", "/admin/backup", "/admin/settings", "/trash", "/import");

        TestAccounts.Account admin = TestAccounts.of(Role.ADMIN);
        try (Browser browser = Browser.open(portal.toString())) {
            browser.go("/");
            browser.waitForPath("/login");
            browser.signInHere(admin.email(), admin.password());

            browser.viewport(390, 844);
            List<String> tooWide = new ArrayList<>();
            List<String> outsideBar = new ArrayList<>();
            List<Browser.Violation> violations = new ArrayList<>();
            for (String page : pages) {
                browser.go(page);
                browser.find(By.tagName("main"));
                browser.screenshotWholePage("layout-390" + page.replaceAll("[^a-z0-9]+", "-"));
                Browser.Width width = browser.width();
                if (!width.fits()) {
                    tooWide.add(page + " is " + width.scroll() + " px wide in " + width.inner() + " px: " + width.widest());
                }
                browser.outsideTopBar().forEach(outside -> outsideBar.add(page + ": " + outside));
                violations.addAll(browser.accessibilityViolations());
            }
            assertThat(tooWide).as("pages that scroll sideways at 390 px").isEmpty();
            assertThat(outsideBar).as("the admin's top-bar links outside the bar at 390 px").isEmpty();

            browser.viewport(1366, 768);
            for (String page : pages) {
                browser.go(page);
                browser.find(By.tagName("main"));
                browser.outsideTopBar().forEach(outside -> outsideBar.add(page + " at 1366 px: " + outside));
                violations.addAll(browser.accessibilityViolations());
            }
            assertThat(outsideBar).as("the admin's top-bar links outside the bar at 1366 px").isEmpty();
            assertThat(violations).as("serious or critical accessibility violations (axe-core) at 390 × 844 and 1366 × 768")
                    .withFailMessage(() -> Browser.describe(violations)).isEmpty();

            for (String page : List.of("/", incident, "/admin/users")) {
                browser.go(page);
                browser.find(By.tagName("main"));
                browser.screenshot("layout-1366" + page.replaceAll("[^a-z0-9]+", "-"));
                assertThat(browser.rowsOf(".topbar-inner")).as("rows of the top bar on " + page + " at 1366 px").isEqualTo(1);
                assertThat(browser.rowsOf(".mainnav")).as("rows of the main navigation on " + page).isEqualTo(1);
            }
        }
    }
}
