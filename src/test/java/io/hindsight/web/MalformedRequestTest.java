package io.hindsight.web;

import io.hindsight.PortalClient;
import io.hindsight.ProblemAssertions;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.common.util.MediaTypeHelper;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void aJsonBodyWithSomethingAfterTheDocumentIsRefusedAndNothingIsWritten() {
        for (String trailing : List.of("garbage", "{}", "]", "\"more\"")) {
            String tag = Incidents.uniqueTag();
            String body = "{\"title\":\"Trailing tokens " + tag + "\",\"severity\":\"SEV3\",\"tags\":[\"" + tag + "\"]}" + trailing;
            Response refused = PortalClient.api().body(body).post(Incidents.API);
            assertEquals(400, refused.statusCode(), trailing + ": " + refused.asString());
            assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
            assertEquals(0, Incidents.countTagged(tag), trailing);
        }
    }

    @Test
    void aJsonBodyThatIsNotUtf8IsRefusedSayingSoAndNothingIsWritten() {
        for (String charset : List.of("ISO-8859-1", "windows-1252", "no-such-charset")) {
            String tag = Incidents.uniqueTag();
            byte[] latin1 = ("{\"title\":\"Caf\u00e9 checkout down " + tag + "\",\"severity\":\"SEV3\",\"tags\":[\"" + tag + "\"]}")
                    .getBytes(StandardCharsets.ISO_8859_1);
            Response refused = PortalClient.api().contentType("application/json; charset=" + charset).body(latin1).post(Incidents.API);
            ProblemAssertions.assertProblem(refused, 400);
            assertTrue(refused.jsonPath().getString("detail").contains("not UTF-8"), charset + ": " + refused.asString());
            assertEquals(0, Incidents.countTagged(tag), charset);
        }
    }

    @Test
    void aJsonBodyInUtf16IsRead() {
        String tag = Incidents.uniqueTag();
        byte[] utf16 = ("{\"title\":\"Caf\u00e9 checkout down " + tag + "\",\"severity\":\"SEV3\",\"tags\":[\"" + tag + "\"]}")
                .getBytes(StandardCharsets.UTF_16);
        Response created = PortalClient.api().contentType("application/json; charset=utf-16").body(utf16).post(Incidents.API);
        assertEquals(201, created.statusCode(), created.asString());
        assertEquals("Caf\u00e9 checkout down " + tag, created.jsonPath().getString("title"));
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

    /** Negotiation headers no browser sends, each of which once made a page, a file or a 404 answer 500. */
    private static final List<String[]> MALFORMED_NEGOTIATION = List.of(
            new String[] {"Accept", "*/*;q=abc"}, new String[] {"Accept", ",,,"}, new String[] {"Accept", "text/html;q=2"},
            new String[] {"Accept", "text/html;q=-1"}, new String[] {"Accept", "a/b/c"}, new String[] {"Accept", "/"},
            new String[] {"Accept", ";"}, new String[] {"Accept", "text/html;="},
            new String[] {"Accept-Language", "de-DE;q=abc"}, new String[] {"Accept-Language", "en;q="},
            new String[] {"Accept-Language", ",,,"}, new String[] {"Accept-Language", "*;q=2"},
            new String[] {"Accept-Encoding", "gzip;q=abc"}, new String[] {"Accept-Charset", "x;q=abc"});

    /**
     * A malformed negotiation header is ignored: every address answers exactly as it does without it (same status,
     * same type), a page and its error page alike, signed in or not.
     */
    @Test
    void aMalformedNegotiationHeaderIsIgnored() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        Supplier<RequestSpecification> signedIn = viewer::request;
        Supplier<RequestSpecification> anonymous = () -> PortalClient.anonymous().request();
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (Object[] address : List.<Object[]>of(new Object[] {signedIn, "/incidents"}, new Object[] {anonymous, "/login"},
                new Object[] {signedIn, "/login"}, new Object[] {anonymous, "/static/app.css"},
                new Object[] {signedIn, "/static/app.css"}, new Object[] {anonymous, "/share/x"},
                new Object[] {signedIn, "/feed/lessons.atom"}, new Object[] {signedIn, "/no/such/page"},
                new Object[] {anonymous, "/no/such/page"}, new Object[] {signedIn, "/incidents/999999999"})) {
            @SuppressWarnings("unchecked")
            Supplier<RequestSpecification> client = (Supplier<RequestSpecification>) address[0];
            String path = (String) address[1];
            Response plain = client.get().get(path);
            assertTrue(plain.statusCode() < 500, path + " → " + plain.statusCode());
            for (String[] header : MALFORMED_NEGOTIATION) {
                Response answer = client.get().header(header[0], header[1]).get(path);
                tried++;
                if (answer.statusCode() != plain.statusCode()
                        || !String.valueOf(answer.contentType()).equals(String.valueOf(plain.contentType()))) {
                    wrong.add(path + " with " + header[0] + ": " + header[1] + " → " + answer.statusCode() + " "
                            + answer.contentType() + " (without it: " + plain.statusCode() + " " + plain.contentType() + ")");
                }
            }
        }
        int triedRequests = tried;
        assertTrue(wrong.isEmpty(), () -> triedRequests + " requests, answered otherwise than without the header:\n"
                + String.join("\n", wrong));
    }

    @Test
    void aMalformedAcceptOnAFailedFormStillGetsItsPage() {
        PortalClient editor = PortalClient.browser();
        String token = editor.open("/incidents/new").csrfToken();
        String tag = Incidents.uniqueTag();
        for (String accept : List.of("a/b/c", "*/*;q=abc", ";")) {
            Response refused = editor.request().contentType("application/x-www-form-urlencoded").header("Accept", accept)
                    .urlEncodingEnabled(false).body("csrf-token=" + token + "&tags=" + tag + "&title=%ZZ&severity=SEV3")
                    .post("/incidents");
            assertEquals(400, refused.statusCode(), accept + ": " + refused.asString());
            assertTrue(refused.asString().contains("The form could not be read"), refused.asString());
        }
        assertEquals(0, Incidents.countTagged(tag));
    }

    /** The error mapper answers whatever the headers say: JAX-RS' own parser throws on these, the mapper must not. */
    @Test
    void theErrorMapperReadsAnUnparseableAcceptAsABrowser() {
        UriInfo page = (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> method.getName().equals("getPath") ? "/incidents" : null);
        for (String accept : List.of("a/b/c", "*/*;q=abc", ";", "/", ",,,", "text/html;=")) {
            HttpHeaders headers = (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(),
                    new Class<?>[] {HttpHeaders.class}, (proxy, method, args) -> switch (method.getName()) {
                        // JAX-RS' own reading of the header, as a request's HttpHeaders does it.
                        case "getAcceptableMediaTypes" -> MediaTypeHelper.parseHeader(accept);
                        default -> null;
                    });
            assertFalse(ErrorMapper.wantsJson(page, headers), accept);
        }
    }
}
