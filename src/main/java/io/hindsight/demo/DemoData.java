package io.hindsight.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.postmortem.PostmortemDraft;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.system.Installation;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The two stories Hindsight was born from, as demo incidents with finished postmortems. Loaded
 * once per installation: at start when {@code hindsight.demo-data.enabled} is true (the default
 * when the portal runs its own embedded database), or from the button on an empty dashboard.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);
    private static final String RESOURCE = "/demo/incidents.json";

    @Inject
    IncidentService incidents;

    @Inject
    PostmortemService postmortems;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    DemoConfig config;

    void onStart(@Observes StartupEvent event) {
        if (config.enabled() && loadOnce()) {
            LOG.info("Loaded the demo incidents (hindsight.demo-data.enabled=true)");
        }
    }

    /**
     * Loads the demo incidents unless this installation already has them (or had them and deleted
     * them), and never into a database that already has incidents: a portal pointed at a real
     * installation by mistake must not add made-up stories to it. Several instances starting
     * together load them once: the installation row is locked.
     *
     * @return whether anything was loaded
     */
    @Transactional
    public boolean loadOnce() {
        return loadOnce(false);
    }

    /**
     * @param besideExistingIncidents load even when the database has incidents — only the test suite,
     *                                whose one database is shared by every test, needs that
     */
    @Transactional
    public boolean loadOnce(boolean besideExistingIncidents) {
        Installation installation = Installation.getEntityManager()
                .createQuery("FROM Installation", Installation.class)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setMaxResults(1)
                .getResultStream().findFirst().orElseThrow();
        if (installation.demoLoadedAt != null) {
            return false;
        }
        if (!besideExistingIncidents && Incident.count() > 0) {
            LOG.info("The demo incidents are not loaded: this database already has incidents");
            return false;
        }
        for (DemoIncident demo : read()) {
            Incident incident = incidents.create(demo.draft());
            demo.timeline().forEach(entry -> incidents.addTimelineEntry(incident.id, entry));
            postmortems.start(incident.id, demo.postmortem().template(), null);
            postmortems.save(incident.id, demo.postmortem().draft(), null, null);
            if (demo.status() == IncidentStatus.PUBLISHED) {
                postmortems.recordPublished(incident.id, demo.resolvedAt() == null ? clock.instant() : demo.resolvedAt());
            }
        }
        installation.demoLoadedAt = clock.instant();
        return true;
    }

    List<DemoIncident> read() {
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return json.readValue(in, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("The demo incidents in " + RESOURCE + " could not be read", e);
        }
    }

    record DemoIncident(String title, String summary, Severity severity, IncidentStatus status, Instant startedAt,
                        Instant detectedAt, Instant mitigatedAt, Instant resolvedAt, String customerImpact,
                        List<String> affectedServices, List<String> tags, List<TimelineDraft> timeline,
                        DemoPostmortem postmortem) {

        /** As recorded before its postmortem was published: publishing then moves the incident to Published. */
        IncidentDraft draft() {
            IncidentStatus recorded = status.isSetByReview() ? IncidentStatus.RESOLVED : status;
            return new IncidentDraft(title, summary, severity, recorded, startedAt, detectedAt, mitigatedAt, resolvedAt,
                    customerImpact, affectedServices, tags);
        }
    }

    record DemoPostmortem(String template, String summary, String impact, String timelineNotes, String laugh, String learn,
                          String fix, String share) {

        PostmortemDraft draft() {
            return new PostmortemDraft(summary, impact, timelineNotes, laugh, learn, fix, share);
        }
    }
}
