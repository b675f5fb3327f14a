package io.hindsight.similar;

import io.hindsight.actionitem.ActionItem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;
import java.util.Map;

/**
 * For action-item lists: {@code {#let recurred=inject:actionItemRecurrences.of(items)}} gives the first recurrence of
 * each done item shown, by item id, in one statement for the whole list (none when no item shown is done).
 */
@Named("actionItemRecurrences")
@RequestScoped
public class ActionItemRecurrences {

    @Inject
    Recurrences recurrences;

    public Map<Long, Recurrence> of(List<ActionItem> items) {
        return recurrences.ofActionItems(items.stream().filter(i -> i.status == ActionItem.Status.DONE && i.completedAt != null)
                .map(i -> i.id).toList());
    }
}
