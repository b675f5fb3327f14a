package io.hindsight.backup;

import io.agroal.api.AgroalDataSource;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.export.ExportFilter;
import io.hindsight.export.ExportService;
import io.hindsight.system.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.jboss.logging.Logger;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;

/**
 * Writes backup archives and restores them, verified against their manifest. Works on plain JDBC
 * connections rather than entities: a backup must include every table, also those no entity maps,
 * and a restore must replace all of them in one transaction.
 */
@ApplicationScoped
public class BackupService {

    private static final Logger LOG = Logger.getLogger(BackupService.class);
    /** Reports per read of the Markdown export, as the bulk export does. */
    private static final int REPORT_BATCH = 50;
    /** The library checklist whose items a drill's report is evidence for. */
    static final String DRILL_CHECKLIST = "backups-restore-drills";
    private static final ExportFilter EVERY_INCIDENT = new ExportFilter(false, null, null, null);

    /** What a finished backup wrote. */
    public record Written(Manifest manifest, long bytes) {
    }

    /** How a restore went: the installation replaced (if any), warnings, and the verification per table. */
    public record Restored(Manifest manifest, String replacedInstallation, List<String> warnings,
                           List<ArchiveLoader.TableCheck> checks, Duration duration, String migratedTo) {
        public boolean verified() {
            return checks.stream().allMatch(ArchiveLoader.TableCheck::ok);
        }

        /** Whether the archive was of an older schema version and its rows were migrated to {@link #migratedTo()}. */
        public boolean migrated() {
            return migratedTo != null;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ExportService exports;

    @Inject
    Flyway flyway;

    @Inject
    Audit audit;

    @Inject
    Environment environment;

    @Inject
    Clock clock;

    /** The archive's file name: {@code hindsight-backup-<installation>-<timestamp>.zip}. */
    public String fileName() {
        String installation = "hindsight";
        try (Connection connection = dataSource.getConnection()) {
            installation = installation(connection)[1];
        } catch (SQLException e) {
            LOG.debugf("No installation name for the backup's file name: %s", e.getMessage());
        }
        String slug = installation.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant());
        return "hindsight-backup-" + (slug.isEmpty() ? "hindsight" : slug) + "-" + stamp + ".zip";
    }

    /**
     * Writes a full backup to {@code output} and records {@code backup.created}. The tables are
     * read in one repeatable-read transaction, so the archive is a consistent snapshot; each table
     * is read through a cursor and written as it arrives, so memory does not grow with the data.
     * The caller closes {@code output}.
     */
    public Written write(OutputStream output, Long actorId, String ip) throws IOException {
        Counting counting = new Counting(output);
        ZipOutputStream zip = new ZipOutputStream(counting, StandardCharsets.UTF_8);
        Instant createdAt = clock.instant();
        String schemaVersion;
        String[] installation;
        List<CanonicalRows.TableSum> sums = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                CanonicalRows.prepare(connection);
                String schema = currentSchema(connection);
                schemaVersion = schemaVersion(connection);
                installation = installation(connection);
                for (SchemaCatalog.Table table : SchemaCatalog.tables(connection, schema)) {
                    putEntry(zip, BackupArchive.DATA + table.name() + ".jsonl", createdAt);
                    sums.add(CanonicalRows.read(connection, schema, table, zip::write));
                    zip.closeEntry();
                }
                connection.commit();
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The backup could not read the database: " + e.getMessage(), e);
        }
        long after = 0;
        List<ExportService.Report> batch;
        do {
            batch = exports.nextReports(EVERY_INCIDENT, after, REPORT_BATCH);
            for (ExportService.Report report : batch) {
                putEntry(zip, BackupArchive.POSTMORTEMS + report.fileName(), createdAt);
                zip.write(report.markdown().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                after = report.incidentId();
            }
        } while (batch.size() == REPORT_BATCH);
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, hindsightVersion(), schemaVersion, installation[0],
                installation[1], createdAt, List.copyOf(sums));
        putEntry(zip, BackupArchive.MANIFEST, createdAt);
        zip.write(manifest.toJson());
        zip.closeEntry();
        zip.finish();
        zip.flush();
        audit.record(actorId, AuditAction.BACKUP_CREATED, AuditSubject.installation(installation[0]),
                "size=" + counting.count + " bytes; tables=" + sums.size() + "; rows=" + manifest.totalRows()
                        + "; schema_version=" + schemaVersion, ip);
        return new Written(manifest, counting.count);
    }

