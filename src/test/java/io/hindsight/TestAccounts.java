package io.hindsight;

import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * People the tests sign in as: one per role, created once per test run straight in the database
 * (what an admin would do on the Users page), plus throwaway ones for tests that change accounts.
 */
public final class TestAccounts {

    /** A person and the password they sign in with. */
    public record Account(long id, String email, String password, Role role) {
    }

    private static final String PASSWORD = "a quiet river at dawn";
    private static final Account[] BY_ROLE = new Account[Role.values().length];

    private TestAccounts() {
    }

    /** The shared account of a role; never changed by tests. */
    public static synchronized Account of(Role role) {
        if (BY_ROLE[role.ordinal()] == null) {
            BY_ROLE[role.ordinal()] = create(role.name().toLowerCase(Locale.ROOT) + "@test.hindsight.example", role);
        }
        return BY_ROLE[role.ordinal()];
    }

    /** A new account only the calling test uses (for disabling, password changes, lockouts). */
    public static Account fresh(Role role) {
        return create("someone-" + UUID.randomUUID().toString().substring(0, 8) + "@test.hindsight.example", role);
    }

    /** A new account an admin has disabled, only the calling test uses (for refusals of a disabled person). */
    public static Account freshDisabled(Role role) {
        Account account = fresh(role);
        QuarkusTransaction.requiringNew().run(() -> User.<User>findById(account.id()).disabledAt = Instant.now());
        return account;
    }

    private static Account create(String email, Role role) {
        long id = QuarkusTransaction.requiringNew().call(() -> User.findByEmail(email).map(u -> u.id).orElseGet(() -> {
            User user = new User();
            user.email = email;
            user.name = role.label() + " " + email.substring(0, email.indexOf('@'));
            user.role = role;
            // Cost 10, the least the portal accepts, to keep the suite fast.
            user.passwordHash = BcryptUtil.bcryptHash(PASSWORD, 10);
            user.createdAt = Instant.now();
            user.passwordChangedAt = user.createdAt;
            user.persist();
            return user.id;
        }));
        return new Account(id, email, PASSWORD, role);
    }
}
