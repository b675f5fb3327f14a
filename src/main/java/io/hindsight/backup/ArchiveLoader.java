package io.hindsight.backup;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads an archive's rows into the tables of a schema and checks them against the manifest. Runs
 * inside the caller's transaction: the caller commits only when everything loaded and verified, so
 * a damaged archive changes nothing.
 */
public final class ArchiveLoader {

    /** Rows sent per INSERT, and the most characters of JSON sent at once. */
    static final int BATCH_ROWS = 500;
    static final int BATCH_CHARS = 4 << 20;

    /** A table's row count and checksum as the manifest says and as the database now has them. */
    public record TableCheck(String table, long expectedRows, long actualRows, String expectedSha256, String actualSha256) {
        public boolean ok() {
            return expectedRows == actualRows && expectedSha256.equals(actualSha256);
        }
    }

    private ArchiveLoader() {
    }

    /** Every table of the manifest must exist in the target; a table the target has and the archive lacks stays empty. */
    static void requireTables(Manifest manifest, List<SchemaCatalog.Table> tables) {
        List<String> known = tables.stream().map(SchemaCatalog.Table::name).toList();
        List<String> unknown = manifest.tables().stream().map(CanonicalRows.TableSum::table).filter(t -> !known.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw new ArchiveProblem("The archive has tables this database does not: " + String.join(", ", unknown)
                    + ". It was not written by this version of Hindsight's schema.");
        }
    }

    /**
     * An archive of this very schema version must hold every table the version has, empty ones too: a backup writes
     * them all, so one that lacks some was cut down or made by hand, and restoring or drilling it would pass while
     * leaving those tables empty.
     */
    static void requireComplete(Manifest manifest, List<SchemaCatalog.Table> tables) {
        requireTables(manifest, tables);
        List<String> listed = manifest.tables().stream().map(CanonicalRows.TableSum::table).toList();
        List<String> missing = tables.stream().map(SchemaCatalog.Table::name).filter(t -> !listed.contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new ArchiveProblem("The archive lacks " + missing.size() + " of the " + tables.size()
                    + " tables every backup of this version holds (" + String.join(", ", missing.stream().limit(10).toList())
                    + (missing.size() > 10 ? ", …" : "") + "). It is not a complete backup, so it is not used.");
        }
    }

    /**
     * Reads every table file of the archive once and compares its row count and checksum with the
     * manifest, before anything is changed: a damaged or truncated archive is refused whole.
     */
    static void checkIntegrity(BackupArchive archive) {
        for (CanonicalRows.TableSum expected : archive.manifest().tables()) {
            String file = BackupArchive.DATA + expected.table() + ".jsonl";
            MessageDigest digest = CanonicalRows.sha256();
            long rows = 0;
            try (BufferedReader lines = archive.lines(expected.table())) {
                String line;
                while ((line = lines.readLine()) != null) {
                    digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                    rows++;
                }
            } catch (IOException e) {
                throw new ArchiveProblem(file + " cannot be read to its end (" + e.getMessage() + "); the archive is damaged or truncated.", e);
            }
            requireMatch(file, expected, rows, CanonicalRows.hex(digest));
        }
    }

    private static void requireMatch(String file, CanonicalRows.TableSum expected, long rows, String sha256) {
        if (rows != expected.rows() || !sha256.equals(expected.sha256())) {
            throw new ArchiveProblem(file + " does not match the manifest (" + rows + " rows read, " + expected.rows()
                    + " expected" + (sha256.equals(expected.sha256()) ? "" : ", checksum differs") + "): the archive is damaged.");
        }
    }

    /** Loads each table of the manifest, in the order of {@code tables} (parents first). */
    static void load(Connection connection, String schema, List<SchemaCatalog.Table> tables, BackupArchive archive)
            throws SQLException {
        for (SchemaCatalog.Table table : tables) {
            var expected = archive.manifest().table(table.name());
            if (expected.isPresent()) {
                loadTable(connection, schema, table, archive, expected.get());
            }
        }
    }

