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

    /** An alerting tool declaring an incident: only title and severity are needed. */
    public static final String DECLARE_EXAMPLE = "{\"title\": \"Checkout fails for card payments\", \"severity\": \"SEV2\"}";

    /** A person's script replacing what is recorded, starting from the version it read. */
    public static final String REPLACE_EXAMPLE = "{\"title\": \"Checkout fails for card payments\", \"severity\": \"SEV2\", "
            + "\"status\": \"MITIGATED\", \"started_at\": \"2026-03-02T09:14:00Z\", "
            + "\"mitigated_at\": \"2026-03-02T09:52:00Z\", \"summary\": \"The payment provider's certificate expired.\", "
            + "\"customer_impact\": \"About 30% of card payments failed for 38 minutes.\", "
            + "\"affected_services\": [\"checkout\", \"payments\"], \"tags\": [\"certificates\"], \"version\": 3}";

    public static final String MOMENT_EXAMPLE = "{\"occurred_at\": \"2026-03-02T09:20:00Z\", \"kind\": \"DETECTION\", "
            + "\"description\": \"Error-rate alert on checkout fired.\"}";

    public static final String POSTMORTEM_EXAMPLE = "{\"template\": \"general\", \"summary\": \"Card payments failed for 38 "
            + "minutes after the provider's certificate expired.\", \"impact\": \"About 30% of card payments failed.\", "
            + "\"learn\": \"Certificate expiry was not monitored.\", \"fix\": \"Alert 30 days before expiry.\", \"version\": 2}";

    private ApiDocs() {
    }
}
