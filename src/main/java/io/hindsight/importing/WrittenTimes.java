package io.hindsight.importing;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates, times, zones and durations as people write them in postmortems: ISO 8601 ("2015-10-21",
 * "2015-10-21T14:05:00Z", "2015-10-21 14:05 UTC"), written dates in English ("21 October 2015",
 * "October 21, 2015", "Oct 21st 2015"), times of day ("14:05", "2:05 pm"), zones ("UTC", "PST",
 * "GMT+2", "+02:00") and durations ("2h 5m", "68 minutes", "1 hour and 31 minutes"). java.time
 * does the reading; the patterns only find where a value starts and ends.
 */
final class WrittenTimes {

    private static final String MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
    private static final String ISO_DATE = "(\\d{4})-(\\d{2})-(\\d{2})";
    private static final Pattern ISO = Pattern.compile("\\b" + ISO_DATE + "\\b");
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+" + MONTH + ",?\\s+(\\d{4})\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile("\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH_DAY = Pattern.compile("^" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter WRITTEN = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d MMM uuuu").toFormatter(Locale.ENGLISH);

    /** Zone abbreviations people write after times; each a fixed offset, as the text means it. */
    private static final Map<String, ZoneOffset> ABBREVIATIONS = Map.ofEntries(
            Map.entry("UTC", ZoneOffset.UTC), Map.entry("GMT", ZoneOffset.UTC), Map.entry("Z", ZoneOffset.UTC),
            Map.entry("WET", ZoneOffset.UTC), Map.entry("BST", ZoneOffset.ofHours(1)), Map.entry("WEST", ZoneOffset.ofHours(1)),
            Map.entry("CET", ZoneOffset.ofHours(1)), Map.entry("CEST", ZoneOffset.ofHours(2)), Map.entry("EET", ZoneOffset.ofHours(2)),
            Map.entry("EEST", ZoneOffset.ofHours(3)), Map.entry("MSK", ZoneOffset.ofHours(3)), Map.entry("IST", ZoneOffset.ofHoursMinutes(5, 30)),
            Map.entry("SGT", ZoneOffset.ofHours(8)), Map.entry("JST", ZoneOffset.ofHours(9)), Map.entry("KST", ZoneOffset.ofHours(9)),
            Map.entry("AEST", ZoneOffset.ofHours(10)), Map.entry("AEDT", ZoneOffset.ofHours(11)), Map.entry("NZST", ZoneOffset.ofHours(12)),
            Map.entry("EST", ZoneOffset.ofHours(-5)), Map.entry("EDT", ZoneOffset.ofHours(-4)), Map.entry("CST", ZoneOffset.ofHours(-6)),
            Map.entry("CDT", ZoneOffset.ofHours(-5)), Map.entry("MST", ZoneOffset.ofHours(-7)), Map.entry("MDT", ZoneOffset.ofHours(-6)),
            Map.entry("PST", ZoneOffset.ofHours(-8)), Map.entry("PDT", ZoneOffset.ofHours(-7)));
    private static final String ZONE = "(?:(?:UTC|GMT)\\s?[+-]\\d{1,2}(?::?\\d{2})?|[+-]\\d{2}:?\\d{2}|"
            + String.join("|", ABBREVIATIONS.keySet().stream().filter(z -> !z.equals("Z")).sorted((a, b) -> b.length() - a.length()).toList())
            + ")";
    private static final Pattern ZONE_WORD = Pattern.compile("(?<![\\w+-])(" + ZONE + ")(?![\\w:])");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\.\\d+)?\\s*([ap]\\.?m\\.?)?(?![\\d])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MOMENT_START = Pattern.compile(
            "^[\\s*_~`\\[(]*(?:(?<date>" + ISO_DATE + "|\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTH + ",?\\s+\\d{4}|" + MONTH
                    + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?(?:\\s+\\d{4})?)[\\s,T@]*(?:at\\s+)?)?"
                    + "(?<time>\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\.\\d+)?(?:\\s*[ap]\\.?m\\.?)?)?"
                    + "(?<zone>Z(?![a-z])|\\s*\\(?\\s*" + ZONE + "(?![a-z])\\s*\\)?)?\\+?[\\s*_~`\\])]*(?<sep>[:\\-–—|]\\s*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION_PART = Pattern.compile(
            "(\\d+(?:[.,]\\d+)?)\\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\\b", Pattern.CASE_INSENSITIVE);

    /** A moment at the start of a line: its date and zone when written there, its time, and the text after it. */
    record Moment(LocalDate date, LocalTime time, ZoneId zone, String rest) {
    }

    private WrittenTimes() {
    }

    /** The first date written in {@code text}, in any of the forms above; empty when there is none. */
    static Optional<LocalDate> dateIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int best = Integer.MAX_VALUE;
        LocalDate found = null;
        for (Pattern p : new Pattern[] {ISO, DAY_MONTH_YEAR, MONTH_DAY_YEAR}) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                LocalDate date = date(p, m);
                if (date != null) {
                    if (m.start() < best) {
                        best = m.start();
                        found = date;
                    }
                    break;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** A date standing alone ({@code "2020-02-20"}, {@code "Oct 15"} in {@code year}), or null. */
    static LocalDate date(String text, Integer year) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        Optional<LocalDate> full = dateIn(t);
        if (full.isPresent()) {
            return full.get();
        }
        Matcher m = MONTH_DAY.matcher(t);
        if (m.find() && year != null) {
            return written(m.group(2), m.group(1), String.valueOf(year));
        }
        return null;
    }

    private static LocalDate date(Pattern p, Matcher m) {
        if (p == ISO) {
            try {
                return LocalDate.parse(m.group(), DateTimeFormatter.ISO_LOCAL_DATE);
            } catch (DateTimeException e) {
                return null;
            }
        }
        return p == DAY_MONTH_YEAR ? written(m.group(1), m.group(2), m.group(3)) : written(m.group(2), m.group(1), m.group(3));
    }

    private static LocalDate written(String day, String month, String year) {
        String shortMonth = month.replace(".", "").substring(0, 3);
        try {
            return LocalDate.parse(day + " " + shortMonth + " " + year, WRITTEN);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The zone stated in {@code text} ("All times UTC", "(PST)", "UTC+2", "+02:00"), or empty. */
    static Optional<ZoneId> zoneIn(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = ZONE_WORD.matcher(text);
        while (m.find()) {
            ZoneId zone = zone(m.group(1));
            if (zone != null) {
                return Optional.of(zone);
            }
        }
        return Optional.empty();
    }

    static ZoneId zone(String written) {
        if (written == null) {
            return null;
        }
        String z = written.replaceAll("[()\\s]", "").toUpperCase(Locale.ROOT);
        if (z.isEmpty()) {
            return null;
        }
        ZoneOffset known = ABBREVIATIONS.get(z);
        if (known != null) {
            return known;
        }
        String offset = z.replaceFirst("^(UTC|GMT)", "");
        Matcher m = Pattern.compile("([+-])(\\d{1,2}):?(\\d{2})?").matcher(offset);
        if (!m.matches()) {
            return null;
        }
        try {
            int hours = Integer.parseInt(m.group(2));
            int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int sign = m.group(1).equals("-") ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** A time of day standing at the start of {@code text}, or null. */
    static LocalTime time(String written) {
        if (written == null) {
            return null;
        }
        Matcher m = TIME.matcher(written.strip());
        if (!m.lookingAt()) {
            return null;
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = Integer.parseInt(m.group(2));
        int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (m.group(4) != null) {
            boolean pm = m.group(4).toLowerCase(Locale.ROOT).startsWith("p");
            if (hour < 1 || hour > 12) {
                return null;
            }
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        return LocalTime.of(hour, minute, second);
    }

    /**
     * The moment a timeline line starts with ("14:05 — ...", "**14:05** ...", "2015-10-21 14:05 UTC: ...",
     * "Oct 21, 2:05 pm PST - ..."), or empty when the line does not start with a time (a date alone is
     * not a moment). An ISO instant ("2015-10-21T14:05:00Z") is read whole.
     */
    static Optional<Moment> momentAtStart(String line, Integer year) {
        if (line == null) {
            return Optional.empty();
        }
        Matcher iso = Pattern.compile("^[\\s*_`]*(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2}))[\\s*_`]*(?:[:\\-–—|]\\s*)?")
                .matcher(line);
        if (iso.lookingAt()) {
            try {
                OffsetDateTime at = OffsetDateTime.parse(iso.group(1).replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2"));
                return Optional.of(new Moment(at.toLocalDate(), at.toLocalTime(), at.getOffset(), line.substring(iso.end()).strip()));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
        Matcher m = MOMENT_START.matcher(line);
        if (!m.lookingAt() || m.group("time") == null) {
            return Optional.empty();
        }
        LocalTime time = time(m.group("time"));
        if (time == null) {
            return Optional.empty();
        }
        LocalDate date = m.group("date") == null ? null : date(m.group("date"), year);
        ZoneId zone = m.group("zone") == null ? null : zone(m.group("zone"));
        return Optional.of(new Moment(date, time, zone, line.substring(m.end()).strip()));
    }

    /** The longest duration a postmortem is taken to state; longer ones are mistakes. */
    static final Duration LONGEST = Duration.ofDays(1000);

    /** A written duration ("2h 5m", "68 minutes", "1 hour and 31 minutes", "PT1H5M"), or null. */
    static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.toUpperCase(Locale.ROOT).startsWith("PT") || t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(t.split("\\s")[0]);
            } catch (DateTimeException | ArithmeticException e) {
                // not ISO; read as words below
            }
        }
        Matcher hm = Pattern.compile("^(\\d{1,3}):(\\d{2})(?::(\\d{2}))?$").matcher(t);
        if (hm.matches()) {
            return Duration.ofHours(Integer.parseInt(hm.group(1))).plusMinutes(Integer.parseInt(hm.group(2)))
                    .plusSeconds(hm.group(3) == null ? 0 : Integer.parseInt(hm.group(3)));
        }
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        boolean any = false;
        while (m.find()) {
            if (total.compareTo(LONGEST) > 0) {
                return total;
            }
            double amount = Double.parseDouble(m.group(1).replace(',', '.'));
            String unit = m.group(2).toLowerCase(Locale.ROOT);
            long seconds = switch (unit.charAt(0)) {
                case 'd' -> 86_400;
                case 'h' -> 3_600;
                case 'm' -> 60;
                default -> 1;
            };
            // Amounts too large for a Duration give the longest one (callers refuse anything past LONGEST).
            double part = Math.min(amount * seconds, (double) LONGEST.getSeconds() * 2);
            total = total.plusSeconds(Math.round(part));
            any = true;
        }
        return any ? total : null;
    }

    /** The instant a date, a time and a zone name together. */
    static Instant at(LocalDate date, LocalTime time, ZoneId zone) {
        return date.atTime(time).atZone(zone).toInstant();
    }
}
