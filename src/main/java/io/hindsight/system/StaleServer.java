package io.hindsight.system;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The embedded PostgreSQL left running when the portal was killed ({@code kill -9}, a crash, the
 * power cable of a container): it keeps serving the data directory, and a new server cannot start
 * on it. Before starting, the launcher recognises its own stale server and stops it cleanly; a
 * process that is not a PostgreSQL serving this data directory is never touched, the message then
 * says what to do.
 */
final class StaleServer {

    private static final Logger LOG = Logger.getLogger(StaleServer.class);
    static final String PID_FILE = "postmaster.pid";
    /** The lock the embedded server's owner holds while it runs (released by the kernel when that process dies). */
    static final String OWNER_LOCK = "epg-lock";
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private StaleServer() {
    }

    /** What {@code postmaster.pid} says: the server's process and the data directory it serves. */
    record PidFile(long pid, String dataDirectory) {

        static Optional<PidFile> parse(List<String> lines) {
            if (lines.isEmpty()) {
                return Optional.empty();
            }
            try {
                long pid = Math.abs(Long.parseLong(lines.get(0).strip()));
                return Optional.of(new PidFile(pid, lines.size() > 1 ? lines.get(1).strip() : ""));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Stops the PostgreSQL an earlier, killed portal left serving {@code dataDir}. Does nothing when
     * there is none, when its process is gone (PostgreSQL then clears the stale file itself), or when
     * a living portal still owns the directory (the start then fails with "could not lock" and its own advice).
     *
     * @throws EmbeddedDatabase.StartRefused when the file names a process that is not ours, or ours does not stop
     */
    static void stopIfLeftBehind(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<PidFile> recorded = PidFile.parse(Files.readAllLines(pidFile, StandardCharsets.UTF_8));
        if (recorded.isEmpty()) {
            return;
        }
        long pid = recorded.get().pid();
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || ownedByALivingPortal(dataDir)) {
            return;
        }
        String commandLine = commandLine(process.get());
        if (!servesDataDirectory(pid, commandLine, recorded.get(), dataDir)) {
            throw new EmbeddedDatabase.StartRefused(pidFile + " names process " + pid + " (" + commandLine + "), which is not a "
                    + "PostgreSQL serving " + dataDir + ", so Hindsight leaves it alone. If no PostgreSQL uses " + dataDir
                    + " (check with 'ps -p " + pid + " -o args'), delete " + pidFile + " and start Hindsight again.");
        }
        LOG.warnf("The embedded PostgreSQL of an earlier run (PID %d) still serves %s: the portal was stopped without shutting it "
                + "down (kill -9 or a crash). Stopping it before starting again.", pid, dataDir);
        signal("INT", pid, process.get());
        Instant deadline = Instant.now().plus(STOP_WAIT);
        while ((process.get().isAlive() || Files.exists(pidFile)) && Instant.now().isBefore(deadline)) {
            sleep();
        }
        if (process.get().isAlive()) {
            throw new EmbeddedDatabase.StartRefused("The PostgreSQL left running by an earlier Hindsight (PID " + pid + ", serving "
                    + dataDir + ") did not stop within " + STOP_WAIT.toSeconds() + " s. Stop it with 'kill -TERM " + pid
                    + "' (or 'kill -QUIT " + pid + "' if it still does not exit), then start Hindsight again.");
        }
        LOG.infof("The earlier embedded PostgreSQL (PID %d) has stopped", pid);
    }

    /** Whether the process is a PostgreSQL serving this data directory: its command says so, or its working directory is it. */
    static boolean servesDataDirectory(long pid, String commandLine, PidFile recorded, Path dataDir) {
        String[] words = commandLine.split(" ");
        boolean isPostgres = words.length > 0 && (words[0].endsWith("/postgres") || words[0].equals("postgres"));
        if (!isPostgres || !sameDirectory(Path.of(recorded.dataDirectory()), dataDir)) {
            return false;
        }
        int d = Arrays.asList(words).indexOf("-D");
        if (d >= 0 && d + 1 < words.length && sameDirectory(Path.of(words[d + 1]), dataDir)) {
            return true;
        }
        Path cwd = Path.of("/proc", Long.toString(pid), "cwd");
        try {
            return Files.exists(cwd) && sameDirectory(cwd.toRealPath(), dataDir);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())
                    || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean ownedByALivingPortal(Path dataDir) {
        Path lockFile = dataDir.resolve(OWNER_LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String commandLine(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        Optional<String> line = info.command().map(c -> c + info.arguments().map(a -> " " + String.join(" ", a)).orElse(""));
        return line.or(info::commandLine).orElse("command unknown");
    }

    /** {@code kill -INT}: PostgreSQL's fast shutdown (ends sessions, checkpoints, removes postmaster.pid). */
    private static void signal(String name, long pid, ProcessHandle process) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
            if (kill.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            LOG.debugf(e, "kill -%s %d failed", name, pid);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroy(); // SIGTERM: PostgreSQL's smart shutdown, enough once its clients are gone
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedDatabase.StartRefused("Interrupted while waiting for the earlier embedded PostgreSQL to stop");
        }
    }
}
