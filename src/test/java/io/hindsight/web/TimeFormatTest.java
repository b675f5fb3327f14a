package io.hindsight.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Durations in words and {@code datetime-local} values in a zone. No Quarkus needed. */
class TimeFormatTest {

    @ParameterizedTest
    @CsvSource({
            "PT45S,     45 s",
            "-PT30S,    0 s",
            "PT45M,     45 min",
            "PT2H,      2 h",
            "PT2H5M,    2 h 5 min",
            "PT76H,     3 d 4 h",
            "PT72H30M,  3 d"})
    void durationsReadAsWords(Duration duration, String words) {
        assertEquals(words, TimeFormat.human(duration));
    }

    @Test
    void anUnknownDurationIsADash() {
        assertEquals("—", TimeFormat.human((Duration) null));
    }

    @Test
    void aTypedTimeIsReadInTheGivenZone() {
        assertEquals(Instant.parse("2026-03-14T00:30:00Z"), TimeFormat.parseInput("2026-03-14T09:30", ZoneId.of("Asia/Tokyo")));
        assertEquals(Instant.parse("2026-03-14T09:30:45Z"), TimeFormat.parseInput(" 2026-03-14T09:30:45 ", ZoneOffset.UTC));
    }

    @Test
    void aBlankTimeIsNoTime() {
        assertNull(TimeFormat.parseInput("  ", ZoneOffset.UTC));
        assertNull(TimeFormat.parseInput(null, ZoneOffset.UTC));
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(DateTimeException.class, () -> TimeFormat.parseInput("last tuesday", ZoneOffset.UTC));
        assertThrows(DateTimeException.class, () -> TimeFormat.parseInput("2026-03-14 9:30", ZoneOffset.UTC));
        assertThrows(DateTimeException.class, () -> TimeFormat.parseInput("2026-02-30T09:30:00", ZoneOffset.UTC));
    }

    @Test
    void aDayThatDoesNotExistIsRefused() {
        assertThrows(DateTimeException.class, () -> TimeFormat.parseInput("2026-02-30T09:30", ZoneOffset.UTC));
    }

    @Test
    void formattingForAFormIsTheReverseOfReading() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant instant = Instant.parse("2026-07-01T06:15:00Z");

        assertEquals("2026-07-01T08:15", TimeFormat.formatInput(instant, berlin));
        assertEquals(instant, TimeFormat.parseInput(TimeFormat.formatInput(instant, berlin), berlin));
        assertEquals("", TimeFormat.formatInput(null, berlin));
    }
}
