package io.hindsight.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hindsight.system.DatabaseFailures;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns every failure into something a person or a program can act on: a friendly page for
 * browsers, an RFC 9457 problem document for the API. Stack traces stay in the log, under an id
 * that the page shows.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    /** An address that shows a form for a change: what it changes, then {@code /edit} or {@code /new}. */
    private static final Pattern EDIT_ADDRESS = Pattern.compile("(.*)/(?:edit|new)/?");

    @CheckedTemplate(basePath = "")
    static class Templates {
        static native TemplateInstance error(int status, String title, String detail, String reference, String back);
    }

    @Inject
    Instance<AccessRefusal> refusal;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri, HttpHeaders headers) {
        return respond(uri, headers, 400, "Some input needs another look",
                e.errors().stream().map(FieldError::message).distinct().collect(Collectors.joining(" ")), e.errors(), null);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<FieldError> errors = InvalidInputException.fromViolations(e.getConstraintViolations());
        return respond(uri, headers, 400, "Some input needs another look",
                errors.stream().map(FieldError::message).distinct().collect(Collectors.joining(" ")), errors, null);
    }

    /** Declared for the most specific Jackson types too, or Quarkus' own mapper (no problem document) wins. */
    @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class, JsonParseException.class})
    public Response unreadableJson(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        String field = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : "";
        String notUtf8 = notUtf8(e);
        String detail = notUtf8 != null ? notUtf8
                : field.isEmpty()
                ? "The request body is not valid JSON for this endpoint."
                : e instanceof UnrecognizedPropertyException
                ? "'" + field + "' is not a field of this endpoint; check its spelling against /q/openapi."
                : e instanceof StorableJsonText.UnstorableText unstorable
                ? "'" + field + "' " + unstorable.getOriginalMessage()
                : e instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()
                ? "'" + field + "' must be one of " + Arrays.stream(format.getTargetType().getEnumConstants())
                        .map(String::valueOf).collect(Collectors.joining(", ")) + " (in any case); got '" + format.getValue() + "'."
                : "The value of '" + field + "' has the wrong type or format.";
        List<FieldError> errors = field.isEmpty() ? List.of() : List.of(new FieldError(field, detail));
        return respond(uri, headers, 400, "The request body could not be read", detail, errors, null);
    }

    /**
     * What to say when the body's bytes are not UTF-8 (Latin-1 or Windows-1252 text, whatever its Content-Type says):
     * JSON between systems is UTF-8 (RFC 8259, section 8.1), and Jackson's own words name a byte, not the cause.
     * UTF-16 and UTF-32 bodies are read, being told apart by their first bytes.
     */
    private static String notUtf8(Throwable e) {
        boolean notUtf8 = causes(e).anyMatch(cause -> cause instanceof java.io.CharConversionException
                || (cause instanceof JsonParseException && cause.getMessage() != null && cause.getMessage().startsWith("Invalid UTF-8")));
        return notUtf8 ? "The request body is not UTF-8 text. JSON is sent as UTF-8 (RFC 8259); encode the body as UTF-8 "
                + "and send it again." : null;
    }

    /** {@code e} and its causes, outermost first (a cause that names itself ends the chain). */
    static java.util.stream.Stream<Throwable> causes(Throwable e) {
        return java.util.stream.Stream.iterate(e, java.util.Objects::nonNull, t -> t.getCause() == t ? null : t.getCause());
    }

    /** Said by the feature that knows the roles ({@link AccessRefusal}); the page links back to what can be read. */
    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        AccessRefusal.Explanation why = refusal.isResolvable() ? refusal.get().explain()
                : new AccessRefusal.Explanation("Your role does not allow this", "Ask an admin if you need to make this change.");
        return respond(uri, headers, 403, why.title(), why.detail(), List.of(), null, readablePage(uri.getPath()));
    }

    /** A feature's own rule refused this person this thing; it says why in its words. */
    @ServerExceptionMapper
    public Response refused(Refusal e, UriInfo uri, HttpHeaders headers) {
        return respond(uri, headers, e.status(), e.title(), e.detail(), List.of(), null);
    }

    /**
     * A save that lost a race with another save of the same record, wherever it is noticed: a service comparing
     * versions, or Hibernate's {@code UPDATE … WHERE version = ?} finding no row at commit. Never a 500: the person
     * (or program) only needs to reload and decide again. Forms that can show a conflict page catch it earlier.
     */
    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response conflict(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        LOG.debugf("Concurrent save refused on %s: %s", uri.getPath(), e.getMessage());
        return respond(uri, headers, 409, "Someone else changed this meanwhile",
                "Nothing was saved. Reload to see the current version, then make your change again on top of it.",
                List.of(), null, readablePage(uri.getPath()));
    }

    /** A write that named a version which is not the current one; see {@link EntityTags}. */
    @ServerExceptionMapper
    public Response versionMismatch(VersionMismatch e, UriInfo uri, HttpHeaders headers) {
        String title = e.status() == 412 ? "The version you named is not the current one" : "Someone else changed this meanwhile";
        if (!wantsJson(uri, headers)) {
            return respond(uri, headers, e.status(), title, e.getMessage(), List.of(), null, readablePage(uri.getPath()));
        }
        Problem problem = new Problem("about:blank", title, e.status(), e.getMessage(), uri.getPath(), List.of(),
                e.currentVersion());
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(problem);
        return (e.entityTag() == null ? response : response.header(HttpHeaders.ETAG, e.entityTag())).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri, headers);
        }
        if (status >= 500) {
            return unexpected(e, uri, headers);
        }
        String badQuery = status == 404 ? unconvertibleQueryParameter(e, uri) : null;
        if (badQuery != null) {
            String detail = "'" + badQuery + "' must be a whole number in range (or a value this address knows); got '"
                    + uri.getQueryParameters().getFirst(badQuery) + "'.";
            return respond(uri, headers, 400, "A parameter of this address is not valid", detail,
                    List.of(new FieldError(badQuery, detail)), null);
        }
        return explainStatus(status, uri, headers);
    }

    /** What a bare status means, said to a person or a program: for refusals that come without an explanation. */
    static Response explainStatus(int status, UriInfo uri, HttpHeaders headers) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = switch (status) {
            case 400 -> "The request could not be handled";
            case 404 -> "We could not find that page";
            case 405 -> "That action is not possible here";
            case 410 -> "This was deleted";
            case 413 -> OversizedBodies.TITLE;
            case 415 -> "That content type is not accepted here";
            default -> known != null ? known.getReasonPhrase() : "The request could not be handled";
        };
        String detail = switch (status) {
            case 404 -> "It may have been moved or deleted, or the address has a typo.";
            case 410 -> "It is in the Trash. An editor or admin can restore it from there if it is still needed.";
            case 413 -> "Send less at a time.";
            default -> "Check the address and what was sent, then try again.";
        };
        return respond(uri, headers, status, title, detail, List.of(), null);
    }

    /**
     * A refusal that a filter of the framework answered with a status alone (the CSRF check's 400, for one) gets the
     * same explanation as every other: a problem document on the API, a page in the browser.
     */
    @org.jboss.resteasy.reactive.server.ServerResponseFilter
    public void explainBareRefusal(jakarta.ws.rs.container.ContainerRequestContext request,
                                   jakarta.ws.rs.container.ContainerResponseContext response) {
        if (response.getStatus() < 400 || response.hasEntity()) {
            return;
        }
        Response explained = explainStatus(response.getStatus(), request.getUriInfo(), new RequestHeaders(request));
        Object entity = explained.getEntity() instanceof TemplateInstance page ? page.render() : explained.getEntity();
        response.setEntity(entity, null, explained.getMediaType());
    }

    /** The request's headers, as {@link #respond} reads them. */
    private record RequestHeaders(jakarta.ws.rs.container.ContainerRequestContext request) implements HttpHeaders {
        public List<String> getRequestHeader(String name) { return request.getHeaders().get(name); }
        public String getHeaderString(String name) { return request.getHeaderString(name); }
        public jakarta.ws.rs.core.MultivaluedMap<String, String> getRequestHeaders() { return request.getHeaders(); }
        public List<MediaType> getAcceptableMediaTypes() { return request.getAcceptableMediaTypes(); }
        public List<Locale> getAcceptableLanguages() { return request.getAcceptableLanguages(); }
        public MediaType getMediaType() { return request.getMediaType(); }
        public Locale getLanguage() { return request.getLanguage(); }
        public Map<String, jakarta.ws.rs.core.Cookie> getCookies() { return request.getCookies(); }
        public java.util.Date getDate() { return request.getDate(); }
        public int getLength() { return request.getLength(); }
    }

    /**
     * The query parameter whose value could not be converted (JAX-RS answers such a request with 404, as if the
     * address did not exist): {@code ?page=99999999999} is a bad request, not a missing page. Null for a path
     * parameter, where 404 is right.
     */
    private static String unconvertibleQueryParameter(WebApplicationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (!(cause instanceof IllegalArgumentException) || cause.getMessage() == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> param : uri.getQueryParameters().entrySet()) {
            for (String value : param.getValue()) {
                String message = cause.getMessage();
                if (!value.isEmpty() && (message.contains("\"" + value + "\"") || message.endsWith("." + value))) {
                    return param.getKey();
                }
            }
        }
        return null;
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        if (Conflict.lostRace(e) instanceof RuntimeException stale) {
            return conflict(stale, uri, headers);
        }
        if (uniqueViolation(e)) {
            // Two requests created the same thing at once (the same email invited twice, a tracker connected twice): the
            // checks before the insert passed for both, the database kept one. The other is a race lost, not a fault.
            LOG.debugf("Concurrent create refused by a unique index on %s: %s", uri.getPath(), e.getMessage());
            return respond(uri, headers, 409, "Someone else saved this at the same moment",
                    "Nothing was saved: another request saved the same thing just before this one. Reload to see it.",
                    List.of(), null, readablePage(uri.getPath()));
        }
        int fieldLimit = fieldLimitExceeded(e);
        if (fieldLimit >= 0) {
            LOG.debugf("Form with over %d fields refused on %s", fieldLimit, uri.getPath());
            return respond(uri, headers, 413, OversizedBodies.TITLE, "A form may carry at most " + fieldLimit
                    + " fields (quarkus.http.limits.max-parameters); this one has more. Nothing was saved. Send fewer at a time.",
                    List.of(), null);
        }
        if (unreadableForm(e)) {
            LOG.debugf("Unreadable form body on %s: %s", uri.getPath(), e.getMessage());
            return respond(uri, headers, 400, "The form could not be read",
                    "What was sent is not a form this page sends (broken encoding or a cut-off upload). Nothing was saved; "
                            + "go back, reload the page and send it again.", List.of(), null);
        }
        if (unstorableText(e)) {
            LOG.debugf("Unstorable text reached the database on %s: %s", uri.getPath(), e.getMessage());
            return respond(uri, headers, 400, "Some input needs another look",
                    "Something sent contains a character that cannot be stored (a control character such as NUL, or half "
                            + "of a character). Nothing was saved; remove it and try again.", List.of(), null);
        }
        if (ServiceUnavailable.BUSY.causes(e)) {
            LOG.debugf("Too busy to start %s; answered 503 busy: %s", uri.getPath(), DatabaseFailures.reason(e));
            return unavailable(ServiceUnavailable.BUSY, uri, headers);
        }
        if (collided(e)) {
            LOG.warnf("The transaction was rolled back (deadlock, serialization or timeout); answered %s with 503: %s", uri.getPath(),
                    DatabaseFailures.reason(e));
            Response.ResponseBuilder response = Response.status(503).header(HttpHeaders.RETRY_AFTER, 1)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store");
            Response explained = respond(uri, headers, 503, "This could not be saved just now",
                    "Nothing was saved: the database rolled the change back (another change at the same moment, or the "
                            + "server was too busy). Send it again.",
                    List.of(), null);
            return response.type(explained.getMediaType()).entity(explained.getEntity()).build();
        }
        if (ServiceUnavailable.UNREACHABLE.causes(e)) {
            LOG.warnf("The database is unavailable; answered %s with 503: %s", uri.getPath(), DatabaseFailures.reason(e));
            return unavailable(ServiceUnavailable.UNREACHABLE, uri, headers);
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Unexpected failure [%s] on %s", reference, uri.getPath());
        return respond(uri, headers, 500, "Something went wrong on our side",
                "Nothing you did caused this. Try again in a moment; if it keeps happening, tell an admin the reference "
                        + reference + ".", List.of(), reference);
    }

    /** Busy or out of reach: the 503 answer {@link ServiceUnavailable} writes, as JAX-RS sends it. */
    Response unavailable(ServiceUnavailable condition, UriInfo uri, HttpHeaders headers) {
        ServiceUnavailable.Answer answer = condition.answer(uri.getPath(), wantsJson(uri, headers), json);
        return Response.status(ServiceUnavailable.STATUS)
                .header(HttpHeaders.RETRY_AFTER, answer.retryAfterSeconds())
                .header(HttpHeaders.CACHE_CONTROL, ServiceUnavailable.Answer.CACHE_CONTROL)
                .type(answer.mediaType())
                .entity(answer.body())
                .build();
    }

    /**
     * The framework could not parse the request body as the form it claims to be ({@code %ZZ}, bytes that are not
     * UTF-8, a multipart upload cut short): the client's fault, whatever the route. Recognised by where it failed,
     * Quarkus REST's form reader, since the exceptions themselves are plain {@link IllegalArgumentException}s and
     * {@link java.io.IOException}s.
     */
    static boolean unreadableForm(Throwable e) {
        return causes(e).filter(t -> t instanceof IllegalArgumentException || t instanceof java.io.IOException)
                .flatMap(t -> java.util.Arrays.stream(t.getStackTrace()))
                .anyMatch(frame -> frame.getClassName().equals("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler"));
    }

    /** Quarkus REST's message when a form has more fields than {@code quarkus.http.limits.max-parameters}. */
    private static final Pattern FIELD_LIMIT = Pattern.compile("Param limit of (\\d{1,9}) was exceeded");

    /**
     * The limit a form body's field count went over, or -1: Quarkus REST's form parser ({@code FormData.add}) counts the
     * fields as it reads them and throws a bare {@link RuntimeException} at one too many. There is no type of its own
     * to catch, so it is recognised narrowly: exactly that class, its message, thrown by {@code FormData} itself.
     */
    static int fieldLimitExceeded(Throwable e) {
        for (Throwable t : (Iterable<Throwable>) causes(e)::iterator) {
            Matcher limit = t.getClass() == RuntimeException.class && t.getMessage() != null
                    ? FIELD_LIMIT.matcher(t.getMessage()) : null;
            StackTraceElement[] frames = t.getStackTrace();
            if (limit != null && limit.matches() && frames.length > 0
                    && frames[0].getClassName().equals("org.jboss.resteasy.reactive.server.core.multipart.FormData")) {
                return Integer.parseInt(limit.group(1));
            }
        }
        return -1;
    }

    /**
     * PostgreSQL rolled the whole transaction back to break a deadlock (SQLSTATE 40P01) or because it could not be
     * serialized (40001), or the transaction was found rolled back at commit (timed out): nothing was written, and
     * sending the same request again is safe.
     */
    static boolean collided(Throwable e) {
        for (Throwable t : (Iterable<Throwable>) causes(e)::iterator) {
            if (t instanceof java.sql.SQLException sql && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                return true;
            }
            // The transaction was already rolled back when the request tried to commit it, with no cause of its own:
            // its timeout ran out on an overloaded server. Nothing was written.
            // A commit that failed for a reason of its own (a deferred trigger's error, say) carries it as a suppressed
            // exception: only a collision there is safe to retry here; a lost connection is the database going away
            // (DatabaseFailures.unreachable reads the suppressed reasons too); anything else is a fault.
            if (t instanceof jakarta.transaction.RollbackException && t.getCause() == null) {
                Throwable[] reasons = t.getSuppressed();
                if (reasons.length == 0) {
                    return true;
                }
                for (Throwable reason : reasons) {
                    if (collided(reason)) {
                        return true;
                    }
                }
                return false;
            }
        }
        return false;
    }

    /**
     * PostgreSQL refused a character in a parameter (SQLSTATE 22021, a NUL; 22P05, untranslatable): the last line of
     * defence behind {@code StorableTextFilters} and {@code StorableJsonText}, for input that reached a query some other way.
     */
    static boolean unstorableText(Throwable e) {
        return sqlState(e, "22021", "22P05");
    }

    static Response respond(UriInfo uri, HttpHeaders headers, int status, String title, String detail,
                            List<FieldError> errors, String reference) {
        return respond(uri, headers, status, title, detail, errors, reference, null);
    }

    static Response respond(UriInfo uri, HttpHeaders headers, int status, String title, String detail,
                            List<FieldError> errors, String reference, String back) {
        if (wantsJson(uri, headers)) {
            List<Problem.InvalidParam> params = errors.stream()
                    .map(err -> new Problem.InvalidParam(snakeCase(err.field()), err.message())).toList();
            Problem problem = new Problem("about:blank", title, status, detail, uri.getPath(), params);
            return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, title, detail, reference, back)).build();
    }

    /**
     * The page to read what an edit address changes: {@code /incidents/7/edit} → {@code /incidents/7},
     * {@code /incidents/new} → {@code /incidents}; null for any other address.
     */
    static String readablePage(String path) {
        Matcher edit = EDIT_ADDRESS.matcher(path);
        return edit.matches() ? (edit.group(1).isEmpty() ? "/" : edit.group(1)) : null;
    }

    static boolean wantsJson(UriInfo uri, HttpHeaders headers) {
        if (uri.getPath().startsWith("/api/")) {
            return true;
        }
        List<MediaType> accepted;
        try {
            accepted = headers.getAcceptableMediaTypes();
        } catch (RuntimeException unreadable) {
            // An Accept header JAX-RS cannot parse (NegotiationHeaders drops those before pages see them): the error
            // still needs an answer, and a person's browser never sends such a header.
            return false;
        }
        return !accepted.isEmpty() && !accepted.get(0).isWildcardType() && !accepted.get(0).isCompatible(MediaType.TEXT_HTML_TYPE)
                && accepted.get(0).getSubtype().toLowerCase(Locale.ROOT).contains("json");
    }

    /** Whether {@code e} or a cause is PostgreSQL refusing a row that a unique index already holds (SQLSTATE 23505). */
    static boolean uniqueViolation(Throwable e) {
        return sqlState(e, "23505");
    }

    /** Whether {@code e} or one of its causes is a SQL error with one of {@code states}. */
    private static boolean sqlState(Throwable e, String... states) {
        return causes(e).anyMatch(t -> t instanceof java.sql.SQLException sql && List.of(states).contains(sql.getSQLState()));
    }

    /** {@code startedAt} → {@code started_at}, as the JSON API spells its fields. */
    static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
