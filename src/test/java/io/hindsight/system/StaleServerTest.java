package io.hindsight.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recognising the embedded PostgreSQL a killed portal left behind, without starting one (KilledPortalIT does). */
class StaleServerTest {

    @TempDir
    Path dataDir;

    @Test
    void readsThePidAndDataDirectoryOfPostmasterPid() {
        assertEquals(new StaleServer.PidFile(1171, "/home/ada/.hindsight/postgres"),
                StaleServer.PidFile.parse(List.of("1171", "/home/ada/.hindsight/postgres", "1795862674", "35837")).orElseThrow());
        assertTrue(StaleServer.PidFile.parse(List.of()).isEmpty());
        assertTrue(StaleServer.PidFile.parse(List.of("not a pid")).isEmpty());
    }

    @Test
    void aPostgresServingThisDirectoryIsOurs() {
        StaleServer.PidFile recorded = new StaleServer.PidFile(1171, dataDir.toString());

        assertTrue(StaleServer.servesDataDirectory(1171, "/tmp/embedded-pg/PG-1/bin/postgres -D " + dataDir + " -p 35837 -F",
                recorded, dataDir));
        assertFalse(StaleServer.servesDataDirectory(1171, "/tmp/embedded-pg/PG-1/bin/postgres -D /elsewhere -p 35837",
                new StaleServer.PidFile(1171, "/elsewhere"), dataDir), "another data directory");
        assertFalse(StaleServer.servesDataDirectory(1171, "/usr/bin/vim " + dataDir, recorded, dataDir), "not a postgres");
    }

    @Test
    void nothingToDoWithoutAPidFileOrWithADeadProcess() throws Exception {
        StaleServer.stopIfLeftBehind(dataDir);

        Files.writeString(dataDir.resolve("postmaster.pid"), Long.MAX_VALUE / 2 + "\n" + dataDir + "\n");
        StaleServer.stopIfLeftBehind(dataDir);
        assertTrue(Files.exists(dataDir.resolve("postmaster.pid")), "PostgreSQL clears a stale file itself");
    }

    @Test
    void aLivingProcessThatIsNotOurPostgresIsLeftAloneAndTheMessageSaysWhatToDo() throws Exception {
        long me = ProcessHandle.current().pid();
        Files.writeString(dataDir.resolve("postmaster.pid"), me + "\n" + dataDir + "\n");

        EmbeddedDatabase.StartRefused refused = assertThrows(EmbeddedDatabase.StartRefused.class,
                () -> StaleServer.stopIfLeftBehind(dataDir));

        assertThat(refused.getMessage()).contains("names process " + me).contains("which is not a PostgreSQL serving " + dataDir)
                .contains("ps -p " + me).contains("delete " + dataDir.resolve("postmaster.pid"));
        assertTrue(ProcessHandle.current().isAlive());
    }

    @Test
    void theIdentityFileOfTheEmbeddedDatabaseLivesBesideItsDataDirectory() {
        assertEquals(Path.of("/home/ada/.hindsight/postgres.installation.json"),
                EmbeddedDatabase.identityFileBeside(Path.of("/home/ada/.hindsight/postgres")));
    }
}
