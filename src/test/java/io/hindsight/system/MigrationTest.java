package io.hindsight.system;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Flyway leaves behind in a fresh database: both migrations, the seeded templates and the
 * installation row. Read with plain SQL so that the check does not depend on the entities.
 */
@QuarkusTest
class MigrationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyMigrationIsAppliedSuccessfully() throws SQLException {
        List<List<Object>> history = rows("""
                SELECT version, description, success FROM flyway_schema_history
                WHERE version IS NOT NULL ORDER BY installed_rank""");

        assertEquals(List.of(
                List.of("1", "incidents and postmortems", true),
                List.of("2", "postmortem templates", true),
                List.of("3", "accounts and sessions", true),
                List.of("4", "remediation checklists and action items", true),
                List.of("5", "checklist library", true),
                List.of("6", "review and publish", true),
                List.of("7", "slack notifications", true),
                List.of("8", "share links", true),
                List.of("9", "postmortem contributors", true),
                List.of("10", "timeline entry author", true),
                List.of("11", "revisions and amendments", true),
                List.of("12", "optimistic locking", true),
                List.of("13", "incident trash", true),
                List.of("14", "audit append only", true),
                List.of("15", "installation environment", true),
                List.of("16", "public address and feed tokens", true),
                List.of("17", "device cookies and lockouts", true),
                List.of("18", "lesson cards", true),
                List.of("19", "incident list at scale", true),
                List.of("20", "dashboard and action item indexes", true),
                List.of("21", "search", true),
                List.of("22", "insights", true),
                List.of("23", "similar incidents", true),
                List.of("24", "insight rollups", true),
                List.of("25", "alert intake", true),
                List.of("26", "issue trackers", true),
                List.of("27", "teams destinations", true),
                List.of("28", "search recent candidates", true),
                List.of("29", "scheduled runs", true),
                List.of("30", "alert groups", true),
                List.of("31", "insight rollups once per transaction", true),
                List.of("32", "insight response and reverify rollups", true),
                List.of("33", "similar changed notice", true),
                List.of("34", "search filtered walk", true),
                List.of("35", "insight rollups one flush", true),
                List.of("36", "similar candidates by feature", true),
                List.of("37", "search bounded filters", true)), history);
    }

    @Test
    void fourTemplatesAreSeededEachWithAllSevenSections() throws SQLException {
        Map<String, Long> sectionsPerTemplate = new LinkedHashMap<>();
        for (List<Object> row : rows("""
                SELECT t.slug, count(s.id) FROM postmortem_template t
                LEFT JOIN postmortem_template_section s ON s.template_id = t.id
                GROUP BY t.slug, t.position ORDER BY t.position""")) {
            sectionsPerTemplate.put((String) row.get(0), (Long) row.get(1));
        }

        assertEquals(Map.of("general", 7L, "wrong-database", 7L, "data-loss-backups", 7L, "auth-session-token", 7L),
                sectionsPerTemplate);
        assertEquals(List.of("general", "wrong-database", "data-loss-backups", "auth-session-token"),
                List.copyOf(sectionsPerTemplate.keySet()), "templates are offered in this order");
        assertEquals(List.of(List.of(0L)), rows("""
                SELECT count(*) FROM postmortem_template_section WHERE btrim(prompt) = '' OR btrim(starter) = ''"""),
                "every section has a prompt and a starter");
    }

    @Test
    void everyContributingFactorOfATemplateIsATickBoxInItsLearnStarter() throws SQLException {
        List<List<Object>> templates = rows("""
                SELECT t.slug, t.contributing_factors, s.starter FROM postmortem_template t
                JOIN postmortem_template_section s ON s.template_id = t.id AND s.section = 'LEARN'""");

        assertEquals(4, templates.size());
        for (List<Object> template : templates) {
            String slug = (String) template.get(0);
            String[] factors = (String[]) template.get(1);
            String starter = (String) template.get(2);
            assertTrue(factors.length >= 5, slug + " lists its contributing factors");
            assertTrue(starter.startsWith("### Contributing factors\n"), slug);
            for (String factor : factors) {
                assertTrue(starter.contains("- [ ] " + factor + "\n"), slug + " starter lacks: " + factor);
            }
        }
    }

    @Test
    void exactlyOneInstallationRowNamesThisDatabase() throws SQLException {
        List<List<Object>> installations = rows("SELECT name, id IS NOT NULL, created_at IS NOT NULL FROM installation");

        assertEquals(List.of(List.of("Hindsight", true, true)), installations);
    }

    @Test
    void theSchemaCanNeverBeCleanedAndIsOwnedByFlyway() {
        var config = ConfigProvider.getConfig();
        assertAll(
                () -> assertTrue(config.getValue("quarkus.flyway.clean-disabled", Boolean.class), "flyway clean would drop everything"),
                () -> assertTrue(config.getValue("quarkus.flyway.migrate-at-start", Boolean.class)),
                () -> assertFalse(config.getValue("quarkus.flyway.baseline-on-migrate", Boolean.class)),
                () -> assertTrue(config.getValue("quarkus.flyway.validate-on-migrate", Boolean.class)),
                () -> assertTrue(noJdbcUrlIsConfiguredForProduction(), "no default JDBC URL in application.properties (%prod)"),
                () -> assertEquals("validate", config.getValue("quarkus.hibernate-orm.schema-management.strategy", String.class)));
    }

    /** SECURITY.md 27: a portal without QUARKUS_DATASOURCE_JDBC_URL must not find a database by default. */
    private static boolean noJdbcUrlIsConfiguredForProduction() throws java.io.IOException {
        try (var in = MigrationTest.class.getResourceAsStream("/application.properties")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return text.lines().map(String::strip)
                    .noneMatch(line -> line.matches("(%prod\\.)?quarkus\\.datasource\\.(jdbc\\.)?url\\s*=.*"));
        }
    }

    private List<List<Object>> rows(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            List<List<Object>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof Array array ? array.getArray() : value);
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
