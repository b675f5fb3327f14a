package io.hindsight.similar;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which title word is searched for across the whole history: the rarest by the statistics, and only when few
 * incidents have it, so that search reads few rows however many incidents are stored.
 */
class RareWordTest {

    private static SimilarIncidents.Word title(String lexeme, int position, double incidents) {
        return new SimilarIncidents.Word(lexeme, List.of(position), true, lexeme, incidents);
    }

    @Test
    void theRarestTitleWordUnderTheLimitIsSearched() {
        assertEquals("'stage'", SimilarIncidents.rare(List.of(title("databas", 3, 8_856), title("stage", 2, 245),
                title("deploy", 5, 6_390), title("use", 4, 280))));
    }

    @Test
    void noWordIsSearchedWhenEveryTitleWordIsCommon() {
        assertEquals("", SimilarIncidents.rare(List.of(title("memori", 1, 6_413), title("exhaust", 2, 6_650),
                title("tls", 7, SimilarIncidents.RARE + 1))));
    }

    @Test
    void wordsOnlyInTheSummaryAreNotSearched() {
        SimilarIncidents.Word summaryOnly = new SimilarIncidents.Word("toner", List.of(12), false, "toner", 3);
        assertEquals("'printer'", SimilarIncidents.rare(List.of(summaryOnly, title("printer", 1, 40))));
    }

    @Test
    void withoutStatisticsTheFirstTitleWordIsSearched() {
        assertEquals("'vault'", SimilarIncidents.rare(List.of(title("rotat", 4, 0), title("vault", 2, 0))));
    }

    @Test
    void aQuoteInTheWordCannotBreakTheQuery() {
        assertEquals("'o''brien'", SimilarIncidents.rare(List.of(title("o'brien", 1, 2))));
    }
}
