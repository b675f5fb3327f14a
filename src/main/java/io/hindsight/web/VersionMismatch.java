package io.hindsight.web;

/**
 * An API write that named a version which is not the current one: 412 when it came as {@code If-Match}, 409 when
 * the body carried it. The problem document names the current version, and the response carries its {@code ETag}.
 *
 * @param currentVersion null when the record does not exist (an {@code If-Match} for something not there)
 * @param entityTag      the current {@code ETag}, or null when there is no record
 */
public class VersionMismatch extends RuntimeException {

    private final int status;
    private final Long currentVersion;
    private final String entityTag;

    public VersionMismatch(int status, String detail, Long currentVersion, String entityTag) {
        super(detail);
        this.status = status;
        this.currentVersion = currentVersion;
        this.entityTag = entityTag;
    }

    public int status() {
        return status;
    }

    public Long currentVersion() {
        return currentVersion;
    }

    public String entityTag() {
        return entityTag;
    }
}
