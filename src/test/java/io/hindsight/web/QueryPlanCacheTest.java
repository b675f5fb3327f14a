package io.hindsight.web;

import io.hindsight.incident.Incident;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every page's queries are translated to SQL once and then reused. Hibernate translates a query again on every run
 * while any filter is enabled in its session, so no filter may be switched on for every session (an always-on
 * restriction is a {@code @SQLRestriction}, as the Trash's on {@link Incident}); see docs/performance.md,
 * "What a page costs beyond its SQL".
 */
@QuarkusTest
class QueryPlanCacheTest {

    @Inject
    SessionFactory sessionFactory;

    @Inject
    Session session;

    @Test
    void noFilterIsEnabledInEverySession() {
        for (String name : sessionFactory.getDefinedFilterNames()) {
            assertFalse(sessionFactory.getFilterDefinition(name).isAutoEnabled(),
                    () -> "filter " + name + " is enabled in every session: no query would reuse its translated SQL");
        }
        QuarkusTransaction.requiringNew().run(() -> assertFalse(
                session.unwrap(SessionImplementor.class).getLoadQueryInfluencers().hasEnabledFilters()));
    }

    @Test
    void aQueryOverIncidentsIsTranslatedOnceAndReused() {
        QueryInterpretationCache cache = sessionFactory.unwrap(SessionFactoryImplementor.class).getQueryEngine()
                .getInterpretationCache();
        // A query no other test runs, so its plan cannot be cached yet.
        String hql = "SELECT i.id FROM Incident i WHERE i.title = :title AND i.summary <> '" + UUID.randomUUID() + "'";
        int before = cache.getNumberOfCachedQueryPlans();
        runInRequest(hql);
        assertEquals(before + 1, cache.getNumberOfCachedQueryPlans(), "the query's translated SQL was not kept");
        runInRequest(hql);
        assertEquals(before + 1, cache.getNumberOfCachedQueryPlans(), "the query was translated again");
    }

    private void runInRequest(String hql) {
        QuarkusTransaction.requiringNew().run(() -> session.createSelectionQuery(hql, Long.class)
                .setParameter("title", "no such incident").getResultList());
    }
}
