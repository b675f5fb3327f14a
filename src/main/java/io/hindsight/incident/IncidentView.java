package io.hindsight.incident;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hindsight.web.EntityTags;
import io.hindsight.web.Versioned;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An incident as the JSON API shows it; durations are whole seconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentView(long id, String title, String summary, Severity severity, IncidentStatus status,
                           Instant startedAt, Instant detectedAt, Instant mitigatedAt, Instant resolvedAt,
                           Long timeToDetectSeconds, Long timeToMitigateSeconds, Long timeToResolveSeconds,
                           String customerImpact, List<String> affectedServices, List<String> tags,
                           Instant createdAt, Instant updatedAt, long version, List<Moment> timeline) implements Versioned {

    static final String KIND = "incident";

    @Override
    public String entityTag() {
        return EntityTags.of(KIND, id, version);
    }

    /** One timeline entry; {@code createdBy} is the name of who added it, left out when nobody is known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Moment(long id, Instant occurredAt, TimelineKind kind, String description, String createdBy, long version)
            implements Versioned {
        static final String KIND = "timeline-entry";

        static Moment of(TimelineEntry e) {
            return new Moment(e.id, e.occurredAt, e.kind, e.description, e.createdBy == null ? null : e.createdBy.name,
                    e.version);
        }

        @Override
        public String entityTag() {
            return EntityTags.of(KIND, id, version);
        }
    }

    /**
     * One page of incidents. {@code nextCursor}, when there are more, asks for the next page ({@code cursor=}); it is
     * left out on the last page. {@code total} is exact when {@code totalExact}; otherwise at least that many match
     * (text, tag and service filters count no further than 100), and {@code totalPages} goes as far as that.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Page(List<IncidentView> items, int page, int size, long total,
                       @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "false: at least this many match")
                       boolean totalExact, int totalPages,
                       @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true, description =
                               "The next page: pass it as cursor; absent on the last page")
                       String nextCursor) {
        static Page of(IncidentPage page) {
            return new Page(page.items().stream().map(i -> IncidentView.of(i, false)).toList(),
                    (int) Math.min(Integer.MAX_VALUE, (page.firstItem() - 1) / page.query().size() + 1), page.query().size(), page.total().count(), page.total().exact(), page.totalPages(),
                    page.older() == null ? null : page.older().encode());
        }
    }

    static IncidentView of(Incident i, boolean withTimeline) {
        return new IncidentView(i.id, i.title, i.summary, i.severity, i.status, i.startedAt, i.detectedAt, i.mitigatedAt,
                i.resolvedAt, seconds(i.timeToDetect()), seconds(i.timeToMitigate()), seconds(i.timeToResolve()),
                i.customerImpact, List.copyOf(i.affectedServices), List.copyOf(i.tags), i.createdAt, i.updatedAt, i.version,
                withTimeline ? i.timeline.stream().map(Moment::of).toList() : null);
    }

    private static Long seconds(Optional<Duration> d) {
        return d.map(Duration::toSeconds).orElse(null);
    }
}
