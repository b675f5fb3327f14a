package io.hindsight.insight;

import io.hindsight.account.Role;
import io.hindsight.incident.Severity;
import io.hindsight.validation.InvalidInputException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;
import java.util.Map;

/** Trends at a glance: incidents, response times, action items, checklists and top lists, as SVG charts, tables and CSV. */
@Path("/insights")
@RolesAllowed(Role.VIEW)
public class InsightsResource {

    /** The filter form's values as typed, shown again beside their errors. */
    public record Form(String from, String to, String service, String severity) {
        static Form of(InsightFilter filter) {
            return new Form(filter.from().toString(), filter.to().toString(), filter.service() == null ? "" : filter.service(),
                    filter.severity() == null ? "" : filter.severity().name());
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance insights(Form form, Map<String, String> errors, InsightFilter filter, long incidents,
                                                boolean anyIncident, List<InsightPanel> panels, List<Severity> severities,
                                                List<InsightDataset> datasets);
    }

    @Inject
    InsightService insights;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@RestQuery String from, @RestQuery String to, @RestQuery String service, @RestQuery String severity) {
        InsightFilter filter;
        try {
            filter = InsightFilter.parse(from, to, service, severity, insights.today());
        } catch (InvalidInputException e) {
            Form typed = new Form(from == null ? "" : from, to == null ? "" : to, service == null ? "" : service,
                    severity == null ? "" : severity);
            return Response.status(400).entity(Templates.insights(typed, e.byField(), null, 0, true, List.of(),
                    List.of(Severity.values()), List.of())).build();
        }
        InsightData.Report report = insights.report(filter);
        boolean anyIncident = report.incidents() > 0 || insights.anyIncident();
        return Response.ok(Templates.insights(Form.of(filter), Map.of(), filter, report.incidents(), anyIncident,
                report.incidents() == 0 ? List.of() : InsightPanel.all(report), List.of(Severity.values()),
                List.of(InsightDataset.values()))).build();
    }

    /**
     * One dataset as CSV, named by its file ({@code /insights/tags.csv}), for the same filter as the page: an unknown
     * dataset is a 404 page, a bad filter is answered like the page's (400, with the reason).
     */
    @GET
    @Path("/{dataset}.csv")
    public Response csv(@RestPath("dataset") String file, @RestQuery String from, @RestQuery String to, @RestQuery String service,
                        @RestQuery String severity) {
        InsightDataset dataset = InsightDataset.byFile(file)
                .orElseThrow(() -> new NotFoundException("No insights dataset " + file));
        InsightFilter filter = InsightFilter.parse(from, to, service, severity, insights.today());
        String body = CsvFile.of(dataset.table(insights.report(filter, dataset)));
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"hindsight-" + dataset.file() + "-" + filter.from()
                        + "-to-" + filter.to() + ".csv\"")
                .build();
    }
}
