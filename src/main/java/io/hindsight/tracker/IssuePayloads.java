package io.hindsight.tracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.web.PublicUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body that creates an action item's issue: its title, what the item says, a link back to it in
 * the portal (the public address), and labels ({@code hindsight}, {@code incident-42}, the priority).
 * GitHub takes Markdown; Jira's REST API v3 takes the description only as Atlassian Document Format.
 */
@ApplicationScoped
public class IssuePayloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** GitHub refuses titles over 256 characters; Jira's summary stops at 255. */
    static final int MAX_TITLE = 255;

    @Inject
    PublicUrl publicUrl;

    public String of(TrackerConnection connection, ActionItem item) {
        String link = publicUrl.of("/incidents/" + item.incident.id + "/action-items/" + item.id);
        List<String> details = details(item);
        List<String> labels = List.of("hindsight", "incident-" + item.incident.id, item.priority.name().toLowerCase(Locale.ROOT));
        String title = item.title.length() > MAX_TITLE ? item.title.substring(0, MAX_TITLE - 1) + "…" : item.title;
        ObjectNode body = JSON.createObjectNode();
        if (connection.kind == TrackerKind.GITHUB) {
            StringBuilder text = new StringBuilder();
            text.append("Action item from incident #").append(item.incident.id).append(" (").append(item.incident.title)
                    .append(") in Hindsight.\n\n");
            details.forEach(d -> text.append("- ").append(d).append('\n'));
            text.append("\nIn Hindsight: ").append(link).append('\n');
            body.put("title", title);
            body.put("body", text.toString());
            ArrayNode array = body.putArray("labels");
            labels.forEach(array::add);
        } else {
            ObjectNode fields = body.putObject("fields");
            fields.putObject("project").put("key", connection.project);
            fields.put("summary", title.replace('\n', ' '));
            fields.putObject("issuetype").put("name", connection.issueType);
            fields.set("description", adf(item, details, link));
            ArrayNode array = fields.putArray("labels");
            labels.forEach(array::add);
        }
        return body.toString();
    }

    private static List<String> details(ActionItem item) {
        List<String> details = new ArrayList<>();
        details.add("Priority: " + item.priority.name());
        details.add("Kind: " + item.kind.label());
        details.add("Owner: " + (item.owner == null ? "nobody yet" : item.owner.name));
        if (item.dueOn != null) {
            details.add("Due: " + item.dueOn);
        }
        return details;
    }

    /** An ADF document: an intro paragraph, a bullet list of the details, and a paragraph with the link. */
    private static ObjectNode adf(ActionItem item, List<String> details, String link) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("type", "doc");
        doc.put("version", 1);
        ArrayNode content = doc.putArray("content");
        paragraph(content).add(text("Action item from incident #" + item.incident.id + " (" + item.incident.title + ") in Hindsight."));
        ObjectNode list = content.addObject();
        list.put("type", "bulletList");
        ArrayNode items = list.putArray("content");
        for (String detail : details) {
            ObjectNode listItem = items.addObject();
            listItem.put("type", "listItem");
            paragraph(listItem.putArray("content")).add(text(detail));
        }
        ArrayNode last = paragraph(content);
        last.add(text("In Hindsight: "));
        ObjectNode linked = text(link);
        ObjectNode mark = linked.putArray("marks").addObject();
        mark.put("type", "link");
        mark.putObject("attrs").put("href", link);
        last.add(linked);
        return doc;
    }

    private static ArrayNode paragraph(ArrayNode content) {
        ObjectNode paragraph = content.addObject();
        paragraph.put("type", "paragraph");
        return paragraph.putArray("content");
    }

    private static ObjectNode text(String text) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "text");
        node.put("text", text);
        return node;
    }
}