    /**
     * Restores {@code file} into this installation's database, in one transaction, and verifies it
     * before committing: a damaged archive or a failed verification leaves the database as it was.
     * An archive from an older schema version is loaded and verified in a scratch schema at its own
     * version, migrated there, and then copied in (see {@link #restoreInto(Connection, DataSource, BackupArchive, boolean)}).
     * An installation that has incidents or accounts is replaced only when {@code replace} is set.
     */
    public Restored restore(Path file, boolean replace, Long actorId, String ip) {
        Restored restored;
        try (BackupArchive archive = BackupArchive.open(file); Connection connection = dataSource.getConnection()) {
            restored = restoreInto(connection, dataSource, archive, replace);
        } catch (SQLException e) {
            throw new IllegalStateException("The restore failed in the database and was rolled back: " + e.getMessage(), e);
        }
        Manifest manifest = restored.manifest();
        audit.record(actorId, AuditAction.BACKUP_RESTORED, AuditSubject.installation(manifest.installationId()),
                "verification=" + (restored.verified() ? "OK" : "MISMATCH, rolled back") + "; tables=" + manifest.tables().size()
                        + "; rows=" + manifest.totalRows() + "; archive_created_at=" + manifest.createdAt()
                        + "; schema_version=" + manifest.schemaVersion()
                        + (restored.migrated() ? "; migrated_to=" + restored.migratedTo() : "")
                        + (restored.replacedInstallation() == null ? "" : "; replaced=" + restored.replacedInstallation())
                        + mismatches(restored.checks()), ip);
        return restored;
    }

    /** A restore of an archive at this schema version on a given connection (tests restore into a second database with it). */
    Restored restoreInto(Connection connection, BackupArchive archive, boolean replace) throws SQLException {
        return restoreInto(connection, null, archive, replace);
    }

    /**
     * The restore itself, on a given connection. {@code sameDatabase} reaches the connection's
     * database for Flyway, which migrates an older archive's scratch schema on connections of its
     * own; without it only an archive at this schema version can be restored.
     */
    Restored restoreInto(Connection connection, DataSource sameDatabase, BackupArchive archive, boolean replace) throws SQLException {
        long started = System.nanoTime();
        Manifest manifest = archive.manifest();
        String ours = schemaVersion(connection, currentSchema(connection));
        if (!requireNotNewer(manifest, ours)) {
            return replaceAll(connection, manifest, replace, started, null, tables -> {
                ArchiveLoader.checkIntegrity(archive);
                ArchiveLoader.requireComplete(manifest, tables);
            }, (schema, tables) -> {
                ArchiveLoader.load(connection, schema, tables, archive);
                ArchiveLoader.resetSequences(connection, schema, tables);
                return ArchiveLoader.verify(connection, schema, tables, manifest);
            });
        }
        requireMigrations(sameDatabase);
        ArchiveLoader.checkIntegrity(archive);
        String scratch = "hindsight_restore_" + java.util.HexFormat.of().formatHex(randomBytes());
        ScratchSchemas.hold(connection, scratch);
        try {
            List<ArchiveLoader.TableCheck> checks = stageOlder(connection, sameDatabase, archive, scratch);
            if (!checks.stream().allMatch(ArchiveLoader.TableCheck::ok)) {
                return new Restored(manifest, null, List.of(), checks, Duration.ofNanos(System.nanoTime() - started), ours);
            }
            return replaceAll(connection, manifest, replace, started, ours, tables -> { }, (schema, tables) -> {
                copyTables(connection, scratch, schema, tables);
                ArchiveLoader.resetSequences(connection, schema, tables);
                List<ArchiveLoader.TableCheck> copied = compareTables(connection, scratch, schema, tables);
                // The archive was verified against its manifest at its own version; the copy is verified against the migrated rows.
                return copied.stream().allMatch(ArchiveLoader.TableCheck::ok) ? checks : copied;
            });
        } finally {
            dropScratch(connection, scratch);
        }
    }

