package io.hindsight.export;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Thousands of incidents in a second or two, straight in SQL ({@code export/seed-incidents.sql},
 * which bench/export-zip.sh runs too): building them through the API would take minutes and test
 * nothing this test is about. This volume seed is the one place tests insert rows in SQL; every other
 * test builds its data through the named builders ({@code Incidents}, {@code Postmortems}, ...).
 */
final class SeededIncidents {

    private SeededIncidents() {
    }

    /** Inserts {@code count} published incidents tagged {@code tag}, in one transaction. */
    static void insert(DataSource dataSource, String tag, int count) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement settings = connection.prepareStatement(
                    "SELECT set_config('hindsight.seed_tag', ?, true), set_config('hindsight.seed_count', ?, true)")) {
                settings.setString(1, tag);
                settings.setString(2, Integer.toString(count));
                settings.execute();
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : script().split(";\\s*\\n")) {
                    if (!sql.replaceAll("(?m)^--.*$", "").isBlank()) {
                        statement.execute(sql);
                    }
                }
            }
            connection.commit();
        }
    }

    /** Deletes them again (timelines, postmortems and action items go with them). */
    static void delete(DataSource dataSource, String tag) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM incident WHERE tags @> ARRAY[CAST(? AS text)]")) {
            delete.setString(1, tag);
            delete.executeUpdate();
        }
    }

    private static String script() {
        try (InputStream in = SeededIncidents.class.getResourceAsStream("/export/seed-incidents.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
