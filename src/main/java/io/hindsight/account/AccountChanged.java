package io.hindsight.account;

/**
 * Announced inside the transaction that changed a person's password, role or status: everything
 * signed in as them must end at once.
 */
public record AccountChanged(long userId, String reason) {
}
