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

    static List<TimelineKind> kinds() {
        return List.of(TimelineKind.values());
    }

    static List<IncidentQuery.Sort> sorts() {
        return List.of(IncidentQuery.Sort.values());
    }
}
