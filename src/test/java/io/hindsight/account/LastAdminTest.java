package io.hindsight.account;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.TestAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.hindsight.AuthAssertions.assertCookieAccepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * D Hindsight always keeps an active admin: the last one cannot demote or disable themselves. The
 * test database is shared, so the test briefly sets the other admins aside (disabled) and restores
 * them afterwards.
 */
@QuarkusTest
@DisplayName("D The last admin cannot demote or disable themselves")
class LastAdminTest {

    @Inject
    EntityManager em;

    private User reload(long id) {
        return QuarkusTransaction.requiringNew().call(() -> User.<User>findById(id));
    }

    @Test
    @DisplayName("D control: with another admin around, an admin may step down")
    void anAdminMayStepDownWhileAnotherAdminRemains() {
        TestAccounts.of(Role.ADMIN);
        TestAccounts.Account admin = TestAccounts.fresh(Role.ADMIN);
        FormPage page = PortalClient.anonymous().signIn(admin).open("/admin/users");

        assertEquals(303, page.submit("/admin/users/" + admin.id() + "/role", Map.of("role", "EDITOR")).statusCode());

        assertEquals(Role.EDITOR, reload(admin.id()).role);
    }

    @Test
    @DisplayName("D the last active admin is told they cannot demote or disable themselves, and stays admin")
    void theLastAdminCannotDemoteOrDisableThemselves() {
        TestAccounts.Account admin = TestAccounts.fresh(Role.ADMIN);
        List<Long> others = setOtherAdminsAside(admin.id());
        try {
            PortalClient browser = PortalClient.anonymous().signIn(admin);
            FormPage page = browser.open("/admin/users");

            Response demote = page.submit("/admin/users/" + admin.id() + "/role", Map.of("role", "VIEWER"));
            assertEquals(400, demote.statusCode());
            String demoteMessage = Html.fieldError(demote.asString(), "role-" + admin.id()).orElse("");
            Response disable = page.submit("/admin/users/" + admin.id() + "/disable", Map.of());
            assertEquals(400, disable.statusCode());
            String disableMessage = Html.fieldError(disable.asString(), "role-" + admin.id()).orElse("");

            assertTrue(demoteMessage.contains("at least one active admin"), demoteMessage);
            assertTrue(disableMessage.contains("at least one active admin"), disableMessage);
            User after = reload(admin.id());
            assertEquals(Role.ADMIN, after.role);
            assertTrue(after.isActive());
            assertCookieAccepted(browser.cookie(PortalClient.SESSION_COOKIE)); // nothing ended
        } finally {
            restore(others);
        }
    }

    @Test
    @DisplayName("D two admins demoting each other at the same moment still leave one admin")
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        for (int round = 1; round <= 5; round++) {
            TestAccounts.Account first = TestAccounts.fresh(Role.ADMIN);
            TestAccounts.Account second = TestAccounts.fresh(Role.ADMIN);
            List<Long> others = setOtherAdminsAside(first.id(), second.id());
            try {
                FormPage firstPage = PortalClient.anonymous().signIn(first).open("/admin/users");
                FormPage secondPage = PortalClient.anonymous().signIn(second).open("/admin/users");
                CountDownLatch start = new CountDownLatch(1);
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    Future<Response> one = pool.submit(() -> {
                        start.await();
                        return firstPage.submit("/admin/users/" + second.id() + "/role", Map.of("role", "EDITOR"));
                    });
                    Future<Response> two = pool.submit(() -> {
                        start.await();
                        return secondPage.submit("/admin/users/" + first.id() + "/role", Map.of("role", "EDITOR"));
                    });
                    start.countDown();
                    one.get(30, TimeUnit.SECONDS);
                    two.get(30, TimeUnit.SECONDS);
                } finally {
                    pool.shutdownNow();
                }
                long admins = QuarkusTransaction.requiringNew().call(() -> User.count("role = ?1 AND disabledAt IS NULL", Role.ADMIN));
                int at = round;
                assertTrue(admins >= 1, () -> "round " + at + ": no active admin is left");
            } finally {
                restore(others);
            }
        }
    }

    private List<Long> setOtherAdminsAside(Long... keep) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Number> ids = em.createNativeQuery(
                            "UPDATE app_user SET disabled_at = now() WHERE role = 'ADMIN' AND disabled_at IS NULL AND id NOT IN (?1) RETURNING id")
                    .setParameter(1, List.of(keep)).getResultList();
            return ids.stream().map(Number::longValue).toList();
        });
    }

    private void restore(List<Long> ids) {
        if (!ids.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE app_user SET disabled_at = NULL WHERE id IN (?1)")
                    .setParameter(1, ids).executeUpdate());
        }
    }
}
