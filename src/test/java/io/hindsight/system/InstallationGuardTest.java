package io.hindsight.system;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.audit.AuditEvent;
import io.hindsight.system.GuardDecision.Expected;
import io.hindsight.system.GuardDecision.Identity;
import io.hindsight.system.GuardDecision.Outcome;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The wrong-database guard on the test database: the tests profile only warns, so the production
 * behaviour (enforce) is asked for explicitly; the packaged portal's refusal is in WrongDatabaseIT.
 */
@QuarkusTest
class InstallationGuardTest {

    @Test
    void theGuardDecidesBeforeTheSchedulerStarts() throws Exception {
        // A refused start must not run a scheduled job (the notification relay ticks every second) against the
        // database it refused, nor while that portal is shutting down.
        var start = io.quarkus.scheduler.runtime.SimpleScheduler.class.getDeclaredMethod("start", io.quarkus.runtime.StartupEvent.class);
        int scheduler = start.getParameters()[0].getAnnotation(jakarta.annotation.Priority.class).value();
        var onStart = InstallationGuard.class.getDeclaredMethod("onStart", io.quarkus.runtime.StartupEvent.class);
        int guard = onStart.getParameters()[0].getAnnotation(jakarta.annotation.Priority.class).value();
        org.assertj.core.api.Assertions.assertThat(guard).isLessThan(scheduler);
    }

    @Inject
    InstallationGuard guard;

    @Inject
    LookAlikeDatabases lookAlikes;

    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void backToTheVerdictAtStart() {
        guard.check(null, null, false);
    }

    @Test
    void theFirstStartGaveTheInstallationItsEnvironment() {
        Installation installation = QuarkusTransaction.requiringNew().call(Installation::current);

        assertEquals("test", installation.environment);
        assertEquals("Hindsight", installation.name);
    }

    @Test
    void readinessReportsTheIdentityWithoutCredentials() {
        Identity found = guard.found();

        var ready = given().get("/q/health/ready").then().statusCode(200).extract();
        Map<String, Object> data = ready.jsonPath().getMap("checks.find { it.name == 'Installation' }.data");

        assertEquals(found.id().toString(), data.get("id"));
        assertEquals("Hindsight", data.get("name"));
        assertEquals("test", data.get("environment"));
        assertThat((String) data.get("database")).isEqualTo(found.database()).contains("/").doesNotContain("password");
        assertThat(ready.asString()).doesNotContain("postgres:postgres").doesNotContain("password");
    }

    @Test
    void productionRefusesAnotherInstallationNamingBoth() {
        Identity found = guard.found();
        Expected other = new Expected(new Identity(UUID.randomUUID(), "Acme", "production", "db.example:5432/hindsight"), true,
                "the identity file /tmp/x.json");

        InstallationGuard.WrongDatabase refused = assertThrows(InstallationGuard.WrongDatabase.class,
                () -> guard.check(other, null, true));

        assertThat(refused.getMessage()).contains("Hindsight did not start")
                .contains("Expected: " + other.identity().describe())
                .contains("Found:    " + found.describe())
                .contains("HINDSIGHT_INSTALLATION_OVERRIDE=" + found.id());
    }

    @Test
    void developmentAndTestsWarnInstead() {
        Expected other = new Expected(new Identity(UUID.randomUUID(), "Acme", "production", null), true, "the identity file x");

        assertEquals(Outcome.MISMATCH, guard.check(other, null, false).outcome());
    }

    @Test
    void anOverrideNamingTheFoundInstallationStartsAndIsAudited() {
        Identity found = guard.found();
        UUID expectedId = UUID.randomUUID();
        Expected other = new Expected(new Identity(expectedId, "Acme", "production", null), true, "the identity file x");
        long before = overrides();

        assertEquals(Outcome.OVERRIDDEN, guard.check(other, found.id().toString(), true).outcome());

        assertEquals(before + 1, overrides());
        AuditEvent event = QuarkusTransaction.requiringNew().call(() ->
                AuditEvent.<AuditEvent>find("action = ?1 ORDER BY id DESC", "guard.override").firstResult());
        assertEquals("installation:" + found.id(), event.subject);
        assertThat(event.detail).contains(expectedId.toString()).contains(found.id().toString());
    }

    @Test
    void aLookAlikeDatabaseOnTheServerIsNamedForAdmins() throws SQLException {
        String ours = query("SELECT current_database()");
        String lookAlike = ours + "_2";
        assumeTrue(createDatabase(lookAlike), "this role may not create databases on the test server");
        try {
            List<String> warnings = lookAlikes.refresh();

            assertThat(warnings).anySatisfy(w -> assertThat(w)
                    .contains("\"" + lookAlike + "\"").contains("looks like \"" + ours + "\"")
                    .contains("Ours is \"" + ours + "\": it holds this installation (" + guard.found().id()));
            assertThat(PortalClient.browserAs(Role.ADMIN).get("/incidents").asString()).contains("lookalike-warning")
                    .contains(lookAlike);
            assertThat(PortalClient.browserAs(Role.EDITOR).get("/incidents").asString()).doesNotContain("lookalike-warning");
            assertThat(given().get("/q/health/ready").asString()).contains(lookAlike);
        } finally {
            execute("DROP DATABASE IF EXISTS " + lookAlike);
            lookAlikes.refresh();
        }
        assertThat(lookAlikes.warnings()).noneMatch(w -> w.contains(lookAlike));
    }

    private static long overrides() {
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.count("action", "guard.override"));
    }

    private boolean createDatabase(String name) throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name);
        try {
            execute("CREATE DATABASE " + name);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute(sql);
        }
    }
}