    private static void loadTable(Connection connection, String schema, SchemaCatalog.Table table, BackupArchive archive,
                                  CanonicalRows.TableSum expected) throws SQLException {
        String target = SchemaCatalog.quote(schema) + "." + SchemaCatalog.quote(table.name());
        String columns = table.columns().stream().map(SchemaCatalog::quote).collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + target + " (" + columns + ") OVERRIDING SYSTEM VALUE SELECT " + columns
                + " FROM jsonb_populate_recordset(NULL::" + target + ", ?::jsonb)";
        String file = BackupArchive.DATA + table.name() + ".jsonl";
        MessageDigest digest = CanonicalRows.sha256();
        long rows = 0;
        try (BufferedReader lines = archive.lines(table.name());
             PreparedStatement insert = connection.prepareStatement(sql)) {
            StringBuilder batch = new StringBuilder();
            int inBatch = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                digest.update((line + "\n").getBytes(StandardCharsets.UTF_8));
                rows++;
                batch.append(inBatch == 0 ? "[" : ",").append(line);
                inBatch++;
                if (inBatch == BATCH_ROWS || batch.length() > BATCH_CHARS) {
                    send(insert, batch, file);
                    batch.setLength(0);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                send(insert, batch, file);
            }
        } catch (IOException e) {
            throw new ArchiveProblem(file + " cannot be read to its end (" + e.getMessage() + "); the archive is damaged or truncated.", e);
        }
        requireMatch(file, expected, rows, CanonicalRows.hex(digest));
    }

    private static void send(PreparedStatement insert, StringBuilder batch, String file) throws SQLException {
        batch.append(']');
        insert.setString(1, batch.toString());
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            // 22xxx data and 23xxx constraint errors: the rows, not the database, are wrong. The caller rolls back.
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("22") || state.startsWith("23")) {
                throw new ArchiveProblem(file + " holds rows this database refuses: " + refusal(e)
                        + ". Nothing was restored.", e);
            }
            throw e;
        }
    }

    /** Recomputes every manifest table's count and checksum from {@code schema}, in the same canonical form. */
    static List<TableCheck> verify(Connection connection, String schema, List<SchemaCatalog.Table> tables, Manifest manifest)
            throws SQLException {
        CanonicalRows.prepare(connection);
        List<TableCheck> checks = new ArrayList<>();
        for (CanonicalRows.TableSum expected : manifest.tables()) {
            SchemaCatalog.Table table = tables.stream().filter(t -> t.name().equals(expected.table())).findFirst()
                    .orElseThrow(() -> new ArchiveProblem("Table " + expected.table() + " is missing from the restored schema."));
            CanonicalRows.TableSum actual;
            try {
                actual = CanonicalRows.read(connection, schema, table, null);
            } catch (IOException e) {
                throw new IllegalStateException("No sink, so no I/O", e);
            }
            checks.add(new TableCheck(expected.table(), expected.rows(), actual.rows(), expected.sha256(), actual.sha256()));
        }
        return checks;
    }

    /** Moves every identity and serial sequence past the highest id loaded, so new rows do not collide. */
    static void resetSequences(Connection connection, String schema, List<SchemaCatalog.Table> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (SchemaCatalog.Table table : tables) {
                String target = SchemaCatalog.quote(schema) + "." + SchemaCatalog.quote(table.name());
                for (String column : table.identityColumns()) {
                    String quoted = SchemaCatalog.quote(column);
                    statement.execute("SELECT setval(pg_get_serial_sequence('" + target.replace("'", "''") + "', '"
                            + column.replace("'", "''") + "'), COALESCE((SELECT max(" + quoted + ") FROM " + target + "), 0) + 1, false)");
                }
            }
        }
    }

    /**
     * Why PostgreSQL refused a table's rows, in words and with the column or rule it names, never its own message: that
     * quotes the refused value and the statement, which a report an admin shares or attaches as evidence should not.
     */
    static String refusal(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        String column = server == null || server.getColumn() == null ? "" : " '" + server.getColumn() + "'";
        String rule = server == null || server.getConstraint() == null ? "" : " (" + server.getConstraint() + ")";
        return switch (state) {
            case "23502" -> "a row has no value for the required column" + column;
            case "23505" -> "two rows have the same key" + rule;
            case "23503" -> "a row refers to a row the archive does not hold" + rule;
            case "23514" -> "a row breaks one of the table's rules" + rule;
            case "22001" -> "a value is longer than its column allows";
            case "22003" -> "a number is out of its column's range";
            case "22007", "22008" -> "a date or time cannot be read or is out of range";
            case "22P02" -> "a value is not of its column's type";
            default -> state.startsWith("23") ? "a row breaks one of the table's rules" + rule
                    : "a value is not valid for its column (SQLSTATE " + state + ")";
        };
    }
}
