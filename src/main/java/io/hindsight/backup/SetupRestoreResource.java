package io.hindsight.backup;

import io.hindsight.account.AccountService;
import io.hindsight.audit.Audit;
import io.hindsight.system.InstallationGuard;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * First-run setup's other road: instead of creating the first admin, restore a backup archive into
 * this fresh installation. Open only while nobody has an account, like /setup itself; with no
 * accounts nobody can have written anything here, so demo incidents (if loaded) are replaced.
 */
@Path("/setup/restore")
@Produces(MediaType.TEXT_HTML)
public class SetupRestoreResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance restored(BackupService.Restored restored, String error);
    }

    @Inject
    AccountService accounts;

    @Inject
    BackupService backups;

    @Inject
    RoutingContext ctx;

    @Inject
    InstallationGuard guard;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response restore(@RestForm("archive") FileUpload archive) {
        if (accounts.anyone()) {
            throw new NotFoundException();
        }
        if (archive == null || archive.uploadedFile() == null || archive.size() == 0) {
            return Response.status(400).entity(Templates.restored(null, "Choose a backup archive (a .zip file from Admin → Backup or the backup command).")).build();
        }
        try {
            BackupService.Restored restored = backups.restore(archive.uploadedFile(), true, null, Audit.addressOf(ctx.request()));
            if (restored.verified()) {
                guard.restored();
            }
            return Response.status(restored.verified() ? 200 : 409).entity(Templates.restored(restored, null)).build();
        } catch (ArchiveProblem e) {
            return Response.status(400).entity(Templates.restored(null, e.getMessage())).build();
        }
    }
}
