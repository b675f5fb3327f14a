package io.hindsight.incident;

/** How bad an incident is, in words a new responder can apply without a meeting. */
public enum Severity {
    SEV1("Critical", "Customers cannot use the product, or data is being lost. All hands."),
    SEV2("Major", "A key feature is broken or badly degraded for many customers."),
    SEV3("Minor", "Something is degraded for some customers, and a workaround exists."),
    SEV4("Low", "A small or internal problem with no real customer impact.");

    private final String label;
    private final String description;

    Severity(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }

    /** Lower-case name for CSS classes and URLs, e.g. {@code sev1}. */
    public String key() {
        return name().toLowerCase();
    }
}
