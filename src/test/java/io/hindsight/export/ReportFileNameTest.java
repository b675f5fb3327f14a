package io.hindsight.export;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File names are ASCII, recognisable, and safe in a header, a zip and a file system. */
class ReportFileNameTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Checkout timed out after the 09:25 deploy | 42-checkout-timed-out-after-the-09-25-deploy.md",
            "Ünïcödé — Zahlungen / 50% down!          | 42-unicode-zahlungen-50-down.md",
            "\"quoted\"; filename=evil.sh             | 42-quoted-filename-evil-sh.md",
            "../../etc/passwd                         | 42-etc-passwd.md",
            "数据库宕机                                 | 42-incident.md",
            "---                                      | 42-incident.md",
    })
    void aTitleBecomesAShortAsciiSlug(String title, String fileName) {
        assertEquals(fileName, ReportFileName.of(42, title.strip()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"A very long title that goes on and on about the many things that went wrong on that day in March",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void longTitlesAreCutAtAWordWhereTheyCanBe(String title) {
        String slug = ReportFileName.slug(title);
        assertTrue(slug.length() <= 60, slug);
        assertTrue(slug.matches("[a-z0-9]+(-[a-z0-9]+)*"), slug);
    }
}
