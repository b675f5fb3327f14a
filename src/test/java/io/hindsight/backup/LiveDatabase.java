package io.hindsight.backup;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;

/**
 * Tests that restore an archive over the shared test database must not take away what other tests
 * hold on to: the test accounts and their API tokens are created before the archive is taken, so
 * the restore brings them back as they were.
 */
final class LiveDatabase {

    private LiveDatabase() {
    }

    static void prepareForRestore() {
        for (Role role : Role.values()) {
            TestAccounts.of(role);
            PortalClient.accessToken(role);
        }
    }
}
