package io.hindsight.export;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.audit.Audit;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

/**
 * "Download Markdown" on the incident and postmortem pages. The export feature owns its endpoint:
 * like the postmortem pages, it sits under {@code /incidents/{id}} with a class path of its own.
 */
@Path("/incidents/{id}/export.md")
@RolesAllowed(Role.VIEW)
public class ExportResource {

    public static final String MARKDOWN = "text/markdown";
    static final String MARKDOWN_UTF8 = MARKDOWN + "; charset=utf-8";

    @Inject
    ExportService exports;

    @Inject
    CurrentUser me;

    @Inject
    RoutingContext ctx;

    @GET
    @Produces(MARKDOWN)
    public Response download(@RestPath long id) {
        Response report = attachment(exports.report(id).orElseThrow(() -> new NotFoundException("No incident " + id)));
        exports.recordDownload(me.id(), id, Audit.addressOf(ctx.request()));
        return report;
    }

    static Response attachment(ExportService.Report report) {
        return Response.ok(report.markdown(), MARKDOWN_UTF8)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + report.fileName() + "\"")
                .build();
    }
}
