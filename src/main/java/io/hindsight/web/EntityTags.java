package io.hindsight.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.Arrays;

/**
 * Entity tags for the JSON API and the {@code If-Match} check of its writes. A tag names the kind of record, its id
 * and its version ({@code "postmortem-12-v4"}), so it changes exactly when the record does; tags are strong and
 * compared strongly (RFC 9110 §13.1.1), so {@code W/} tags never match.
 *
 * <p>A write may name the version it starts from in {@code If-Match} or as {@code version} in its body. A mismatch is
 * refused before anything is written: 412 for the header, 409 for the body. The service compares again inside its
 * transaction and the {@code @Version} column once more at commit, so a race between the check and the write is a
 * 409 as well. A write that names no version at all is accepted as the last word (documented in the API docs).
 */
public final class EntityTags {

    public static final String IF_MATCH = "If-Match";

    private EntityTags() {
    }

    /** The strong entity tag of record {@code id} of {@code kind} at {@code version}, quotes included. */
    public static String of(String kind, long id, long version) {
        return "\"" + kind + "-" + id + "-v" + version + "\"";
    }

    /**
     * The version a write must still find when it commits, after checking {@code If-Match} and the body's version
     * against the current one; null when neither was given (the write is then not checked).
     *
     * @param currentVersion the record's version now, or null when there is no such record
     * @throws VersionMismatch 412 when {@code If-Match} does not match, 409 when the body's version is not the current one
     */
    public static Long expectedVersion(String ifMatch, Long bodyVersion, String kind, long id, Long currentVersion) {
        String current = currentVersion == null ? null : of(kind, id, currentVersion);
        if (ifMatch != null && !ifMatch.isBlank()) {
            boolean matches = current != null && Arrays.stream(ifMatch.split(","))
                    .map(String::strip).anyMatch(tag -> tag.equals("*") || tag.equals(current));
            if (!matches) {
                throw new VersionMismatch(412, current == null
                        ? "There is nothing here yet for If-Match to match; send the request without If-Match to create it."
                        : "If-Match does not match the current version " + currentVersion + " (ETag " + current
                        + "); someone else changed it meanwhile. GET it again, then send your change on top of it.",
                        currentVersion, current);
            }
        }
        if (bodyVersion != null && !bodyVersion.equals(currentVersion)) {
            throw new VersionMismatch(409, current == null
                    ? "There is no version " + bodyVersion + " here; send the request without a version to create it."
                    : "Your change starts from version " + bodyVersion + " but the current version is " + currentVersion
                    + "; someone else changed it meanwhile. GET it again, then send your change on top of it.",
                    currentVersion, current);
        }
        boolean named = (ifMatch != null && !ifMatch.isBlank()) || bodyVersion != null;
        return named ? currentVersion : null;
    }

    /** Sends the {@code ETag} of a {@link Versioned} view returned by a successful API call. */
    public static class Filter {

        @ServerResponseFilter
        public void tag(ContainerRequestContext request, ContainerResponseContext response) {
            if (response.getStatus() < 300 && response.getEntity() instanceof Versioned view
                    && !response.getHeaders().containsKey(HttpHeaders.ETAG)) {
                response.getHeaders().putSingle(HttpHeaders.ETAG, view.entityTag());
            }
        }
    }
}
