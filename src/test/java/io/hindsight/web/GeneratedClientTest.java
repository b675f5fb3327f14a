package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.account.Role;
import io.hindsight.client.ApiClient;
import io.hindsight.client.ApiException;
import io.hindsight.client.ApiResponse;
import io.hindsight.client.api.IncidentsApi;
import io.hindsight.client.model.IncidentDraft;
import io.hindsight.client.model.IncidentStatus;
import io.hindsight.client.model.IncidentView;
import io.hindsight.client.model.Severity;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client generated from docs/openapi.yaml (openapi-generator, Java, native library; see pom.xml) can do what an
 * alerting tool does: declare an incident with a title and a severity, update it, and read it back.
 */
@QuarkusTest
class GeneratedClientTest {

    @TestHTTPResource("/")
    URI portal;

    @Test
    void declaresUpdatesAndReadsAnIncident() throws ApiException {
        IncidentsApi incidents = new IncidentsApi(client(Role.EDITOR));

        ApiResponse<IncidentView> declared = incidents.incidentApiCreateWithHttpInfo(
                new IncidentDraft().title("Checkout fails for card payments").severity(Severity.SEV2));
        assertEquals(201, declared.getStatusCode());
        IncidentView incident = declared.getData();
        assertEquals(IncidentStatus.INVESTIGATING, incident.getStatus(), "status defaults to investigating");
        assertNotNull(incident.getStartedAt(), "started_at defaults to now");

        ApiResponse<IncidentView> read = incidents.incidentApiGetWithHttpInfo(incident.getId());
        String etag = read.getHeaders().get("etag").get(0);
        IncidentView updated = incidents.incidentApiUpdate(incident.getId(), new IncidentDraft()
                .title("Checkout fails for card payments").severity(Severity.SEV1).status(IncidentStatus.MITIGATED)
                .startedAt(incident.getStartedAt()).customerImpact("About 30% of card payments failed."), etag);
        assertEquals(incident.getVersion() + 1, updated.getVersion());

        IncidentView again = incidents.incidentApiGet(incident.getId());
        assertEquals(Severity.SEV1, again.getSeverity());
        assertEquals(IncidentStatus.MITIGATED, again.getStatus());
        assertNotNull(again.getMitigatedAt(), "mitigating without a time means now");
        assertEquals("About 30% of card payments failed.", again.getCustomerImpact());

        ApiException stale = assertThrows(ApiException.class, () -> incidents.incidentApiUpdate(incident.getId(),
                new IncidentDraft().title("Lost update").severity(Severity.SEV4).status(IncidentStatus.RESOLVED)
                        .startedAt(incident.getStartedAt()), etag));
        assertEquals(412, stale.getCode(), "an old ETag is refused");
        assertTrue(stale.getResponseBody().contains("\"current_version\":" + updated.getVersion()), stale.getResponseBody());
    }

    @Test
    void aRefusalIsAProblemTheClientCanRead() {
        IncidentsApi incidents = new IncidentsApi(client(Role.VIEWER));
        ApiException refused = assertThrows(ApiException.class,
                () -> incidents.incidentApiCreate(new IncidentDraft().title("Viewers cannot declare").severity(Severity.SEV4)));
        assertEquals(403, refused.getCode());
        assertTrue(refused.getResponseHeaders().firstValue("content-type").orElse("").startsWith(Problem.MEDIA_TYPE));
    }

    private ApiClient client(Role role) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(portal.toString().replaceFirst("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + PortalClient.accessToken(role)));
        return client;
    }
}
