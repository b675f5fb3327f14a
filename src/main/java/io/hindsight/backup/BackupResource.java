package io.hindsight.backup;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.audit.Audit;
import io.hindsight.checklist.ChecklistService;
import io.hindsight.checklist.ItemState;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.hindsight.web.PublicUrl;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;

/** Admin → Backup: download an archive, run a restore drill, and use its report as checklist evidence. */
@Path("/admin/backup")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.MANAGE)
public class BackupResource {

    static final int DRILLS_SHOWN = 10;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance backup(List<DrillReport> drills, String error);

        static native TemplateInstance drill(DrillReport drill, List<BackupService.EvidenceTarget> targets, String error);
    }

    @Inject
    BackupService backups;

    @Inject
    ChecklistService checklists;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @Inject
    PublicUrl publicUrl;

    @Inject
    RoutingContext ctx;

    @GET
    public TemplateInstance page() {
        return Templates.backup(backups.recentDrills(DRILLS_SHOWN), null);
    }

    /** The archive, streamed as it is written: no length is known in advance, nothing is held whole. */
    @POST
    @Path("/download")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({BackupStream.ZIP, MediaType.WILDCARD})
    public Response download() {
        return BackupStream.attachment(backups, me.requireId(), Audit.addressOf(ctx.request()));
    }

    @POST
    @Path("/drill")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response drill(@RestForm("archive") FileUpload upload) {
        Long actor = me.requireId();
        DrillReport report;
        if (upload != null && upload.uploadedFile() != null && upload.size() > 0) {
            report = backups.drill(upload.uploadedFile(), "uploaded " + upload.fileName(), actor, Audit.addressOf(ctx.request()));
        } else {
            java.nio.file.Path fresh = null;
            try {
                fresh = Files.createTempFile("hindsight-drill-", ".zip");
                try (OutputStream out = Files.newOutputStream(fresh)) {
                    backups.write(out, actor, Audit.addressOf(ctx.request()));
                }
                report = backups.drill(fresh, "a fresh backup", actor, Audit.addressOf(ctx.request()));
            } catch (IOException e) {
                throw new UncheckedIOException("The fresh backup for the drill could not be written to a temporary file", e);
            } finally {
                deleteQuietly(fresh);
            }
        }
        if (report.ok()) {
            flash.success("The restore drill passed: every table matched the archive's manifest.");
        } else {
            flash.warning("The restore drill failed. The report says where.");
        }
        return Response.seeOther(URI.create("/admin/backup/drills/" + report.id())).build();
    }

    @GET
    @Path("/drills/{id}")
    public TemplateInstance drillReport(@RestPath long id) {
        DrillReport report = backups.findDrill(id).orElseThrow(() -> new NotFoundException("No such drill"));
        return Templates.drill(report, backups.evidenceTargets(), null);
    }

    /** Ticks a "Backups and restore drills" item as done, with the drill's summary and a link to its report as evidence. */
    @POST
    @Path("/drills/{id}/evidence")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response attachEvidence(@RestPath long id, @RestForm String item) {
        DrillReport report = backups.findDrill(id).orElseThrow(() -> new NotFoundException("No such drill"));
        List<BackupService.EvidenceTarget> targets = backups.evidenceTargets();
        BackupService.EvidenceTarget target = targets.stream().filter(t -> t.key().equals(item)).findFirst().orElse(null);
        if (target == null) {
            return Response.status(400).entity(Templates.drill(report, targets, "Choose one of the checklist items below.")).build();
        }
        if (!report.ok()) {
            return Response.status(400).entity(Templates.drill(report, targets,
                    "A failed drill is not evidence that restores work. Fix the cause and run the drill again.")).build();
        }
        String note = report.summary() + " Report: " + publicUrl.of("/admin/backup/drills/" + id);
        try {
            checklists.setState(me.requireId(), target.incidentId(), target.itemId(), ItemState.DONE, note);
        } catch (InvalidInputException e) {
            return Response.status(400).entity(Templates.drill(report, targets, String.join(" ", e.byField().values()))).build();
        }
        flash.success("\"" + target.text() + "\" is done, with this drill as its evidence.");
        return Response.seeOther(URI.create("/incidents/" + target.incidentId() + "/checklists")).build();
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file; the system cleans its temp directory.
            }
        }
    }
}
