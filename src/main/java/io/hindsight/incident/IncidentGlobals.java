package io.hindsight.incident;

import io.quarkus.qute.TemplateGlobal;

import java.util.List;

/** The choices incident forms and filters offer, available to every template. */
@TemplateGlobal
public class IncidentGlobals {

    static List<Severity> severities() {
        return List.of(Severity.values());
    }

    static List<IncidentStatus> statuses() {
        return List.of(IncidentStatus.values());
    }

    /** What a new incident may start as: the statuses before review. */
    static List<IncidentStatus> newIncidentStatuses() {
        return IncidentStatus.choosableFrom(null);
    }

    static List<TimelineKind> kinds() {
        return List.of(TimelineKind.values());
    }

    static List<IncidentQuery.Sort> sorts() {
        return List.of(IncidentQuery.Sort.values());
    }
}
