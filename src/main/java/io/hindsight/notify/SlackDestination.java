package io.hindsight.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A channel's incoming webhook (Slack, a Slack-compatible Mattermost or Rocket.Chat, or a Microsoft
 * Teams Workflows webhook: see {@link #type}) and the events it wants. The URL is a secret: pages show {@link #maskedUrl()}, logs show the name and id.
 */
@Entity
@Table(name = "slack_destination")
public class SlackDestination extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    /** Decides the message format and how the webhook's answers are read. */
    @Convert(converter = DestinationType.Column.class)
    public DestinationType type = DestinationType.SLACK;

    /** Secret. Never log it, never render it. */
    public String webhookUrl;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> events = new ArrayList<>();

    public Instant createdAt;
    public Long createdBy;
    public Instant disabledAt;

    /** No message to this webhook before then (pacing, Retry-After). */
    public Instant pacedUntil;

    public boolean enabled() {
        return disabledAt == null;
    }

    public boolean subscribes(EventKey key) {
        return events.contains(key.key());
    }

    public String maskedUrl() {
        return mask(webhookUrl);
    }

    /** {@code https://hooks.slack.com/…/abcd}: scheme, host and port, then the last four characters. */
    static String mask(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        String tail = url.length() <= 4 ? "" : url.substring(url.length() - 4);
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…/" + tail;
            }
        } catch (IllegalArgumentException e) {
            // Not a URI: show only the tail.
        }
        return "…/" + tail;
    }

    @Override
    public String toString() {
        // Never the URL: this may end up in a log line.
        return "destination #" + id + " (" + name + ")";
    }
}
