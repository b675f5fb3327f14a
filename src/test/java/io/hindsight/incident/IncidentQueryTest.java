package io.hindsight.incident;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filters, sort and page of the incident list as the page and the API read them from a request. No Quarkus needed. */
class IncidentQueryTest {

    @Test
    void hrefReadsBackAsTheSameQuery() {
        IncidentQuery query = IncidentQuery.lenient("in-review", "sev2", "Look-alike Names", "payments/db", "100% & more",
                "severity", 3, 50);

        assertEquals(query, fromHref(query.href()));
    }

    @Test
    void hrefOfTheDefaultQueryIsThePlainList() {
        IncidentQuery query = IncidentQuery.lenient(null, null, null, null, null, null, null, null);

        assertEquals("/incidents", query.href());
        assertEquals(query, fromHref(query.href()));
    }

    @Test
    void hrefLeavesOutDefaultsAndEncodesValues() {
        IncidentQuery query = IncidentQuery.lenient("resolved", null, "a b&c", null, null, "newest", 1, 20);

        assertEquals("/incidents?status=resolved&tag=a+b%26c", query.href());
    }

    @ParameterizedTest
    @CsvSource({
            "investigating, INVESTIGATING",
            "'  Resolved ', RESOLVED",
            "in-review, IN_REVIEW",
            "IN_REVIEW, IN_REVIEW",
            "published, PUBLISHED"})
    void statusIsReadLeniently(String given, IncidentStatus expected) {
        assertEquals(expected, IncidentQuery.lenient(given, null, null, null, null, null, null, null).status());
    }

    @Test
    void valuesThatMeanNothingAreIgnoredRatherThanRefused() {
        IncidentQuery query = IncidentQuery.lenient("on-fire", "sev9", "  ", "", " ", "loudest", null, null);

        assertNull(query.status());
        assertNull(query.severity());
        assertNull(query.tag());
        assertNull(query.service());
        assertNull(query.text());
        assertEquals(IncidentQuery.Sort.NEWEST, query.sort());
        assertFalse(query.isFiltered());
    }

    @Test
    void tagsServicesAndTextAreTrimmedAndLowerCased() {
        IncidentQuery query = IncidentQuery.lenient(null, "SEV1", " Database ", "Payments-API", " Empty Table ", "TITLE", null, null);

        assertEquals(Severity.SEV1, query.severity());
        assertEquals("database", query.tag());
        assertEquals("payments-api", query.service());
        assertEquals("empty table", query.text());
        assertEquals(IncidentQuery.Sort.TITLE, query.sort());
        assertTrue(query.isFiltered());
    }

    @ParameterizedTest
    @CsvSource({
            ",      20",
            "0,     20",
            "-5,    20",
            "1,     1",
            "100,   100",
            "101,   100",
            "10000, 100"})
    void pageSizeDefaultsToTwentyAndIsCappedAtOneHundred(Integer given, int expected) {
        assertEquals(expected, IncidentQuery.lenient(null, null, null, null, null, null, null, given).size());
    }

    @ParameterizedTest
    @CsvSource({
            ",   1",
            "-3, 1",
            "0,  1",
            "7,  7"})
    void pagesStartAtOne(Integer given, int expected) {
        assertEquals(expected, IncidentQuery.lenient(null, null, null, null, null, null, given, null).page());
    }

    @Test
    void changingStatusOrSortGoesBackToTheFirstPage() {
        IncidentQuery query = IncidentQuery.lenient(null, null, "database", null, null, null, 4, 10);

        assertEquals(1, query.withStatus(IncidentStatus.RESOLVED).page());
        assertEquals(1, query.withSort(IncidentQuery.Sort.OLDEST).page());
        assertEquals(5, query.withPage(5).page());
        assertEquals("database", query.withoutStatus().tag(), "other filters are kept");
        assertEquals(10, query.withStatus(IncidentStatus.RESOLVED).size());
    }

    /** Reads a list address back the way the page resource does. */
    private static IncidentQuery fromHref(String href) {
        Map<String, String> params = new HashMap<>();
        int question = href.indexOf('?');
        if (question >= 0) {
            for (String pair : href.substring(question + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return IncidentQuery.lenient(params.get("status"), params.get("severity"), params.get("tag"), params.get("service"),
                params.get("q"), params.get("sort"), integer(params.get("page")), integer(params.get("size")));
    }

    private static Integer integer(String value) {
        return value == null ? null : Integer.valueOf(value);
    }
}
