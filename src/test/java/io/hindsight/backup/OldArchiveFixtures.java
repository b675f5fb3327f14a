package io.hindsight.backup;

import io.hindsight.system.EmbeddedDatabase;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the committed archives of older schema versions ({@code src/test/resources/backup/}), as
 * a Hindsight of that version would have: a database migrated with Flyway up to version N (the
 * same migration scripts, {@code target} = N), the rows of {@code rows-v9.sql} (and, from version
 * 12, {@code rows-v12.sql}) inserted with SQL valid at N, and every table written in the archive
 * format (canonical JSON Lines, manifest with counts and checksums). The format is written here
 * directly because the archive writer reads the current schema (its Markdown export needs the
 * current entities); restores do not read the Markdown, so these archives have none.
 *
 * <p>Regenerate (see the README there):
 * {@code ./mvnw -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.hindsight.backup.OldArchiveFixtures}
 */
public final class OldArchiveFixtures {

    /** The versions written, and the row scripts each one runs in order. */
    static final List<Integer> VERSIONS = List.of(9, 12);
    static final Instant CREATED_AT = Instant.parse("2026-03-14T02:00:00Z");

    private OldArchiveFixtures() {
    }

    static String fileName(int version) {
        return "hindsight-backup-schema-v" + version + ".zip";
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/backup");
        Path data = Files.createTempDirectory("hindsight-fixtures-");
        try (EmbeddedDatabase server = EmbeddedDatabase.start(data, true)) {
            String base = server.jdbcUrl().substring(0, server.jdbcUrl().lastIndexOf('/') + 1);
            for (int version : VERSIONS) {
                String database = "fixture_v" + version;
                try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), "postgres", "postgres");
                     Statement statement = admin.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS " + database);
                    statement.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
                }
                String url = base + database;
                Flyway.configure().dataSource(url, "postgres", "postgres").locations("classpath:db/migration")
                        .target(String.valueOf(version)).load().migrate();
                try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres")) {
                    insertRows(connection, version);
                    Path archive = out.resolve(fileName(version));
                    try (OutputStream output = Files.newOutputStream(archive)) {
                        write(connection, output);
                    }
                    System.out.println("Wrote " + archive);
                }
            }
        }
    }

    private static void insertRows(Connection connection, int version) throws IOException, SQLException {
        List<String> scripts = new ArrayList<>(List.of("rows-v9.sql"));
        if (version >= 12) {
            scripts.add("rows-v12.sql");
        }
        try (Statement statement = connection.createStatement()) {
            for (String script : scripts) {
                try (InputStream in = OldArchiveFixtures.class.getResourceAsStream("/backup/" + script)) {
                    statement.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** The archive format of docs/operations.md, as BackupService writes it, minus the Markdown. */
    private static void write(Connection connection, OutputStream output) throws IOException, SQLException {
        ZipOutputStream zip = new ZipOutputStream(output, StandardCharsets.UTF_8);
        connection.setAutoCommit(false);
        CanonicalRows.prepare(connection);
        String schema = BackupService.currentSchema(connection);
        List<CanonicalRows.TableSum> sums = new ArrayList<>();
        for (SchemaCatalog.Table table : SchemaCatalog.tables(connection, schema)) {
            put(zip, BackupArchive.DATA + table.name() + ".jsonl");
            sums.add(CanonicalRows.read(connection, schema, table, zip::write));
            zip.closeEntry();
        }
        String[] installation = BackupService.installation(connection);
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "0.1.0-SNAPSHOT", BackupService.schemaVersion(connection),
                installation[0], installation[1], CREATED_AT, List.copyOf(sums));
        connection.commit();
        put(zip, BackupArchive.MANIFEST);
        zip.write(manifest.toJson());
        zip.closeEntry();
        zip.finish();
    }

    private static void put(ZipOutputStream zip, String name) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(LocalDateTime.ofInstant(CREATED_AT, ZoneOffset.UTC));
        zip.putNextEntry(entry);
    }
}
