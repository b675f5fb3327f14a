package io.hindsight.history;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The revisions of an incident through the API: listed newest first, read one by one, restored as a new revision. */
@QuarkusTest
class HistoryApiTest {

    @Test
    void everySaveOfAnIncidentKeepsARevisionAndARestoreBringsTheOldValuesBack() {
        Incidents.IncidentJson draft = Incidents.draftJson().summary("Checkout requests timed out for some customers.");
        long id = draft.create();
        PortalClient.api().body(draft.summary("Checkout requests timed out for every customer in Europe.").severity("SEV1").body())
                .put(Incidents.API + "/" + id).then().statusCode(200);

        JsonPath list = PortalClient.api().get(revisions(id)).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = list.getList("items");
        assertEquals(2, items.size(), items.toString());
        assertEquals("save", items.get(0).get("kind"));
        assertEquals("Summary, Severity", items.get(0).get("changed"));
        assertEquals("create", items.get(1).get("kind"));
        assertEquals("incident", items.get(1).get("record_type"));
        assertTrue(items.get(0).get("author") != null);

        long first = ((Number) items.get(1).get("id")).longValue();
        JsonPath detail = PortalClient.api().get(revisions(id) + "/" + first).then().statusCode(200).extract().jsonPath();
        assertEquals("Checkout requests timed out for some customers.", detail.getString("fields.summary"));
        assertEquals("SEV2", detail.getString("fields.severity"));

        JsonPath restored = PortalClient.api().post(revisions(id) + "/" + first + "/restore").then().statusCode(201)
                .extract().jsonPath();
        assertEquals("restore", restored.getString("kind"));
        assertEquals(3, restored.getInt("sequence"));
        assertTrue(restored.getString("changed").startsWith("Restored revision 1: "), restored.getString("changed"));
        JsonPath incident = Incidents.read(id).jsonPath();
        assertEquals("Checkout requests timed out for some customers.", incident.getString("summary"));
        assertEquals("SEV2", incident.getString("severity"));

        // Restoring what the incident holds already changes nothing and says so.
        ProblemAssertions.assertProblem(PortalClient.api().post(revisions(id) + "/" + first + "/restore"), 400);
    }

    @Test
    void aViewerReadsTheHistoryButCannotRestore() {
        long id = Incidents.draftJson().create();
        long rid = PortalClient.apiAs(Role.VIEWER).get(revisions(id)).then().statusCode(200).extract().jsonPath()
                .getLong("items[0].id");
        PortalClient.apiAs(Role.VIEWER).post(revisions(id) + "/" + rid + "/restore").then().statusCode(403);
    }

    @Test
    void anUnknownRevisionOrOneOfAnotherIncidentIsNotFound() {
        long one = Incidents.draftJson().create();
        long other = Incidents.draftJson().create();
        long rid = PortalClient.api().get(revisions(other)).then().extract().jsonPath().getLong("items[0].id");
        ProblemAssertions.assertProblem(PortalClient.api().get(revisions(one) + "/" + rid), 404);
        ProblemAssertions.assertProblem(PortalClient.api().post(revisions(one) + "/" + rid + "/restore"), 404);
        ProblemAssertions.assertProblem(PortalClient.api().queryParam("page", 0).get(revisions(one)), 400);
    }

    static String revisions(long incidentId) {
        return Incidents.API + "/" + incidentId + "/revisions";
    }
}
