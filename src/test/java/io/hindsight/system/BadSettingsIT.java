package io.hindsight.system;

import io.hindsight.ReadmePassOnly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The packaged portal (prod profile), started as an operator starts it but with settings that cannot
 * work together, stops before anything is created, with one message naming every bad setting, its
 * value and the rule (the settings themselves are checked one by one in {@code SettingsRulesTest}).
 *
 * <p>{@link ReadmePassOnly}: the portal stops before it uses any database, so the external-server pass would run
 * exactly the same test again.
 */
@ReadmePassOnly
class BadSettingsIT {

    private Path dataDir;

    @Test
    void settingsThatCannotWorkTogetherStopTheStartWithOneMessage() throws Exception {
        dataDir = PortalProcess.freshDirectory("bad-settings").resolve("pg");
        Map<String, String> env = Map.of(
                "HINDSIGHT_SESSION_ACCESS_TOKEN_LIFETIME", "PT5S",
                "HINDSIGHT_SESSION_RENEW_AFTER", "PT10S",
                "HINDSIGHT_PUBLIC_BASE_URL", "localhost:8080",
                "HINDSIGHT_TRASH_PURGE_CRON", "0 0 0 30 2 ?",
                "HINDSIGHT_DIGEST_CRON", "0 0 25 * * ?");
        try (PortalProcess portal = PortalProcess.start(dataDir, "bad-settings", env)) {
            assertEquals(1, portal.awaitExit(PortalProcess.START), portal::output);
            assertThat(portal.output())
                    .contains("Hindsight did not start: 5 settings cannot work as given. Change them and start again.")
                    .contains("  - hindsight.session.access-token-lifetime (PT5S) must be longer than hindsight.session.renew-after "
                            + "(PT10S): the token would expire before it is renewed, signing active people out")
                    .contains("  - hindsight.session.access-token-lifetime (PT5S) must be at least hindsight.session.idle-timeout (PT30M)")
                    .contains("  - hindsight.trash.purge-cron (0 0 0 30 2 ?) never fires")
                    .contains("  - hindsight.digest.cron (0 0 25 * * ?) is not a Quartz cron expression")
                    .contains("  - hindsight.public-base-url (localhost:8080) must be the absolute http(s) address")
                    .contains("HINDSIGHT_SESSION_ACCESS_TOKEN_LIFETIME")
                    .doesNotContain("\tat ")
                    .doesNotContain("Created the first admin");
        }
    }

    @AfterEach
    void noServerLeftBehind() throws Exception {
        if (dataDir != null && Files.isDirectory(dataDir)) {
            StaleServer.stopIfLeftBehind(dataDir.toAbsolutePath());
        }
    }
}
