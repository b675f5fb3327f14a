package io.hindsight.web;

/** The words the OpenAPI document uses for entity tags and versions, the same on every resource that has them. */
public final class ApiDocs {

    public static final String ETAG = "Strong entity tag of this version of the record, e.g. \"postmortem-12-v4\"; "
            + "send it back in If-Match.";

    public static final String IF_MATCH = "The ETag this change starts from. If it is not the current one the change is "
            + "refused with 412 and the problem names the current version. Without If-Match (and without a version in "
            + "the body) the change is applied to whatever is current.";

    public static final String WRITE = "Send If-Match with the ETag you read (or the version you read in the body's "
            + "version field) so that a change made by someone else meanwhile is not overwritten.";

    public static final String CONFLICT = "The body's version is not the current one, or someone else saved at the same "
            + "moment; problem+json with current_version. Nothing was written.";

    public static final String PRECONDITION_FAILED = "If-Match does not match the current version; problem+json with "
            + "current_version and the current ETag. Nothing was written.";

    private ApiDocs() {
    }
}
