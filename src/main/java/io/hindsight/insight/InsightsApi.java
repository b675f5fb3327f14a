package io.hindsight.insight;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hindsight.account.Role;
import io.hindsight.insight.InsightData.Report;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The insights page's datasets for programs: the same filter and numbers as the page and its CSV files. */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Insights")
@RolesAllowed(Role.VIEW)
public class InsightsApi {

    /** The filter applied; a service or severity not chosen is left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Filter(LocalDate from, LocalDate to, String service, String severity) {
    }

    public record SeverityMonth(String month, long sev1, long sev2, long sev3, long sev4, long total) {
    }

    /** Minutes from the incident's start; a time is left out when no incident of the month reached that point. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseMonth(String month, long incidents, Double detectMedianMinutes, Double detectP90Minutes,
                                Double mitigateMedianMinutes, Double mitigateP90Minutes, Double resolveMedianMinutes,
                                Double resolveP90Minutes) {
    }

    public record ActionMonth(String month, long opened, long done, long overdue) {
    }

    public record Checklist(String slug, String name, long attached, long items, long done, long notApplicable, long open,
                            long completionPercent, long reverifyOverdue, long reverifyDueWithin30Days) {
    }

    public record Ranked(String label, long incidents) {
    }

    /** Fixes done in a month that were followed by a similar incident. */
    public record RecurrenceMonth(String month, long recurrences) {
    }

    /** A fix that did not hold: what was done on which incident, and the similar incident that started afterwards. */
    public record Recurrence(String fixKind, long fixId, String fix, long fixedIncidentId, String fixedIncidentTitle,
                             Instant doneAt, long recurredIncidentId, String recurredIncidentTitle, Instant recurredAt,
                             long daysAfter) {
    }

    public record Insights(Filter filter, long incidents, List<SeverityMonth> incidentsBySeverity,
                           List<ResponseMonth> responseTimes, List<ActionMonth> actionItems, List<Checklist> checklists,
                           List<Ranked> contributingFactors, List<Ranked> tags, List<Ranked> services,
                           List<RecurrenceMonth> recurrencesPerMonth, List<Recurrence> recurrences) {
    }

    @Inject
    InsightService insights;

    @GET
    @Operation(summary = "Read the insights",
            description = "Incidents per month by severity, time to detect, mitigate and resolve (median and 90th percentile, "
                    + "in minutes), action items opened, done and overdue per month, checklist completion and re-verifications "
                    + "due, the top contributing factors, tags and services, and the fixes done in the range that were followed "
                    + "by a similar incident (recurrences after fixes, per month of the fix). Months are calendar months in UTC; trashed "
                    + "incidents never count. Without dates: the last twelve months. Invalid filters answer 400 with a "
                    + "problem document.")
    public Insights read(
            @Parameter(description = "First day of incidents started, like 2026-01-01 (UTC)") @RestQuery String from,
            @Parameter(description = "Last day included, like 2026-12-31 (UTC); at most ten years after from") @RestQuery String to,
            @Parameter(description = "Only incidents affecting this service") @RestQuery String service,
            @Parameter(description = "Only incidents of this severity: SEV1 to SEV4") @RestQuery String severity) {
        Report r = insights.report(InsightFilter.parse(from, to, service, severity, insights.today()));
        InsightFilter f = r.filter();
        return new Insights(new Filter(f.from(), f.to(), f.service(), f.severity() == null ? null : f.severity().name()),
                r.incidents(),
                r.severities().stream().map(m -> new SeverityMonth(m.month().toString(), m.sev1(), m.sev2(), m.sev3(), m.sev4(),
                        m.total())).toList(),
                r.responses().stream().map(m -> new ResponseMonth(m.month().toString(), m.incidents(), minutes(m.detectMedian()),
                        minutes(m.detectP90()), minutes(m.mitigateMedian()), minutes(m.mitigateP90()), minutes(m.resolveMedian()),
                        minutes(m.resolveP90()))).toList(),
                r.actions().stream().map(m -> new ActionMonth(m.month().toString(), m.opened(), m.done(), m.overdue())).toList(),
                r.checklists().stream().map(c -> new Checklist(c.slug(), c.name(), c.attached(), c.items(), c.done(),
                        c.notApplicable(), c.open(), c.completionPercent(), c.reverifyOverdue(), c.reverifyDueSoon())).toList(),
                ranked(r.factors()), ranked(r.tags()), ranked(r.services()),
                r.recurrenceMonths().stream().map(m -> new RecurrenceMonth(m.month().toString(), m.recurrences())).toList(),
                r.recurrences().stream().map(x -> new Recurrence(x.fix().kind().name(), x.fix().id(), x.fix().title(),
                        x.fixedIncidentId(), x.fixedIncidentTitle(), x.doneAt(), x.recurredIncidentId(), x.recurredIncidentTitle(),
                        x.recurredAt(), x.daysAfter())).toList());
    }

    private static List<Ranked> ranked(List<InsightData.Ranked> rows) {
        return rows.stream().map(row -> new Ranked(row.label(), row.incidents())).toList();
    }

    private static Double minutes(Double seconds) {
        return seconds == null ? null : Math.round(seconds / 6.0) / 10.0;
    }
}
