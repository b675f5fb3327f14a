package io.hindsight.importing;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.incident.Incident;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.Flash;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Importing Markdown postmortems: upload one or many files, see per file what will be created and
 * what could not be mapped (nothing is written), then create them — each file in its own transaction.
 * The preview carries each file's Markdown in a hidden field, so the import needs no second upload.
 */
@Path("/import")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.EDIT)
public class ImportResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance upload(String error);

        static native TemplateInstance preview(List<ImportService.Plan> plans, boolean anyImportable);
    }

    @Inject
    CurrentUser me;

    @Inject
    ImportService imports;

    @Inject
    Flash flash;

    @GET
    public TemplateInstance upload() {
        return Templates.upload(null);
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response preview(@RestForm("files") List<FileUpload> files) {
        List<ImportService.Plan> plans = new ArrayList<>();
        for (FileUpload file : files == null ? List.<FileUpload>of() : files) {
            if (file.uploadedFile() == null || (file.size() == 0 && (file.fileName() == null || file.fileName().isBlank()))) {
                continue;
            }
            String name = file.fileName();
            if (file.contentType() != null && file.contentType().toLowerCase(java.util.Locale.ROOT).startsWith(MediaType.TEXT_HTML)
                    && (name == null || !name.toLowerCase(java.util.Locale.ROOT).matches(".*\\.html?$"))) {
                name = (name == null ? "page" : name) + ".html";
            }
            plans.add(imports.preview(name, read(file)));
        }
        if (plans.isEmpty()) {
            return Response.status(400).entity(Templates.upload("Choose at least one Markdown or HTML file.")).build();
        }
        return Response.ok(Templates.preview(plans, plans.stream().anyMatch(ImportService.Plan::ok))).build();
    }

    @POST
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Response create(@RestForm("fileName") List<String> fileNames, @RestForm("markdown") List<String> markdowns,
                           @RestForm String announce) {
        Announce announcing = Announce.parse(announce).orElse(null);
        if (announcing == null) {
            return Response.status(400).entity(Templates.upload("Choose whether to tell the chat channels: none or summary.")).build();
        }
        List<String> created = new ArrayList<>();
        List<Long> createdIds = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int count = markdowns == null ? 0 : markdowns.size();
        for (int i = 0; i < count; i++) {
            String name = fileNames != null && i < fileNames.size() ? fileNames.get(i) : "file " + (i + 1);
            try {
                Incident incident = imports.create(name, markdowns.get(i), me.requireId());
                created.add(name + " → #" + incident.id);
                createdIds.add(incident.id);
            } catch (InvalidInputException e) {
                failed.add(name + " (" + String.join(" ", e.byField().values()) + ")");
            }
        }
        if (count == 0) {
            return Response.status(400).entity(Templates.upload("Choose at least one Markdown or HTML file.")).build();
        }
        imports.announce(announcing, createdIds, me.requireId());
        if (failed.isEmpty()) {
            flash.success("Imported " + created.size() + (created.size() == 1 ? " incident: " : " incidents: ") + String.join(", ", created) + ".");
        } else {
            flash.warning((created.isEmpty() ? "Nothing was imported." : "Imported " + String.join(", ", created) + ".")
                    + " Not imported, and nothing of them written: " + String.join("; ", failed) + ".");
        }
        return Response.seeOther(URI.create("/incidents")).build();
    }

    /** The file's text; bytes that are not UTF-8 read as U+FFFD, so the preview shows what could be read. */
    private static String read(FileUpload file) {
        try {
            return new String(Files.readAllBytes(file.uploadedFile()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
