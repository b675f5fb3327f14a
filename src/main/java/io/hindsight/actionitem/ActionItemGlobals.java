package io.hindsight.actionitem;

import io.quarkus.qute.TemplateGlobal;

import java.util.List;

/** The choices action item forms and filters offer. */
@TemplateGlobal
public class ActionItemGlobals {

    static List<ActionItem.Priority> actionPriorities() {
        return List.of(ActionItem.Priority.values());
    }

    static List<ActionItem.Kind> actionKinds() {
        return List.of(ActionItem.Kind.values());
    }

    static List<ActionItem.Status> actionStatuses() {
        return List.of(ActionItem.Status.values());
    }
}
