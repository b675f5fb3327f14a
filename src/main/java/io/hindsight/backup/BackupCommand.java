package io.hindsight.backup;

import io.hindsight.system.InstallationGuard;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The command line for cron and for recovery, run by the launcher instead of the web portal:
 * <pre>
 * java -jar quarkus-run.jar backup  --to FILE
 * java -jar quarkus-run.jar restore --from FILE [--replace]
 * java -jar quarkus-run.jar drill   --from FILE
 * </pre>
 * It uses the configured (or embedded) database exactly as the portal does, opens no HTTP port and
 * runs no scheduled jobs. Exit status: 0 done, 1 failed, 2 wrong arguments, 3 verification mismatch.
 */
@Dependent
@io.quarkus.arc.Unremovable
public class BackupCommand implements QuarkusApplication {

    static final Set<String> COMMANDS = Set.of("backup", "restore", "drill");
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int MISMATCH = 3;
    static final String USAGE_TEXT = """
            Usage: java -jar quarkus-run.jar backup --to FILE
                   java -jar quarkus-run.jar restore --from FILE [--replace]
                   java -jar quarkus-run.jar drill --from FILE""";

    @Inject
    BackupService backups;

    @Inject
    InstallationGuard guard;

    PrintStream out = System.out;
    PrintStream err = System.err;

    /** Whether the launcher's arguments ask for a command rather than the portal. */
    public static boolean isCommand(String... args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /**
     * What a command run needs before Quarkus starts: no HTTP listener (the portal may be running on
     * the same port), no scheduled jobs, no demo data and no first admin created on the way — a
     * restore needs the database as it finds it. Settings given explicitly are kept.
     */
    public static void prepare(Properties system) {
        setIfAbsent(system, "quarkus.http.host-enabled", "false");
        setIfAbsent(system, "quarkus.scheduler.enabled", "false");
        setIfAbsent(system, "hindsight.demo-data.enabled", "false");
        setIfAbsent(system, "hindsight.admin.email", "");
        setIfAbsent(system, "hindsight.admin.password", "");
        setIfAbsent(system, "quarkus.banner.enabled", "false");
        setIfAbsent(system, "quarkus.log.level", "WARN");
    }

    private static void setIfAbsent(Properties system, String key, String value) {
        if (system.getProperty(key) == null) {
            system.setProperty(key, value);
        }
    }

    @Override
    public int run(String... args) {
        List<String> words = List.of(args);
        if (words.isEmpty() || !COMMANDS.contains(words.get(0))) {
            return usage("Name a command.");
        }
        String command = words.get(0);
        boolean replace = words.contains("--replace");
        String file = option(words, "backup".equals(command) ? "--to" : "--from");
        if (file == null) {
            return usage(command + " needs " + ("backup".equals(command) ? "--to FILE" : "--from FILE") + ".");
        }
        for (String word : words.subList(1, words.size())) {
            if (word.startsWith("--") && !Set.of("--to", "--from", "--replace").contains(word) || "--replace".equals(word) && !"restore".equals(command)) {
                return usage("Unknown option " + word + " for " + command + ".");
            }
        }
        try {
            return switch (command) {
                case "backup" -> backup(Path.of(file));
                case "restore" -> restore(Path.of(file), replace);
                default -> drill(Path.of(file));
            };
        } catch (ArchiveProblem e) {
            err.println("hindsight " + command + ": " + e.getMessage());
            return FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("hindsight " + command + " failed: " + e.getMessage());
            return FAILED;
        }
    }

    private int backup(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IOException("the directory " + parent + " does not exist");
        }
        // Written beside the target and renamed when complete: a cron job never leaves half an archive under the real name.
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        BackupService.Written written;
        try (OutputStream output = Files.newOutputStream(partial)) {
            written = backups.write(output, null, "command line");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.printf("Backed up installation \"%s\" (schema version %s): %d tables, %d rows, %d bytes to %s%n",
                written.manifest().installationName(), written.manifest().schemaVersion(), written.manifest().tables().size(),
                written.manifest().totalRows(), written.bytes(), absolute);
        return 0;
    }

    private int restore(Path archive, boolean replace) {
        requireReadable(archive);
        BackupService.Restored restored = backups.restore(archive, replace, null, "command line");
        restored.warnings().forEach(w -> err.println("WARNING: " + w));
        printChecks(restored.checks());
        if (!restored.verified()) {
            err.println("hindsight restore: the restored data does not match the archive's manifest; the restore was rolled back "
                    + "and the database is unchanged.");
            return MISMATCH;
        }
        guard.restored();
        if (restored.migrated()) {
            out.printf("The archive was made at schema version %s; its rows were verified at that version and migrated to schema version %s.%n",
                    restored.manifest().schemaVersion(), restored.migratedTo());
        }
        out.printf("Restored installation \"%s\" (%s) from %s: %d tables, %d rows, verified against the manifest in %d ms.%n",
                restored.manifest().installationName(), restored.manifest().installationId(), archive,
                restored.manifest().tables().size(), restored.manifest().totalRows(), restored.duration().toMillis());
        return 0;
    }

    private int drill(Path archive) {
        requireReadable(archive);
        DrillReport report = backups.drill(archive, archive.getFileName().toString(), null, "command line");
        printChecks(report.checks());
        if (report.ok()) {
            out.println(report.summary());
            return 0;
        }
        err.println("hindsight drill: " + report.summary());
        return report.error() != null ? FAILED : MISMATCH;
    }

    private void printChecks(List<ArchiveLoader.TableCheck> checks) {
        for (ArchiveLoader.TableCheck check : checks) {
            out.printf("%-32s %10d rows  %s  %s%n", check.table(), check.actualRows(), check.actualSha256(),
                    check.ok() ? "OK" : "MISMATCH (manifest: " + check.expectedRows() + " rows, " + check.expectedSha256() + ")");
        }
    }

    private static void requireReadable(Path archive) {
        if (!Files.isReadable(archive)) {
            throw new ArchiveProblem("cannot read " + archive.toAbsolutePath() + ".");
        }
    }

    private static String option(List<String> words, String name) {
        int at = words.indexOf(name);
        return at < 0 || at + 1 >= words.size() || words.get(at + 1).startsWith("--") ? null : words.get(at + 1);
    }

    private int usage(String problem) {
        err.println("hindsight: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
