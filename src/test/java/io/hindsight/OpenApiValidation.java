package io.hindsight;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.hindsight.account.Role;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Holds every call the tests make to the JSON API to the OpenAPI document the running portal serves at
 * {@code /q/openapi}, so that the document cannot drift from what the API does: installed once for the whole test
 * run as a global REST Assured filter ({@link OpenApiValidationExtension}), it covers every existing and future test
 * that calls {@code /api/v1} without the test knowing.
 *
 * <p>What fails a test:
 * <ul>
 *   <li>a <b>response</b> that the document does not describe (status, content type, body), always: answers to
 *   hostile input too must be the documented problem documents;</li>
 *   <li>a <b>request</b> that violates the document, only when the API accepted it (2xx/3xx): then the document is
 *   stricter than the API, or names a field differently. A request the API refused (4xx) may well violate the
 *   document on purpose — tests of hostile or invalid input send exactly that — and the refusal is what they
 *   assert, so request-side findings are not held against such calls.</li>
 * </ul>
 * One tolerance, because the document lists enum values as the API writes them ({@code SEV2}) while it reads them
 * in any case ({@code "sev2"}, see {@code web.StorableJsonText}): a request value that equals an allowed value but
 * for its case is not a violation.
 */
public final class OpenApiValidation implements Filter {

    static final String API = "/api/v1";

    private static final Pattern ENUM_MISS = Pattern.compile(
            "Instance value \\((\"?)(.*?)\\1\\) not found in enum \\(possible values: \\[(.*?)]\\)", Pattern.DOTALL);

    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final ThreadLocal<Boolean> LOADING = ThreadLocal.withInitial(() -> false);

    private OpenApiValidation() {
    }

    /** Adds the filter to REST Assured's global filters once (idempotent). */
    public static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof OpenApiValidation)) {
            RestAssured.filters(new OpenApiValidation());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext context) {
        String path = request.getDerivedPath();
        // HEAD is GET without a body (RFC 9110 9.3.2), answered by the framework for every GET; the document lists the GET.
        if (LOADING.get() || "HEAD".equalsIgnoreCase(request.getMethod()) || !(path.equals(API) || path.startsWith(API + "/"))) {
            return context.next(request, responseSpec);
        }
        OpenApiInteractionValidator validator = validatorFor(request);
        Response response = context.next(request, responseSpec);
        if (request.getCookies().exist() && !request.getHeaders().hasHeaderWithName("Cookie")) {
            // REST Assured keeps cookies apart and writes the Cookie header only on the wire; the validator reads headers,
            // so it would miss the session cookie the document allows. Written here, after the call, for validation only.
            request.header("Cookie", request.getCookies().asList().stream().map(c -> c.getName() + "=" + c.getValue())
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
        Request call = RestAssuredRequest.of(request);
        int status = response.statusCode();
        ValidationReport requestReport = validator.validateRequest(call);
        ValidationReport responseReport = validator.validateResponse(call.getPath(), call.getMethod(),
                RestAssuredResponse.of(response));
        boolean accepted = status < 400;
        boolean unknownOperation = requestReport.getMessages().stream().anyMatch(m ->
                m.getKey().equals("validation.request.path.missing") || m.getKey().equals("validation.request.operation.notAllowed"));
        StringBuilder problems = new StringBuilder();
        if (accepted || !unknownOperation) {
            // A refused call to an address the API does not have (404, 405) has no documented answer to check.
            append(problems, "response", responseReport);
        }
        if (accepted) {
            append(problems, "request", status == 204 ? withoutAcceptFindings(requestReport) : requestReport);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(request.getMethod() + " " + call.getPath() + " → " + status
                    + " does not match the OpenAPI document (/q/openapi, docs/openapi.yaml):" + problems
                    + "\nFix the API or its annotations, then refresh docs/openapi.yaml (see OpenApiDocumentTest).");
        }
        return response;
    }

    /**
     * An answer without a body (204) meets any Accept header: the document lists no media type for it, only the
     * problem+json of its errors, so the validator's Accept check has nothing to compare with.
     */
    private static ValidationReport withoutAcceptFindings(ValidationReport report) {
        return ValidationReport.from(report.getMessages().stream()
                .filter(m -> !m.getKey().equals("validation.request.accept.notAllowed")).toList());
    }

    private static void append(StringBuilder problems, String side, ValidationReport report) {
        report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !enumValueInAnotherCase(m))
                .forEach(m -> problems.append("\n  ").append(side).append(": [").append(m.getKey()).append("] ")
                        .append(m.getMessage()).append(m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()));
    }

    /**
     * The API reads enum values in any case; the document names them as the API writes them. A finding (directly on
     * the enum, or on an allOf around it) whose every failure is such a value is not a violation.
     */
    static boolean enumValueInAnotherCase(ValidationReport.Message message) {
        String key = message.getKey();
        if (!key.startsWith("validation.request.") || !(key.endsWith(".schema.enum") || key.endsWith(".schema.allOf"))) {
            return false;
        }
        String text = message.getMessage() + " " + String.join(" ", message.getAdditionalInfo());
        Matcher miss = ENUM_MISS.matcher(text);
        int misses = 0;
        while (miss.find()) {
            String value = miss.group(2).toUpperCase(Locale.ROOT);
            if (Arrays.stream(miss.group(3).replace("\"", "").split(",")).map(String::strip).noneMatch(value::equals)) {
                return false;
            }
            misses++;
        }
        int failures = key.endsWith(".schema.enum") ? 1 : text.split("Instance ", -1).length - 2;
        return misses > 0 && misses == failures;
    }

    /** The document the portal under test serves, read once per portal (address and port) with a viewer's token. */
    private static OpenApiInteractionValidator validatorFor(FilterableRequestSpecification request) {
        String portal = request.getBaseUri() + ":" + request.getPort();
        return VALIDATORS.computeIfAbsent(portal, key -> {
            LOADING.set(true);
            try {
                String document = RestAssured.given().baseUri(request.getBaseUri()).port(request.getPort())
                        .header("Authorization", "Bearer " + PortalClient.accessToken(Role.VIEWER))
                        .accept("application/json").get("/q/openapi?format=json")
                        .then().statusCode(200).extract().asString();
                return OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
            } finally {
                LOADING.set(false);
            }
        });
    }
}
