package io.hindsight.web;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * How times read on a page: in the viewer's zone, with the UTC instant on hover, and durations in
 * words. Also the reverse for forms: a {@code datetime-local} value in a zone back to an instant.
 */
@TemplateExtension
public class TimeFormat {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.ENGLISH);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    /** Strict: 30 February is an error, not 28 February. */
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    /** {@code Thu 26 Nov 2026, 14:05 CET} in the viewer's zone. */
    static String local(Instant instant) {
        return instant == null ? "" : LOCAL.format(instant.atZone(viewerZone()));
    }

    /** {@code 2026-11-26 13:05:00 UTC}, for the hover title. */
    static String utc(Instant instant) {
        return instant == null ? "" : UTC.format(instant);
    }

    /** Machine-readable, for the {@code datetime} attribute. */
    static String iso(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The value of a {@code datetime-local} input in the viewer's zone. */
    static String inputValue(Instant instant) {
        return formatInput(instant, viewerZone());
    }

    /** The {@code datetime-local} value of {@code instant} in {@code zone}, for pre-filled forms. */
    public static String formatInput(Instant instant, ZoneId zone) {
        return instant == null ? "" : INPUT.format(instant.atZone(zone));
    }

    /**
     * {@code 2 h 5 min}, {@code 45 min}, {@code 3 d 4 h}, and {@code 45 s} under a minute; a negative
     * duration (a start a little in the future) reads as {@code 0 s}. Public: the Markdown export and
     * the Slack messages word durations the same way as the pages.
     */
    public static String human(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long minutes = duration.toMinutes();
        if (minutes < 1) {
            return Math.max(0, duration.toSeconds()) + " s";
        }
        long days = minutes / (60 * 24);
        long hours = (minutes / 60) % 24;
        long mins = minutes % 60;
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (mins > 0 ? " " + mins + " min" : "");
        }
        return mins + " min";
    }

    static String human(Optional<Duration> duration) {
        return duration.map(TimeFormat::human).orElse("—");
    }

    /** Parses a {@code datetime-local} value typed in {@code zone}; blank is null, nonsense throws. */
    public static Instant parseInput(String value, ZoneId zone) throws DateTimeParseException {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        LocalDateTime local = text.length() > 16 ? LocalDateTime.parse(text) : LocalDateTime.parse(text, INPUT);
        return local.atZone(zone).toInstant();
    }

    private static ZoneId viewerZone() {
        return Arc.container().instance(ViewerZone.class).get().zone();
    }
}
