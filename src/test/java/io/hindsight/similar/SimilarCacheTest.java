package io.hindsight.similar;

import io.hindsight.PortalClient;
import io.hindsight.SqlStatements;
import io.hindsight.incident.Incident;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.hindsight.similar.SimilarFixtures.T0;
import static io.hindsight.similar.SimilarFixtures.ids;
import static io.hindsight.similar.SimilarFixtures.incident;
import static io.hindsight.similar.SimilarFixtures.recurredAs;
import static io.hindsight.similar.SimilarFixtures.similar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The similar panel and the recurrences kept per incident (SimilarCache, on as in production): a second view runs no
 * statement for them, and every kind of change shows on the next view — a write through the portal at once, a write
 * straight into the database (a scheduled job, the seed command, another instance) once PostgreSQL's notice arrives.
 */
@QuarkusTest
@TestProfile(SimilarCacheTest.CacheOn.class)
class SimilarCacheTest {

    public static class CacheOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hindsight.similar.cache", "true");
        }
    }

    /** How long a notice may take to arrive before the test fails. */
    private static final Duration NOTICE = Duration.ofSeconds(15);

    @Inject
    SimilarIncidents similar;

    @Inject
    Recurrences recurrences;

    @Inject
    SimilarCache cache;

    @Inject
    EntityManager entityManager;

    @BeforeEach
    void listening() {
        eventually(cache::usable, "the listener on " + SimilarCache.CHANNEL + " is in place");
    }

    @Test
    void aSecondViewRunsNoStatementForThePanelOrTheRecurrences() {
        String u = Incidents.shortId();
        long subject = incident("Cache warmers overloaded the origin after purge", "The cache warmers hit the origin at once.",
                T0, List.of("origin-" + u), List.of("cdn-" + u));
        incident("Origin overloaded by cache warmers after a purge again", "Cache warmers hit the origin after the purge.",
                T0.plus(Duration.ofDays(3)), List.of("origin-" + u), List.of("cdn-" + u));
        cache.forgetAll();

        long first = QuarkusTransaction.requiringNew().call(() -> {
            Incident incident = Incident.findById(subject);
            return SqlStatements.during(() -> {
                recurrences.ofIncident(subject);
                return similar.of(incident, SimilarIncidents.PANEL);
            }).statements();
        });
        SqlStatements.Counted<List<SimilarIncident>> second = QuarkusTransaction.requiringNew().call(() -> {
            Incident incident = Incident.findById(subject);
            return SqlStatements.during(() -> {
                recurrences.ofIncident(subject);
                return similar.of(incident, SimilarIncidents.PANEL);
            });
        });
        assertEquals(3, first, "computing: the subject's words, candidates and scores, recurrences");
        assertEquals(0, second.statements(), "the second view reads what the first computed");
        assertEquals(1, second.result().size(), second.result()::toString);
    }

    @Test
    void aWriteThroughThePortalShowsOnTheNextView() {
        String u = Incidents.shortId();
        String service = "ingest-" + u;
        long subject = incident("Ingest workers stalled on a poisoned message", "A malformed message stalled every ingest worker.",
                T0, List.of(service), List.of("queue-" + u));
        assertEquals(List.of(), ids(similar(subject, 20)), "nothing like it yet");
        assertEquals(List.of(), ids(similar(subject, 20)), "and nothing read from the panel kept");

        long twin = incident("Ingest workers stalled on a poisoned message again", "A malformed message stalled the ingest workers.",
                T0.plus(Duration.ofDays(4)), List.of(service), List.of("queue-" + u));
        assertEquals(List.of(twin), ids(similar(subject, 20)), "a new similar incident shows on the next view");

        PortalClient.api().delete(Incidents.API + "/" + twin).then().statusCode(204);
        assertEquals(List.of(), ids(similar(subject, 20)), "and leaves it when it is put in the Trash");
        assertFalse(PortalClient.browser().get("/incidents/" + subject).asString().contains("href=\"/incidents/" + twin + "\""));
    }

    @Test
    void aWriteStraightIntoTheDatabaseShowsOnceItsNoticeArrives() {
        String u = Incidents.shortId();
        String service = "ledger-" + u;
        long subject = incident("Ledger export stuck behind a table lock", "The nightly ledger export waited on a table lock.",
                T0, List.of(service), List.of("locks-" + u));
        long other = incident("Badge printer jammed at the front desk", "The badge printer jammed.", T0.plus(Duration.ofDays(2)),
                List.of("printer-" + u), List.of("office-" + u));
        assertEquals(List.of(), ids(similar(subject, 20)));

        // As a scheduled job or another instance would: no request of this instance wrote it.
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        UPDATE incident SET title = 'Ledger export stuck behind a table lock again', summary = 'The ledger export waited on a lock.',
                                            affected_services = CAST(:services AS text[]), tags = CAST(:tags AS text[])
                        WHERE id = :id""")
                .setParameter("services", "{" + service + "}").setParameter("tags", "{locks-" + u + "}")
                .setParameter("id", other).executeUpdate());

        eventually(() -> ids(similar(subject, 20)).contains(other), "the edited incident shows once the notice arrives");
    }

    @Test
    void aFixCompletedStraightInTheDatabaseShowsAsARecurrenceOnceItsNoticeArrives() {
        SimilarFixtures.RestoreFailure fixture = SimilarFixtures.restoreFailure("billing", 9);
        assertEquals(List.of(), recurredAs(similar(fixture.fixed(), 5)), "not done yet");

        fixture.fixDone();

        eventually(() -> recurredAs(similar(fixture.fixed(), 5)).equals(List.of(fixture.after())),
                "the completed fix and its recurrence show once the notice arrives");
    }

    private static void eventually(BooleanSupplier condition, String what) {
        Instant until = Instant.now().plus(NOTICE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                fail("not within " + NOTICE.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
        }
    }
}
