package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A query parameter that cannot be read is a bad request naming it, not a missing page; a bad path is still 404. */
@QuarkusTest
class QueryParameterTest {

    @Test
    void anOutOfRangePageIsABadRequestOnTheApi() {
        for (String query : new String[] {"page=99999999999", "size=-99999999999999", "page=1e3"}) {
            Response response = PortalClient.api().urlEncodingEnabled(false).get(Incidents.API + "?" + query);
            Map<String, String> errors = ProblemAssertions.assertProblem(response, 400, query.substring(0, query.indexOf('=')));
            assertTrue(errors.values().iterator().next().contains(query.substring(query.indexOf('=') + 1)), errors.toString());
        }
    }

    @Test
    void anOutOfRangePageIsABadRequestPageInTheBrowser() {
        Response page = PortalClient.browserAs(Role.VIEWER).visit("/incidents?page=99999999999");
        assertEquals(400, page.statusCode());
        assertTrue(page.asString().contains("must be a whole number in range") && page.asString().contains("99999999999"), page.asString());
    }

    @Test
    void aPathThatIsNotANumberIsStillNotFound() {
        assertEquals(404, PortalClient.api().get(Incidents.API + "/not-a-number").statusCode());
        assertEquals(404, PortalClient.browserAs(Role.VIEWER).get("/incidents/99999999999999999999").statusCode());
    }
}
