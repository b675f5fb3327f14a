package io.hindsight.actionitem;

import io.hindsight.PortalClient;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.response.Response;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test data for action items, sent the way the "Add an action item" form and the status buttons
 * send them, and read back from the pages and the database. Titles are unique: the database is
 * shared by every test class of a run.
 */
public final class ActionItems {

    private ActionItems() {
    }

    /** The fields of the add form: a unique title, nobody as owner, no date, P2, prevent, no tracker. */
    public static Fields draft() {
        return new Fields()
                .set("title", "Add a lock-wait alert " + Incidents.shortId())
                .set("ownerId", "")
                .set("dueOn", "")
                .set("priority", "P2")
                .set("kind", "PREVENT")
                .set("trackerUrl", "");
    }

    public static String tab(long incidentId) {
        return "/incidents/" + incidentId + "/action-items";
    }

    public static String statusAction(long incidentId, long itemId) {
        return tab(incidentId) + "/" + itemId + "/status";
    }

    /** Sends the add form of the incident's Action items tab as {@code browser}. */
    public static Response add(PortalClient browser, long incidentId, Fields fields) {
        return browser.open(tab(incidentId)).submit(tab(incidentId), fields.map());
    }

    /** Adds an item, asserts it was added, and returns its id. */
    public static long added(PortalClient browser, long incidentId, Fields fields) {
        Response response = add(browser, incidentId, fields);
        assertEquals(303, response.statusCode(), () -> "adding an action item should redirect: " + response.asString());
        return byTitle(fields.get("title")).id;
    }

    /** Presses a status button of an item, with {@code reason} in its input. */
    public static Response setStatus(PortalClient browser, long incidentId, long itemId, String status, String reason) {
        return browser.open(tab(incidentId)).submit(statusAction(incidentId, itemId), Map.of("status", status, "reason", reason));
    }

    /** The stored item with this exact title. */
    public static ActionItem byTitle(String title) {
        return QuarkusTransaction.requiringNew().call(() -> ActionItem.<ActionItem>find("title", title).singleResult());
    }

    public static ActionItem byId(long id) {
        return QuarkusTransaction.requiringNew().call(() -> ActionItem.<ActionItem>findById(id));
    }

    public static long countFor(long incidentId) {
        return QuarkusTransaction.requiringNew().call(() -> ActionItem.count("incident.id", incidentId));
    }

    public static long countTitled(String title) {
        return QuarkusTransaction.requiringNew().call(() -> ActionItem.count("title", title));
    }

    /** Today as the portal reckons it (UTC, the application clock). */
    public static LocalDate today(ActionItemService service) {
        return service.today();
    }

    /** The ids of the item rows of an action item table, in the order shown. */
    public static List<Long> rowIds(String html) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<tr id=\"item-(\\d+)\"").matcher(html);
        while (m.find()) {
            ids.add(Long.valueOf(m.group(1)));
        }
        return ids;
    }

    /** The table row of one item. */
    public static String row(String html, long itemId) {
        Matcher m = Pattern.compile("<tr id=\"item-" + itemId + "\"[^>]*>.*?</tr>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), () -> "no row for item " + itemId);
        return m.group();
    }

    /** The form fields, as typed. */
    public static final class Fields {

        private final Map<String, String> fields = new LinkedHashMap<>();

        public Fields set(String field, String value) {
            fields.put(field, value);
            return this;
        }

        public Fields owner(long userId) {
            return set("ownerId", String.valueOf(userId));
        }

        public Fields due(LocalDate date) {
            return set("dueOn", date.toString());
        }

        public String get(String field) {
            return fields.get(field);
        }

        public String title() {
            return fields.get("title");
        }

        public Map<String, String> map() {
            return fields;
        }
    }
}
