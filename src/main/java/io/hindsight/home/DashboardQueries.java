package io.hindsight.home;

import io.hindsight.incident.Incident;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * What the dashboard reads about incidents, each query bounded by what the dashboard shows: an index of migration V20
 * hands PostgreSQL the rows in order, so the cost does not grow with the incidents stored.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DashboardQueries {

    /** How many open incidents the dashboard lists. */
    static final int OPEN_SHOWN = 20;

    /**
     * Open incidents (investigating or mitigated), most severe first, newest first. The statuses are literals, as in
     * the partial index {@code incident_open_idx}, so the plan can use it whatever the parameters.
     */
    public static final String OPEN_INCIDENTS = """
            SELECT i.* FROM incident i
            WHERE i.status IN ('INVESTIGATING', 'MITIGATED') AND i.deleted_at IS NULL
            ORDER BY i.severity, i.started_at DESC, i.id LIMIT""" + " " + OPEN_SHOWN;

    /** Whether any incident exists outside the Trash: a welcome page for a new team otherwise. */
    public static final String ANY_INCIDENT = "SELECT EXISTS (SELECT 1 FROM incident WHERE deleted_at IS NULL)";

    @SuppressWarnings("unchecked")
    public List<Incident> openIncidents() {
        return Incident.getEntityManager().createNativeQuery(OPEN_INCIDENTS, Incident.class).getResultList();
    }

    /** Without a result class, which would add an entry to the query plan cache on every run (IncidentService.knownTags). */
    public boolean anyIncident() {
        return (Boolean) Incident.getEntityManager().createNativeQuery(ANY_INCIDENT).getSingleResult();
    }
}
