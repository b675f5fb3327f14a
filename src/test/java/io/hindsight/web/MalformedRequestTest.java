package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests the framework cannot even read are the sender's fault: 4xx with an explanation (a page, or a problem
 * document on the API), never a 500 and never an empty answer. Found by {@link HostileInputTest}.
 */
@QuarkusTest
class MalformedRequestTest {

    @Test
    void aFormBodyThatIsNotValidUrlEncodingIsABadRequestPage() {
        PortalClient editor = PortalClient.browser();
        String token = editor.open("/incidents/new").csrfToken();
        String tag = Incidents.uniqueTag();
        Response refused = editor.request().contentType("application/x-www-form-urlencoded").accept("text/html")
                .urlEncodingEnabled(false).body("csrf-token=" + token + "&tags=" + tag + "&title=%ZZ&severity=SEV3")
                .post("/incidents");
        assertEquals(400, refused.statusCode(), refused.asString());
        assertTrue(refused.asString().contains("The form could not be read"), refused.asString());
        assertEquals(0, Incidents.countTagged(tag));
    }

    @Test
    void aMultipartUploadCutShortIsABadRequest() {
        PortalClient editor = PortalClient.browser();
        String token = editor.open("/import").csrfToken();
        Response refused = editor.request().contentType("multipart/form-data; boundary=cut").accept("text/html")
                .body(("--cut\r\nContent-Disposition: form-data; name=\"csrf-token\"\r\n\r\n" + token
                        + "\r\n--cut\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.md\"\r\n\r\n# half")
                        .getBytes(StandardCharsets.UTF_8))
                .post("/import/preview");
        assertEquals(400, refused.statusCode(), refused.asString());
    }

    @Test
    void aNulInThePathNamesNothing() {
        Response page = PortalClient.browserAs(Role.VIEWER).visit("/checklists/general%00");
        assertEquals(404, page.statusCode(), page.asString());
        ProblemAssertions.assertProblem(PortalClient.api().urlEncodingEnabled(false).get(Incidents.API + "/1%00"), 404);
    }

    @Test
    void aFormPostedToTheApiIsRefusedWithAProblemDocument() {
        // The CSRF check refuses a form without its token by status alone; the API still explains it.
        Response refused = PortalClient.api().contentType("application/x-www-form-urlencoded").body("a=1")
                .post(Incidents.API + "/1/revisions/1/restore");
        assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, refused.statusCode() + " " + refused.asString());
        ProblemAssertions.assertProblem(refused, refused.statusCode());
    }
}
