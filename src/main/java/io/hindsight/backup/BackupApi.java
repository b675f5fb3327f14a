package io.hindsight.backup;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.audit.Audit;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /api/v1/admin/backup}: the full backup archive for cron jobs, with an admin's personal access token. */
@Path("/api/v1/admin/backup")
@RolesAllowed(Role.MANAGE)
@Tag(name = "Administration")
public class BackupApi {

    @Inject
    BackupService backups;

    @Inject
    CurrentUser me;

    @Inject
    RoutingContext ctx;

    @GET
    @Produces({BackupStream.ZIP, MediaType.WILDCARD})
    @Operation(summary = "Download a backup of everything (admins)", description = "A ZIP archive, streamed.")
    @APIResponse(responseCode = "200", description = "The backup archive, as an attachment",
            content = @Content(mediaType = BackupStream.ZIP, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response backup() {
        return BackupStream.attachment(backups, me.requireId(), Audit.addressOf(ctx.request()));
    }
}