    /** Checks made before anything is locked or changed. */
    @FunctionalInterface
    private interface Precheck {
        void check(List<SchemaCatalog.Table> tables);
    }

    /** Loads and verifies the live tables of {@code connection}'s schema; returns the verification. */
    @FunctionalInterface
    private interface Fill {
        List<ArchiveLoader.TableCheck> into(String schema, List<SchemaCatalog.Table> tables) throws SQLException;
    }

    /**
     * The one transaction that replaces the live data: {@code precheck}, lock every table, check the
     * installation is empty (or {@code replace}), empty every table, {@code fill} them, and commit only when the
     * fill's verification passed.
     */
    private Restored replaceAll(Connection connection, Manifest manifest, boolean replace, long started, String migratedTo,
                                Precheck precheck, Fill fill) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            String schema = currentSchema(connection);
            List<SchemaCatalog.Table> tables = SchemaCatalog.tables(connection, schema);
            precheck.check(tables);
            String all = qualifiedList(schema, tables);
            try (Statement statement = connection.createStatement()) {
                // Nobody writes while the data is swapped, and the emptiness checked stays true.
                statement.execute("LOCK TABLE " + all + " IN ACCESS EXCLUSIVE MODE");
            }
            String[] target = installation(connection);
            long[] counts = incidentsAndAccounts(connection);
            List<String> warnings = new ArrayList<>();
            String replaced = null;
            if (counts[0] > 0 || counts[1] > 0) {
                String described = "\"" + target[1] + "\" (" + target[0] + ", " + counts[0] + " incidents, " + counts[1]
                        + " accounts) on " + databaseTarget();
                if (!replace) {
                    throw new ArchiveProblem("This installation is not empty: " + described + ". A restore replaces everything; "
                            + "it refuses a database with incidents or accounts unless told to replace them (--replace).");
                }
                replaced = "\"" + target[1] + "\" (" + target[0] + ")";
                warnings.add("Replaced installation " + described + " with the archive's installation \"" + manifest.installationName()
                        + "\" (" + manifest.installationId() + ", backed up " + manifest.createdAt() + ").");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE TABLE " + all + " RESTART IDENTITY");
            }
            List<ArchiveLoader.TableCheck> checks = fill.into(schema, tables);
            Restored restored = new Restored(manifest, replaced, List.copyOf(warnings), checks,
                    Duration.ofNanos(System.nanoTime() - started), migratedTo);
            if (restored.verified()) {
                connection.commit();
            } else {
                connection.rollback();
            }
            return restored;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * An older archive, brought to this schema version in {@code scratch}: Flyway creates the schema
     * and migrates it to the archive's version (the same migrations a portal of that version ran),
     * the rows those migrations seeded are removed (the archive has its own), the archive is loaded
     * and verified against its manifest, and, when every table matched, Flyway migrates the schema
     * on to this version — the rows change as they would have in an upgraded installation. Commits
     * into the scratch schema only; the caller drops it.
     *
     * @return the verification against the manifest (at the archive's version)
     */
    private List<ArchiveLoader.TableCheck> stageOlder(Connection connection, DataSource sameDatabase, BackupArchive archive,
                                                      String scratch) throws SQLException {
        Manifest manifest = archive.manifest();
        migrate(sameDatabase, scratch, manifest.schemaVersion(), manifest);
        List<ArchiveLoader.TableCheck> checks;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            String reached = schemaVersion(connection, scratch);
            if (!MigrationVersion.fromVersion(reached).equals(MigrationVersion.fromVersion(manifest.schemaVersion()))) {
                throw new ArchiveProblem("The archive names schema version " + manifest.schemaVersion()
                        + ", which no migration of this Hindsight has (the nearest below it is " + reached + "): it was not written by Hindsight.");
            }
            List<SchemaCatalog.Table> tables = SchemaCatalog.tables(connection, scratch);
            ArchiveLoader.requireTables(manifest, tables);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE TABLE " + qualifiedList(scratch, tables) + " RESTART IDENTITY");
            }
            ArchiveLoader.load(connection, scratch, tables, archive);
            ArchiveLoader.resetSequences(connection, scratch, tables);
            checks = ArchiveLoader.verify(connection, scratch, tables, manifest);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        if (checks.stream().allMatch(ArchiveLoader.TableCheck::ok)) {
            migrate(sameDatabase, scratch, null, manifest);
        }
        return checks;
    }

