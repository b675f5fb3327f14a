package io.hindsight.backup;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line for cron: what it prints and its exit status. */
@QuarkusTest
class BackupCommandTest {

    @Inject
    BackupCommand command;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void backupWritesTheArchiveUnderItsNameOnlyWhenCompleteAndDrillAndRestoreVerifyIt() throws Exception {
        LiveDatabase.prepareForRestore();
        Path dir = Files.createTempDirectory("cli-backup-");
        Path archive = dir.resolve("nightly.zip");

        assertEquals(0, run("backup", "--to", archive.toString()), err());
        assertTrue(Files.size(archive) > 0);
        assertFalse(Files.exists(dir.resolve("nightly.zip.partial")));
        assertTrue(out().contains("Backed up installation"), out());

        assertEquals(0, run("drill", "--from", archive.toString()), err());
        assertTrue(out().contains("Restore drill passed"), out());
        assertTrue(out().contains("incident ") && out().contains(" OK"), out());

        io.hindsight.incident.Incidents.draftJson().title("Recorded after the nightly backup").create();
        assertEquals(BackupCommand.FAILED, run("restore", "--from", archive.toString()));
        assertTrue(err().contains("not empty") && err().contains("--replace"), err());

        assertEquals(0, run("restore", "--from", archive.toString(), "--replace"), err());
        assertTrue(err().contains("WARNING: Replaced installation"), err());
        assertTrue(out().contains("verified against the manifest"), out());
    }

    @Test
    void wrongArgumentsAndUnusableFilesExitNonZeroWithAReason() throws Exception {
        assertEquals(BackupCommand.USAGE, run("backup"));
        assertTrue(err().contains("backup needs --to FILE"), err());
        assertEquals(BackupCommand.USAGE, run("drill", "--from", "x.zip", "--replace"));
        assertEquals(BackupCommand.FAILED, run("backup", "--to", "/no/such/directory/backup.zip"));
        assertTrue(err().contains("/no/such/directory does not exist"), err());
        assertEquals(BackupCommand.FAILED, run("restore", "--from", "/no/such/archive.zip"));
        assertTrue(err().contains("cannot read"), err());

        Path notZip = Files.writeString(Files.createTempFile("not-a-backup-", ".zip"), "hello");
        assertEquals(BackupCommand.FAILED, run("drill", "--from", notZip.toString()));
        assertTrue(err().contains("not a readable ZIP archive"), err());
    }

    @Test
    void aCommandRunOpensNoPortAndLoadsNothingOnTheWay() {
        Properties system = new Properties();
        system.setProperty("quarkus.log.level", "INFO");
        BackupCommand.prepare(system);

        assertEquals("false", system.getProperty("quarkus.http.host-enabled"));
        assertEquals("false", system.getProperty("quarkus.scheduler.enabled"));
        assertEquals("false", system.getProperty("hindsight.demo-data.enabled"));
        assertEquals("", system.getProperty("hindsight.admin.email"));
        assertEquals("INFO", system.getProperty("quarkus.log.level"), "what the operator set stays");
        assertTrue(BackupCommand.isCommand("restore", "--from", "a.zip"));
        assertFalse(BackupCommand.isCommand());
        assertFalse(BackupCommand.isCommand("-Dfoo=bar"));
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return command.run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
