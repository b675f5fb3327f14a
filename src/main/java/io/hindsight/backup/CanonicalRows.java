package io.hindsight.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * The one canonical text of a table's rows, used to write an archive and to verify a restore: one
 * line per row, the row as PostgreSQL's own {@code jsonb} text ({@code to_jsonb(row)::text}), rows
 * ordered by primary key. PostgreSQL normalises jsonb (keys sorted, fixed spacing, nested jsonb
 * normalised), and the session settings below fix what would otherwise vary: timestamps are written
 * in UTC ({@code 2026-03-14T02:00:00.123456+00:00}), intervals in the postgres style, floats with
 * their shortest exact digits. Numbers keep their exact digits, bytea is {@code "\\x…"} hex text.
 * The checksum is SHA-256 over the lines, each ending in {@code \n} — exactly the bytes of the
 * table's {@code data/<table>.jsonl} file.
 */
public final class CanonicalRows {

    /** Rows fetched per round trip: a cursor, so a table is never held in memory whole. */
    static final int FETCH_SIZE = 500;

    /** Row count and checksum of one table. */
    public record TableSum(String table, long rows, String sha256) {
    }

    /** Receives each line, with its newline, as UTF-8. */
    @FunctionalInterface
    interface LineSink {
        void accept(byte[] line) throws java.io.IOException;
    }

    private CanonicalRows() {
    }

    /** Fixes the settings the jsonb text depends on, for the current transaction only. */
    static void prepare(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL TIME ZONE 'UTC'");
            statement.execute("SET LOCAL intervalstyle = 'postgres'");
            statement.execute("SET LOCAL extra_float_digits = 1");
        }
    }

    static String select(String schema, SchemaCatalog.Table table) {
        String row = "to_jsonb(r)";
        if (!table.generated().isEmpty()) {
            row = "(" + row + " - ARRAY[" + table.generated().stream().map(CanonicalRows::literal)
                    .collect(Collectors.joining(", ")) + "]::text[])";
        }
        String order = table.orderBy().isEmpty() ? "1 COLLATE \"C\"" : String.join(", ", table.orderBy());
        return "SELECT " + row + "::text FROM " + SchemaCatalog.quote(schema) + "." + SchemaCatalog.quote(table.name())
                + " r ORDER BY " + order;
    }

    /** Streams the table's canonical lines to {@code sink} (when given) and returns their count and checksum. */
    static TableSum read(Connection connection, String schema, SchemaCatalog.Table table, LineSink sink)
            throws SQLException, java.io.IOException {
        MessageDigest digest = sha256();
        long rows = 0;
        try (PreparedStatement statement = connection.prepareStatement(select(schema, table))) {
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byte[] line = (rs.getString(1) + "\n").getBytes(StandardCharsets.UTF_8);
                    digest.update(line);
                    rows++;
                    if (sink != null) {
                        sink.accept(line);
                    }
                }
            }
        }
        return new TableSum(table.name(), rows, hex(digest));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
