package io.hindsight.web;

import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.validation.StorableText;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Applies {@link StorableText} to every request before a resource sees it, so no feature has to remember it:
 * a path that holds one names nothing (404), query parameters (search, filters, paging) lose the characters that
 * cannot be stored, and a form field that holds one is refused with a message naming the field. JSON bodies are checked by {@link StorableJsonText}.
 */
public class StorableTextFilters {

    /** An address whose path holds such a character names nothing that can exist: not found, before any query runs. */
    @ServerRequestFilter(preMatching = true)
    public void refuseUnstorablePath(ResteasyReactiveContainerRequestContext request) {
        if (!StorableText.storable(request.getUriInfo().getPath())) {
            throw new NotFoundException();
        }
    }

    @ServerRequestFilter(preMatching = true)
    public void cleanQuery(ResteasyReactiveContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        boolean dirty = query.entrySet().stream()
                .anyMatch(e -> !StorableText.storable(e.getKey()) || e.getValue().stream().anyMatch(v -> !StorableText.storable(v)));
        if (!dirty) {
            return;
        }
        StringJoiner cleaned = new StringJoiner("&");
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String name = StorableText.clean(e.getKey());
            if (name.isEmpty()) {
                continue;
            }
            for (String value : e.getValue()) {
                cleaned.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(StorableText.clean(value), StandardCharsets.UTF_8));
            }
        }
        URI uri = UriBuilder.fromUri(request.getUriInfo().getRequestUri()).replaceQuery(null).build();
        request.setRequestUri(request.getUriInfo().getBaseUri(),
                URI.create(uri + (cleaned.length() == 0 ? "" : "?" + cleaned)));
    }

    @ServerRequestFilter
    @WithFormRead
    public void refuseUnstorableFormFields(ResteasyReactiveContainerRequestContext request) {
        FormData form = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormData();
        if (form == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (String name : form) {
            for (FormValue value : form.get(name)) {
                String problem = value.isFileItem() ? null : StorableText.problem(value.getValue());
                if (problem == null && !StorableText.storable(name)) {
                    problem = "is not a field name this form knows.";
                }
                if (problem != null) {
                    String field = StorableText.clean(name);
                    errors.add(new FieldError(field, label(field) + " " + problem));
                    break;
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** "customerImpact" → "Customer impact", for a message that names the field as a person reads it. */
    static String label(String field) {
        String spaced = field.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ').toLowerCase();
        return spaced.isEmpty() ? "A field" : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
