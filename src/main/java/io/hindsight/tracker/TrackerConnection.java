package io.hindsight.tracker;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * How Hindsight reaches one tracker, and how the tracker proves its webhooks. The token and the
 * webhook secret are secrets: pages show {@link #maskedToken()}, logs show the kind only.
 */
@Entity
@Table(name = "tracker_connection")
public class TrackerConnection extends PanacheEntityBase {

    @Id
    @Enumerated(EnumType.STRING)
    public TrackerKind kind;

    /** https://api.github.com (or a GitHub Enterprise /api/v3), or the Jira site https://example.atlassian.net. */
    public String apiBaseUrl;

    /** GitHub: owner/repo. Jira: the project key. */
    public String project;

    /** Jira: the account the API token belongs to (Basic auth). */
    public String accountEmail = "";

    /** Jira: the issue type to create (Task, Bug…). */
    public String issueType = "";

    /** Jira: the status category that means done (Jira's own is "done"). */
    public String doneCategory = "";

    /** Secret. Never log it, never render it. */
    public String token;

    /** Secret. Never log it, never render it. */
    public String webhookSecret;

    public Instant createdAt;
    public Instant updatedAt;
    public Long updatedBy;

    public String maskedToken() {
        return mask(token);
    }

    public String maskedWebhookSecret() {
        return mask(webhookSecret);
    }

    /** Four bullets, then the last four characters (none of a short secret). */
    static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        return "••••" + (secret.length() < 12 ? "" : secret.substring(secret.length() - 4));
    }

    /** Where the issues are, as people say it: {@code acme/web} or {@code Jira project OPS}. */
    public String where() {
        return kind == TrackerKind.GITHUB ? project : "project " + project;
    }

    @Override
    public String toString() {
        // Never a secret: this may end up in a log line.
        return kind.label() + " connection (" + project + ")";
    }
}
