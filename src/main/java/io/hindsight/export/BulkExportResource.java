package io.hindsight.export;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.audit.Audit;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Every matching postmortem as a zip of Markdown files, streamed while it is written. Filters:
 * {@code published} (default true), {@code from} / {@code to} on the start of the impact (dates,
 * UTC, inclusive) and {@code tag}.
 */
@Path("/export")
@RolesAllowed(Role.VIEW)
public class BulkExportResource {

    static final String ZIP = "application/zip";

    @Inject
    ExportService exports;

    @Inject
    CurrentUser me;

    @Inject
    RoutingContext ctx;

    @GET
    @Path("/postmortems.zip")
    @Produces(ZIP)
    public Response postmortems(@RestQuery String published, @RestQuery String from, @RestQuery String to,
                                @RestQuery String tag) {
        ExportFilter filter = ExportFilter.parse(published, from, to, tag);
        exports.recordBulkExport(me.id(), filter, Audit.addressOf(ctx.request()));
        return Response.ok(new PostmortemZip(exports, filter), ZIP)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"hindsight-postmortems.zip\"")
                .build();
    }
}
