package io.hindsight.actionitem;

/** Announced, inside the transaction, when an action item gets an owner (new or changed). */
public record ActionItemAssigned(ActionItem item) {
}
