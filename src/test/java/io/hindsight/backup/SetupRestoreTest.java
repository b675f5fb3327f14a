package io.hindsight.backup;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** First-run setup offers a restore from a backup archive while nobody has an account, and only then. */
@QuarkusTest
class SetupRestoreTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aFreshInstallationIsRestoredFromAnArchiveOnTheSetupPage() throws Exception {
        LiveDatabase.prepareForRestore();
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        Path archive = Files.createTempFile("setup-restore-", ".zip");
        Files.write(archive, admin.open("/admin/backup").submit("/admin/backup/download", Map.of()).asByteArray());
        PortalClient stranger = PortalClient.anonymous();
        String token = stranger.open("/login").csrfToken();
        stranger.request().multiPart("csrf-token", token).multiPart("archive", archive.toFile(), "application/zip")
                .post("/setup/restore").then().statusCode(404);

        // Nobody has an account any more: what a fresh installation looks like to /setup. The sessions go with the
        // accounts, and the restore brings them back, but the portal may remember the shared accounts' tokens as
        // refused meanwhile: the tests after this one sign in again.
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE app_user CASCADE");
        }
        PortalClient.forgetAccessTokens();
        PortalClient visitor = PortalClient.anonymous();
        var setup = visitor.open("/setup");
        assertTrue(setup.html().contains("Restore from a backup archive"), setup.html());

        Response empty = visitor.request().multiPart("csrf-token", setup.csrfToken()).post("/setup/restore");
        assertEquals(400, empty.statusCode(), empty.asString());
        assertTrue(empty.asString().contains("Choose a backup archive"), empty.asString());

        Path damaged = RestoreTest.rewritten(archive, "data/app_user.jsonl", text -> text.replace("\"role\": \"", "\"role\": \"X"));
        Response refused = visitor.request().multiPart("csrf-token", setup.csrfToken())
                .multiPart("archive", damaged.toFile(), "application/zip").post("/setup/restore");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.asString().contains("Nothing was restored.") && refused.asString().contains("data/app_user.jsonl"), refused.asString());

        Response restored = visitor.request().multiPart("csrf-token", setup.csrfToken())
                .multiPart("archive", archive.toFile(), "application/zip").post("/setup/restore");

        assertEquals(200, restored.statusCode(), restored.asString());
        assertTrue(restored.asString().contains("Restored and verified."), restored.asString());
        assertTrue(restored.asString().contains("id=\"table-app_user\""), restored.asString());
        PortalClient.anonymous().get("/setup").then().statusCode(404);
        admin.get("/admin/backup").then().statusCode(200);
        Files.deleteIfExists(archive);
        Files.deleteIfExists(damaged);
    }
}
