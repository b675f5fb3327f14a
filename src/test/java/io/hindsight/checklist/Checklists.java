package io.hindsight.checklist;

import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test data and page reading for checklists: the library editor (repeated item fields, which
 * {@link FormPage#submit} cannot send), attaching to incidents and ticking items, and the rows of
 * the database a person never sees but a rejected request must leave alone.
 *
 * <p>The five seeded checklists are shared by every test class of a run, so tests that edit a
 * checklist create their own (unique name) instead of editing a seeded one.
 */
public final class Checklists {

    public static final String BACKUPS = "backups-restore-drills";
    public static final String ENV_DATABASE = "env-database-targeting";
    public static final String AUTH_TOKENS = "auth-token-lifecycle";
    public static final String CONFIG_DEPLOY = "config-deploy-safety";
    public static final String GENERAL = "general";

    /** Item 2 of the seeded backups checklist: needs evidence and comes back every 30 days. */
    public static final String RESTORE_DRILL = "A restore was actually tested within the last 30 days";

    private Checklists() {
    }

    /** One row of the checklist editor as typed; {@code days} is text because people type text. */
    public record Item(String text, String why, String url, String days, boolean evidence) {

        public static Item of(String text) {
            return new Item(text, "", "", "", false);
        }

        public Item why(String why) {
            return new Item(text, why, url, days, evidence);
        }

        public Item url(String url) {
            return new Item(text, why, url, days, evidence);
        }

        public Item days(String days) {
            return new Item(text, why, url, days, evidence);
        }

        public Item needsEvidence() {
            return new Item(text, why, url, days, true);
        }
    }

    /** A checklist as the editor form sends it. */
    public record Draft(String name, String failurePattern, List<Item> items) {

        /** A valid checklist with a unique name and three items (the second needs evidence, the third re-verifies). */
        public static Draft unique() {
            String id = Incidents.shortId();
            return new Draft("Queue backlog drains " + id, "A queue grew faster than it drained.", List.of(
                    Item.of("Consumers scale on backlog, not CPU " + id).why("Backlog is the signal that matters."),
                    Item.of("Dead-letter queue is alerted on " + id).url("https://example.com/dlq").needsEvidence(),
                    Item.of("Drain rate reviewed " + id).days("14")));
        }

        public Draft name(String name) {
            return new Draft(name, failurePattern, items);
        }

        public Draft failurePattern(String pattern) {
            return new Draft(name, pattern, items);
        }

        public Draft items(Item... items) {
            return new Draft(name, failurePattern, List.of(items));
        }
    }

    /**
     * Sends the checklist editor with its CSRF token, the repeated item fields in order and two
     * empty rows, exactly as the page's form does (empty rows are how the page offers new items).
     */
    public static Response submit(FormPage page, String action, Draft draft) {
        RequestSpecification form = page.browser().request().contentType(ContentType.URLENC.withCharset("UTF-8"))
                .accept(ContentType.HTML)
                .formParam(PortalClient.CSRF_FIELD, page.csrfToken())
                .formParam("name", draft.name())
                .formParam("failurePattern", draft.failurePattern());
        // The version the form was loaded with travels back in its hidden field, as in a browser.
        io.hindsight.Html.inputValue(page.html(), "basedOn").ifPresent(version -> form.formParam("basedOn", version));
        List<Item> rows = new ArrayList<>(draft.items());
        rows.add(Item.of(""));
        rows.add(Item.of(""));
        for (Item row : rows) {
            form.formParam("itemText", row.text())
                    .formParam("itemWhy", row.why())
                    .formParam("itemUrl", row.url())
                    .formParam("itemDays", row.days())
                    .formParam("itemEvidence", row.evidence() ? "yes" : "no");
        }
        return form.post(action);
    }

    /** Creates {@code draft} as an admin and returns its slug. */
    public static String create(Draft draft) {
        PortalClient admin = PortalClient.browserAs(io.hindsight.account.Role.ADMIN);
        Response created = submit(admin.open("/checklists/new"), "/checklists", draft);
        assertEquals(303, created.statusCode(), () -> "creating a checklist should redirect: " + created.asString());
        String location = PortalClient.location(created);
        assertTrue(location.startsWith("/checklists/"), location);
        return location.substring("/checklists/".length());
    }

    /** Saves {@code draft} as the next version of {@code slug}, as an admin. */
    public static Response edit(PortalClient admin, String slug, Draft draft) {
        return submit(admin.open(editPath(slug)), editPath(slug), draft);
    }

    public static String editPath(String slug) {
        return "/checklists/" + slug + "/edit";
    }

    /** The incident's Checklists tab. */
    public static String tab(long incidentId) {
        return "/incidents/" + incidentId + "/checklists";
    }

    public static String itemAction(long incidentId, long itemId) {
        return tab(incidentId) + "/items/" + itemId;
    }

    /** Attaches a library checklist to an incident through its Checklists tab, as {@code browser}. */
    public static Response attach(PortalClient browser, long incidentId, String slug) {
        return browser.open(tab(incidentId)).submit(tab(incidentId), Map.of("checklist", slug));
    }

    /** Attaches and asserts it worked. */
    public static void attached(PortalClient browser, long incidentId, String slug) {
        Response response = attach(browser, incidentId, slug);
        assertEquals(303, response.statusCode(), () -> "attaching " + slug + " should redirect: " + response.asString());
    }

    /** Presses Done / Not applicable / Reopen on an item, with {@code note} in its input. */
    public static Response setState(PortalClient browser, long incidentId, long itemId, String state, String note) {
        return browser.open(tab(incidentId)).submit(itemAction(incidentId, itemId), Map.of("state", state, "note", note));
    }

    /** The items of one attached checklist, read back from the database in their order. */
    public static List<IncidentChecklistItem> items(long incidentId, String slug) {
        return QuarkusTransaction.requiringNew().call(() -> IncidentChecklistItem.<IncidentChecklistItem>list(
                "checklist.incident.id = ?1 AND checklist.slug = ?2 ORDER BY position", incidentId, slug));
    }

    public static IncidentChecklistItem item(long itemId) {
        return QuarkusTransaction.requiringNew().call(() -> IncidentChecklistItem.<IncidentChecklistItem>findById(itemId));
    }

    /** The id of the item whose text is {@code text} on the incident's checklist {@code slug}. */
    public static long itemId(long incidentId, String slug, String text) {
        return items(incidentId, slug).stream().filter(i -> i.text.equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no item '" + text + "' on " + slug + " of incident " + incidentId)).id;
    }

    /** Every stored version of a library checklist, newest first. */
    public static List<Integer> versions(String slug) {
        return QuarkusTransaction.requiringNew().call(() -> ChecklistTemplate.history(slug).stream().map(t -> t.version).toList());
    }

    /** How many versions of any checklist carry this exact name. */
    public static long countNamed(String name) {
        return QuarkusTransaction.requiringNew().call(() -> ChecklistTemplate.count("name", name));
    }

    public static long attachedCount(long incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> IncidentChecklist.count("incident.id", incidentId));
    }

    /** The {@code <li>} of an item on the incident's Checklists tab. */
    public static String itemBlock(String html, long itemId) {
        Matcher m = Pattern.compile("<li id=\"item-" + itemId + "\"[^>]*>.*?</li>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), () -> "the page shows no item " + itemId);
        return m.group();
    }

    /** The texts of the items of the checklist card {@code slug} on the incident's tab, in order. */
    public static List<String> itemTexts(String html, String slug) {
        int start = html.indexOf("<section class=\"card checklist\" id=\"checklist-" + slug + "\">");
        assertTrue(start >= 0, () -> "no attached checklist " + slug);
        String card = html.substring(start, html.indexOf("</section>", start));
        List<String> texts = new ArrayList<>();
        Matcher m = Pattern.compile("<div class=\"item-text\">\\s*<strong>(.*?)</strong>", Pattern.DOTALL).matcher(card);
        while (m.find()) {
            texts.add(io.hindsight.Html.unescape(m.group(1)));
        }
        return texts;
    }

    /** The attached checklist card {@code slug}. */
    public static String card(String html, String slug) {
        int start = html.indexOf("<section class=\"card checklist\" id=\"checklist-" + slug + "\">");
        assertTrue(start >= 0, () -> "no attached checklist " + slug);
        return html.substring(start, html.indexOf("</section>", start));
    }
}
