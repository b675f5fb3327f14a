package io.hindsight.bench;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Without hindsight.bench.enabled the bare baselines do not exist, not even for someone signed in. */
@QuarkusTest
class BareBaselinesDisabledTest {

    @Test
    void everyBaselineIsNotFoundUnlessTheBenchIsEnabled() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        for (String path : new String[] {"/bench/bare/dashboard", "/bench/bare/incidents", "/bench/bare/incidents?q=database",
                "/bench/bare/action-items", "/bench/bare/lessons", "/bench/bare/checklists",
                "/bench/bare/incidents/1", "/bench/bare/incidents/1/postmortem"}) {
            assertEquals(404, admin.get(path).statusCode(), path);
        }
        assertEquals(404, admin.request().accept("application/json").get("/bench/bare/api/incidents").statusCode());
    }
}
