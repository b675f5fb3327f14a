package io.hindsight.alerting;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The alerting tools that can open incidents, and how each proves a delivery is its own. */
public enum AlertKind {
    ALERTMANAGER("Prometheus Alertmanager", "alertmanager", false),
    GRAFANA("Grafana alerting", "grafana", false),
    PAGERDUTY("PagerDuty (v3 webhooks)", "pagerduty", true),
    OPSGENIE("Opsgenie", "opsgenie", false);

    private final String label;
    private final String path;
    private final boolean signs;

    AlertKind(String label, String path, boolean signs) {
        this.label = label;
        this.path = path;
        this.signs = signs;
    }

    public String label() {
        return label;
    }

    /** The segment of the inbound address, {@code /api/v1/alerts/{path}/{id}}. */
    public String path() {
        return path;
    }

    /**
     * True when the sender signs each body with a secret it issues (PagerDuty's {@code X-PagerDuty-Signature}); false
     * when it sends a bearer token Hindsight issues.
     */
    public boolean signs() {
        return signs;
    }

    public static Optional<AlertKind> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.name().equals(wanted)).findFirst();
    }
}
