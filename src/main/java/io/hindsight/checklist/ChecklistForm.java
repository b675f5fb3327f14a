package io.hindsight.checklist;

import org.jboss.resteasy.reactive.RestForm;

import java.util.ArrayList;
import java.util.List;

/**
 * The checklist editor as typed: one row of inputs per item, repeated fields in order. Works
 * without JavaScript; a few empty rows invite new items.
 */
public class ChecklistForm {

    static final int SPARE_ROWS = 3;

    @RestForm public String name = "";
    @RestForm public String failurePattern = "";
    @RestForm public List<String> itemText = new ArrayList<>();
    @RestForm public List<String> itemWhy = new ArrayList<>();
    @RestForm public List<String> itemUrl = new ArrayList<>();
    @RestForm public List<String> itemDays = new ArrayList<>();
    @RestForm public List<String> itemEvidence = new ArrayList<>();
    /** The library version the edit started from; a save over a newer one is refused. */
    @RestForm public Integer basedOn;

    /** One editor row. */
    public record Row(String text, String why, String url, String days, boolean evidence) {
    }

    static ChecklistForm blank() {
        return new ChecklistForm().withSpareRows();
    }

    static ChecklistForm of(ChecklistTemplate template) {
        ChecklistForm form = new ChecklistForm();
        form.name = template.name;
        form.failurePattern = template.failurePattern;
        form.basedOn = template.version;
        for (ChecklistTemplateItem item : template.items) {
            form.itemText.add(item.text);
            form.itemWhy.add(item.why);
            form.itemUrl.add(item.guidanceUrl == null ? "" : item.guidanceUrl);
            form.itemDays.add(item.verifyEveryDays == null ? "" : String.valueOf(item.verifyEveryDays));
            form.itemEvidence.add(item.requiresEvidence ? "yes" : "no");
        }
        return form.withSpareRows();
    }

    /** The items as typed, one per line, for comparing with another version. */
    String itemLines() {
        return String.join("\n", itemText.stream().map(String::strip).filter(t -> !t.isEmpty()).toList());
    }

    /** Adds empty rows; the lists the framework bound from a request cannot grow, so they are copied first. */
    ChecklistForm withSpareRows() {
        itemText = new ArrayList<>(itemText);
        itemWhy = new ArrayList<>(itemWhy);
        itemUrl = new ArrayList<>(itemUrl);
        itemDays = new ArrayList<>(itemDays);
        itemEvidence = new ArrayList<>(itemEvidence);
        for (int i = 0; i < SPARE_ROWS; i++) {
            itemText.add("");
            itemWhy.add("");
            itemUrl.add("");
            itemDays.add("");
            itemEvidence.add("no");
        }
        return this;
    }

    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < itemText.size(); i++) {
            rows.add(new Row(itemText.get(i), at(itemWhy, i), at(itemUrl, i), at(itemDays, i), "yes".equals(at(itemEvidence, i))));
        }
        return rows;
    }

    List<ChecklistService.ItemDraft> items() {
        List<ChecklistService.ItemDraft> items = new ArrayList<>();
        for (Row row : rows()) {
            Integer days;
            try {
                days = row.days() == null || row.days().isBlank() ? null : Integer.valueOf(row.days().strip());
            } catch (NumberFormatException e) {
                days = -1; // reported as out of range
            }
            items.add(new ChecklistService.ItemDraft(row.text(), row.why(), row.url(), days, row.evidence()));
        }
        return items;
    }

    private static String at(List<String> values, int i) {
        return i < values.size() && values.get(i) != null ? values.get(i) : "";
    }
}