    /** Flyway on {@code scratch} only, with the portal's own migrations, up to {@code target} (null: the newest). */
    private void migrate(DataSource sameDatabase, String scratch, String target, Manifest manifest) {
        try {
            Flyway.configure().configuration(flyway.getConfiguration()).dataSource(sameDatabase)
                    .schemas(scratch).defaultSchema(scratch).createSchemas(true)
                    .target(target == null ? MigrationVersion.LATEST : MigrationVersion.fromVersion(target))
                    .load().migrate();
        } catch (FlywayException e) {
            throw new ArchiveProblem(target == null
                    ? "The archive's rows (schema version " + manifest.schemaVersion() + ") could not be migrated to this Hindsight's schema: "
                            + e.getMessage().lines().findFirst().orElse("") + ". Nothing was restored."
                    : "A scratch schema at the archive's version " + target + " could not be made: "
                            + e.getMessage().lines().findFirst().orElse("") + ". Nothing was restored.", e);
        }
    }

    private static void requireMigrations(DataSource sameDatabase) {
        if (sameDatabase == null) {
            throw new IllegalStateException("Restoring an archive of an older schema version needs a data source for its migrations");
        }
    }

    /** Copies every row of every table from {@code from} into the (emptied) tables of {@code to}, parents first. */
    private static void copyTables(Connection connection, String from, String to, List<SchemaCatalog.Table> tables)
            throws SQLException {
        List<String> staged = SchemaCatalog.tables(connection, from).stream().map(SchemaCatalog.Table::name).toList();
        try (Statement statement = connection.createStatement()) {
            for (SchemaCatalog.Table table : tables) {
                if (!staged.contains(table.name())) {
                    throw new IllegalStateException("The migrated scratch schema " + from + " lacks table " + table.name());
                }
                String columns = table.columns().stream().map(SchemaCatalog::quote).collect(Collectors.joining(", "));
                statement.execute("INSERT INTO " + SchemaCatalog.quote(to) + "." + SchemaCatalog.quote(table.name()) + " (" + columns
                        + ") OVERRIDING SYSTEM VALUE SELECT " + columns + " FROM " + SchemaCatalog.quote(from) + "."
                        + SchemaCatalog.quote(table.name()));
            }
        }
    }

    /** Each table's rows in {@code actual} against the same table in {@code expected}, in canonical form. */
    private static List<ArchiveLoader.TableCheck> compareTables(Connection connection, String expected, String actual,
                                                                List<SchemaCatalog.Table> tables) throws SQLException {
        CanonicalRows.prepare(connection);
        List<ArchiveLoader.TableCheck> checks = new ArrayList<>();
        for (SchemaCatalog.Table table : tables) {
            try {
                CanonicalRows.TableSum want = CanonicalRows.read(connection, expected, table, null);
                CanonicalRows.TableSum have = CanonicalRows.read(connection, actual, table, null);
                checks.add(new ArchiveLoader.TableCheck(table.name(), want.rows(), have.rows(), want.sha256(), have.sha256()));
            } catch (IOException e) {
                throw new IllegalStateException("No sink, so no I/O", e);
            }
        }
        return checks;
    }

