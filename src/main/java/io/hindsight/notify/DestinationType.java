package io.hindsight.notify;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The kind of chat a destination's webhook belongs to, stored as {@link #key()} in
 * {@code slack_destination.type}. It decides how a message is written (Block Kit or an Adaptive Card)
 * and how the webhook's answer is read ({@link SlackWebhook} or {@link TeamsWebhook}).
 */
public enum DestinationType {
    SLACK("slack", "Slack", "Slack (or Mattermost, Rocket.Chat)"),
    TEAMS("teams", "Microsoft Teams", "Microsoft Teams (Workflows webhook)");

    private final String key;
    private final String shortLabel;
    private final String label;

    DestinationType(String key, String shortLabel, String label) {
        this.key = key;
        this.shortLabel = shortLabel;
        this.label = label;
    }

    public String key() {
        return key;
    }

    /** "Slack", "Microsoft Teams": for tables. */
    public String shortLabel() {
        return shortLabel;
    }

    /** What the add form offers. */
    public String label() {
        return label;
    }

    /** The JSON body this kind of webhook takes for {@code message}. */
    public String payload(SlackMessage message) {
        return this == TEAMS ? TeamsCard.of(message).toJson() : message.toJson();
    }

    /** By key ({@code teams}) or by name ({@code TEAMS}), as a form or the database sends it. */
    public static Optional<DestinationType> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.key.equals(wanted)).findFirst();
    }

    /** Maps the column to the enum and back. */
    @Converter
    public static class Column implements AttributeConverter<DestinationType, String> {
        @Override
        public String convertToDatabaseColumn(DestinationType type) {
            return (type == null ? SLACK : type).key;
        }

        @Override
        public DestinationType convertToEntityAttribute(String key) {
            return of(key).orElseThrow(() -> new IllegalStateException("unknown destination type " + key));
        }
    }
}