    /** Drops a scratch schema, whatever state the connection is in; a schema left behind is named in the log. */
    private static void dropScratch(Connection connection, String scratch) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SchemaCatalog.quote(scratch) + " CASCADE");
            }
        } catch (SQLException e) {
            LOG.warnf("The scratch schema %s could not be dropped (%s); the next start drops it", scratch, e.getMessage());
        } finally {
            ScratchSchemas.release(connection, scratch);
        }
    }

    private static String qualifiedList(String schema, List<SchemaCatalog.Table> tables) {
        return tables.stream().map(t -> SchemaCatalog.quote(schema) + "." + SchemaCatalog.quote(t.name()))
                .collect(Collectors.joining(", "));
    }

    /** What a drill found, and the schema versions when it migrated an older archive (null otherwise). */
    record Drilled(List<ArchiveLoader.TableCheck> checks, String migratedFrom, String migratedTo) {
    }

    /**
     * A restore drill: loads {@code file} into a scratch schema of this database
     * ({@code hindsight_drill_<random>}), verifies every table against the manifest, and drops the
     * schema whatever happened. At this schema version the tables are created like the live ones and
     * the whole drill is one transaction that is rolled back at the end, so the scratch schema
     * disappears even if the portal dies halfway. An older archive is staged as a restore stages it
     * (Flyway to its version, load, verify, Flyway to this version), and the report says it was
     * migrated. The report is recorded as a {@code backup.drill} audit event.
     *
     * @param label how the report names the archive (a file name, or "a fresh backup")
     */
    public DrillReport drill(Path file, String label, Long actorId, String ip) {
        Instant ranAt = clock.instant();
        long started = System.nanoTime();
        String schema = "hindsight_drill_" + java.util.HexFormat.of().formatHex(randomBytes());
        Manifest manifest = null;
        Drilled drilled = new Drilled(List.of(), null, null);
        String error = null;
        try (BackupArchive archive = BackupArchive.open(file); Connection connection = dataSource.getConnection()) {
            manifest = archive.manifest();
            drilled = drillInto(connection, dataSource, archive, schema);
        } catch (ArchiveProblem e) {
            error = e.getMessage();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "Restore drill into %s failed", schema);
            // The report is shared and attached as evidence: it says what failed, the log keeps the database's own words.
            error = "The drill could not finish in the database"
                    + (e instanceof SQLException sql && sql.getSQLState() != null ? " (SQLSTATE " + sql.getSQLState() + ")" : "")
                    + "; the portal's log has the details. Nothing was changed.";
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        DrillReport report = new DrillReport(null, ranAt, label, manifest == null ? "" : manifest.installationName(),
                manifest == null ? "" : manifest.createdAt().toString(), manifest == null ? "" : manifest.schemaVersion(),
                schema, millis, drilled.checks(), error, drilled.migratedFrom(), drilled.migratedTo());
        audit.record(actorId, AuditAction.BACKUP_DRILL, AuditSubject.drill(schema), report.toJson(), ip);
        return drillBySchema(schema).orElse(report);
    }

    /** The drill on a given connection; always leaves the connection's transaction rolled back and no scratch schema. */
    Drilled drillInto(Connection connection, DataSource sameDatabase, BackupArchive archive, String schema) throws SQLException {
        Manifest manifest = archive.manifest();
        String live = currentSchema(connection);
        String ours = schemaVersion(connection, live);
        if (requireNotNewer(manifest, ours)) {
            requireMigrations(sameDatabase);
            ScratchSchemas.hold(connection, schema);
            try {
                return new Drilled(stageOlder(connection, sameDatabase, archive, schema), manifest.schemaVersion(), ours);
            } finally {
                dropScratch(connection, schema);
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            ArchiveLoader.requireComplete(manifest, SchemaCatalog.tables(connection, live));
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + SchemaCatalog.quote(schema));
                for (CanonicalRows.TableSum table : manifest.tables()) {
                    statement.execute("CREATE TABLE " + SchemaCatalog.quote(schema) + "." + SchemaCatalog.quote(table.table())
                            + " (LIKE " + SchemaCatalog.quote(live) + "." + SchemaCatalog.quote(table.table()) + " INCLUDING ALL)");
                }
            }
            List<SchemaCatalog.Table> tables = SchemaCatalog.tables(connection, schema);
            ArchiveLoader.load(connection, schema, tables, archive);
            return new Drilled(ArchiveLoader.verify(connection, schema, tables, manifest), null, null);
        } finally {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SchemaCatalog.quote(schema) + " CASCADE");
            } catch (SQLException e) {
                // The transaction failed already; the rollback below removes the schema.
            }
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The most recent drills, newest first. */
    public List<DrillReport> recentDrills(int limit) {
        List<DrillReport> drills = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id, occurred_at, detail FROM audit_event WHERE action = 'backup.drill' ORDER BY id DESC LIMIT ?")) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    drills.add(DrillReport.fromJson(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return drills;
    }

    public java.util.Optional<DrillReport> findDrill(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id, occurred_at, detail FROM audit_event WHERE action = 'backup.drill' AND id = ?")) {
            statement.setLong(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? java.util.Optional.of(DrillReport.fromJson(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                        : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A checklist item a drill can be evidence for: the items of every attached "Backups and restore drills" checklist. */
    public record EvidenceTarget(long incidentId, String incidentTitle, long itemId, String text, String state) {
        public String key() {
            return incidentId + ":" + itemId;
        }
    }

    public List<EvidenceTarget> evidenceTargets() {
        List<EvidenceTarget> targets = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT i.id, i.title, it.id, it.text, it.state FROM incident_checklist_item it
                     JOIN incident_checklist c ON c.id = it.checklist_id JOIN incident i ON i.id = c.incident_id
                     WHERE c.slug = ? ORDER BY i.id DESC, it.position LIMIT 100""")) {
            statement.setString(1, DRILL_CHECKLIST);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    targets.add(new EvidenceTarget(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return targets;
    }

    /** The recorded report of the drill that used {@code schema} (a random name, so exactly this drill). */
    private java.util.Optional<DrillReport> drillBySchema(String schema) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT id, occurred_at, detail FROM audit_event WHERE action = 'backup.drill' AND detail LIKE ?
                     ORDER BY id DESC LIMIT 1""")) {
            statement.setString(1, "%\"schema\":\"" + schema + "\"%");
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? java.util.Optional.of(DrillReport.fromJson(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3)))
                        : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        new java.security.SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** True when this installation has no incidents and no accounts: what a restore needs without --replace. */
    public boolean isEmpty() {
        try (Connection connection = dataSource.getConnection()) {
            long[] counts = incidentsAndAccounts(connection);
            return counts[0] == 0 && counts[1] == 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Refuses an archive from a newer schema version than {@code ours}: its rows may need columns
     * this Hindsight does not have. Returns whether the archive is older (and must be migrated).
     */
    static boolean requireNotNewer(Manifest manifest, String ours) {
        MigrationVersion theirs;
        try {
            theirs = MigrationVersion.fromVersion(manifest.schemaVersion());
        } catch (RuntimeException e) {
            throw new ArchiveProblem("manifest.json has a schema version \"" + manifest.schemaVersion() + "\" that is not a version number.");
        }
        int order = theirs.compareTo(MigrationVersion.fromVersion(ours));
        if (order > 0) {
            throw new ArchiveProblem("This archive was made by a newer Hindsight (schema " + manifest.schemaVersion() + "); upgrade first. "
                    + "This Hindsight is at schema " + ours + "; restore the archive with Hindsight " + manifest.hindsightVersion()
                    + " or later.");
        }
        return order < 0;
    }

    static String currentSchema(Connection connection) throws SQLException {
        return single(connection, "SELECT current_schema()");
    }

    static String schemaVersion(Connection connection) throws SQLException {
        return schemaVersion(connection, currentSchema(connection));
    }

    /** The newest schema version Flyway applied to {@code schema}. */
    static String schemaVersion(Connection connection, String schema) throws SQLException {
        return single(connection, "SELECT version FROM " + SchemaCatalog.quote(schema) + "." + SchemaCatalog.FLYWAY_HISTORY
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
    }

    /** Id and name of the installation row, or placeholders when there is none. */
    static String[] installation(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id::text, name FROM installation ORDER BY created_at LIMIT 1")) {
            return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : new String[] {"", "hindsight"};
        }
    }

    private static long[] incidentsAndAccounts(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM incident), (SELECT count(*) FROM app_user)")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("The database has no Flyway history: it is not a Hindsight database.");
            }
            return rs.getString(1);
        }
    }

    String databaseTarget() {
        try {
            return environment.databaseTarget();
        } catch (RuntimeException e) {
            return "this database";
        }
    }

    static String hindsightVersion() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("unknown");
    }

    static String mismatches(List<ArchiveLoader.TableCheck> checks) {
        String names = checks.stream().filter(c -> !c.ok()).map(ArchiveLoader.TableCheck::table).collect(Collectors.joining(","));
        return names.isEmpty() ? "" : "; mismatched=" + names;
    }

    private static void putEntry(ZipOutputStream zip, String name, Instant time) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
        zip.putNextEntry(entry);
    }

    /** Counts the bytes of the archive as they go out. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
