package io.hindsight.insight;

import io.agroal.api.AgroalDataSource;
import io.hindsight.PortalClient;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.incident.Severity;
import io.hindsight.insight.InsightData.ActionMonth;
import io.hindsight.insight.InsightData.ChecklistRow;
import io.hindsight.insight.InsightData.Ranked;
import io.hindsight.insight.InsightData.Report;
import io.hindsight.insight.InsightData.ResponseMonth;
import io.hindsight.insight.InsightData.SeverityMonth;
import io.hindsight.validation.InvalidInputException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.insight.InsightFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The insights against a history small enough to count by hand (January–March 2001, on a service of its own): every
 * dataset's numbers exactly, medians and 90th percentiles included (PostgreSQL's percentile_cont interpolates: the
 * p90 of 20, 30 and 40 minutes is 38), month boundaries in UTC, each filter, trashed incidents never counted; then the
 * page (well-formed SVG with titles, tables), the CSV files (content, formula cells neutralised) and bad filters.
 */
@QuarkusTest
class InsightsTest {

    private static InsightFixture fixture;
    private static final String RANGE = "from=2001-01-01&to=2001-03-31";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    InsightService insights;

    @Inject
    TestClock clock;

    @BeforeEach
    void history() {
        if (fixture != null) {
            return;
        }
        InsightFixture f = new InsightFixture(dataSource);
        Instant now = clock.instant();
        // January: A on the last half hour of the month, E on the 5th.
        long a = f.incident("SEV1", at("2001-01-31T23:30:00Z"), 10, 30, 60, new String[] {"alpha", "beta"}, f.otherService);
        long e = f.incident("SEV4", at("2001-01-05T00:00:00Z"), 50, 50, 50, new String[] {});
        // February: B at its very first instant, C never mitigated nor resolved, D in its last second.
        long b = f.incident("SEV2", at("2001-02-01T00:00:00Z"), 20, 40, 120, new String[] {"alpha"});
        long c = f.incident("SEV2", at("2001-02-15T12:00:00Z"), 30, null, null, new String[] {"alpha", "gamma"});
        long d = f.incident("SEV3", at("2001-02-28T23:59:59Z"), 40, 100, 200, new String[] {"beta", "=hyperlink"});
        // Never counted in the range: trashed, a second after it, a second before it.
        long trashed = f.incident("SEV1", at("2001-02-10T00:00:00Z"), 1, 1, 1, new String[] {"alpha"});
        f.trash(trashed);
        f.incident("SEV1", at("2001-04-01T00:00:00Z"), 1, 1, 1, new String[] {"alpha"});
        long before = f.incident("SEV3", at("2000-12-31T23:59:59Z"), 1, 1, 1, new String[] {"alpha"});

        f.actionItem(a, "DONE", at("2001-01-31T23:59:00Z"), at("2001-02-01T00:00:00Z"), LocalDate.parse("2001-02-10"));
        f.actionItem(b, "OPEN", at("2001-02-02T10:00:00Z"), null, LocalDate.parse("2001-02-20"));
        f.actionItem(c, "IN_PROGRESS", at("2001-03-01T00:00:00Z"), null, LocalDate.parse("2001-03-31"));
        f.actionItem(d, "WONT_DO", at("2001-03-05T00:00:00Z"), null, LocalDate.parse("2001-03-10"));
        f.actionItem(trashed, "OPEN", at("2001-02-03T00:00:00Z"), null, LocalDate.parse("2001-02-04"));

        f.checklist(a, "general", new String[] {"DONE", "DONE", "NOT_APPLICABLE", "OPEN"},
                new Instant[] {null, now.minus(Duration.ofDays(1)), null, null});
        f.checklist(b, "backups-restore-drills", new String[] {"DONE", "OPEN"}, new Instant[] {now.plus(Duration.ofDays(10)), null});
        f.checklist(before, "general", new String[] {"DONE"}, new Instant[] {now.minus(Duration.ofDays(2))});
        f.checklist(trashed, "general", new String[] {"DONE", "OPEN"}, new Instant[] {now.minus(Duration.ofDays(2)), null});

        f.publishedWithFactors(a, f.factorKey, "unlabelled " + f.service);
        f.publishedWithFactors(b, f.factorKey);
        f.publishedWithFactors(trashed, f.factorKey);
        f.ids.put("A", a);
        f.ids.put("B", b);
        f.ids.put("C", c);
        f.ids.put("D", d);
        f.ids.put("E", e);
        fixture = f;
    }

    private Report report(String severity) {
        return insights.report(InsightFilter.parse("2001-01-01", "2001-03-31", fixture.service, severity, LocalDate.now()));
    }

    @Test
    void incidentsPerMonthBySeverityCountMonthsInUtcAndNeverTheTrash() {
        Report report = report(null);
        assertThat(report.incidents()).isEqualTo(5);
        assertThat(report.severities()).containsExactly(
                new SeverityMonth(YearMonth.of(2001, 1), 1, 0, 0, 1),
                new SeverityMonth(YearMonth.of(2001, 2), 0, 2, 1, 0),
                new SeverityMonth(YearMonth.of(2001, 3), 0, 0, 0, 0));
    }

    @Test
    void responseTimesAreMediansAndNinetiethPercentilesOfTheIncidentsThatGotThere() {
        List<ResponseMonth> months = report(null).responses();
        // January: detect 10 and 50 min, mitigate 30 and 50, resolve 60 and 50.
        assertThat(rounded(months.get(0))).isEqualTo(new ResponseMonth(YearMonth.of(2001, 1), 2,
                min(30), min(46), min(40), min(48), min(55), min(59)));
        // February: detect 20, 30, 40; mitigate 40, 100 (C never was); resolve 120, 200.
        assertThat(rounded(months.get(1))).isEqualTo(new ResponseMonth(YearMonth.of(2001, 2), 3,
                min(30), min(38), min(70), min(94), min(160), min(192)));
        assertThat(months.get(2)).isEqualTo(new ResponseMonth(YearMonth.of(2001, 3), 0, null, null, null, null, null, null));
    }

    @Test
    void actionItemsOpenedDoneAndOverdueByTheirOwnMonths() {
        assertThat(report(null).actions()).containsExactly(
                new ActionMonth(YearMonth.of(2001, 1), 1, 0, 0),
                new ActionMonth(YearMonth.of(2001, 2), 1, 1, 1),
                new ActionMonth(YearMonth.of(2001, 3), 2, 0, 1));
    }

    @Test
    void checklistCompletionInTheRangeAndReverificationsDueWheneverTheIncidentWas() {
        assertThat(report(null).checklists()).containsExactly(
                new ChecklistRow("backups-restore-drills", fixture.checklistName("backups-restore-drills"), 1, 2, 1, 0, 1, 0, 1),
                new ChecklistRow("general", fixture.checklistName("general"), 1, 4, 2, 1, 1, 2, 0));
        assertThat(report(null).checklists().get(1).completionPercent()).isEqualTo(75);
    }

    @Test
    void topFactorsTagsAndServices() {
        Report report = report(null);
        assertThat(report.factors()).containsExactly(new Ranked(fixture.factorLabel, 2), new Ranked("unlabelled " + fixture.service, 1));
        assertThat(report.tags()).containsExactly(new Ranked("alpha", 3), new Ranked("beta", 2), new Ranked("=hyperlink", 1),
                new Ranked("gamma", 1));
        assertThat(report.services()).containsExactly(new Ranked(fixture.service, 5), new Ranked(fixture.otherService, 1));
    }

    @Test
    void eachFilterNarrowsEveryDataset() {
        Report sev2 = report("sev2");
        assertThat(sev2.incidents()).isEqualTo(2);
        assertThat(sev2.severities().get(1)).isEqualTo(new SeverityMonth(YearMonth.of(2001, 2), 0, 2, 0, 0));
        assertThat(sev2.actions()).extracting(ActionMonth::opened).containsExactly(0L, 1L, 1L);
        assertThat(sev2.tags()).containsExactly(new Ranked("alpha", 2), new Ranked("gamma", 1));

        Report other = insights.report(InsightFilter.parse("2001-01-01", "2001-03-31", fixture.otherService.toUpperCase(), null,
                LocalDate.now()));
        assertThat(other.incidents()).isEqualTo(1);
        assertThat(other.checklists()).extracting(ChecklistRow::items).containsExactly(4L);

        Report february = insights.report(InsightFilter.parse("2001-02-01", "2001-02-28", fixture.service, null, LocalDate.now()));
        assertThat(february.severities()).containsExactly(new SeverityMonth(YearMonth.of(2001, 2), 0, 2, 1, 0));
        assertThat(february.actions()).containsExactly(new ActionMonth(YearMonth.of(2001, 2), 1, 1, 1));
        // The last day of the range is whole: D started in the last second of February.
        Report untilFeb27 = insights.report(InsightFilter.parse("2001-02-01", "2001-02-27", fixture.service, null, LocalDate.now()));
        assertThat(untilFeb27.incidents()).isEqualTo(2);
    }

    @Test
    void badFiltersAreRefusedWithAReasonPerField() {
        LocalDate today = LocalDate.parse("2026-11-28");
        assertThatThrownBy(() -> InsightFilter.parse("2026-13-01", null, null, null, today))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.byField()).containsKey("from"));
        assertThatThrownBy(() -> InsightFilter.parse("2026-03-01", "2026-02-01", null, null, today))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.byField()).containsKey("to"));
        assertThatThrownBy(() -> InsightFilter.parse("2001-01-01", "2026-02-01", null, null, today))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.byField()).containsKey("from"));
        assertThatThrownBy(() -> InsightFilter.parse(null, null, "x".repeat(101), "SEV9", today))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.byField()).containsKeys("service", "severity"));
        InsightFilter defaults = InsightFilter.parse(null, "", " ", "", today);
        assertThat(defaults).isEqualTo(new InsightFilter(LocalDate.parse("2025-12-01"), today, null, null));
        assertThat(defaults.months()).hasSize(12);
        assertThat(InsightFilter.parse(null, null, null, "sev1", today).severity()).isEqualTo(Severity.SEV1);
    }

    @Test
    void thePageDrawsEveryChartAsWellFormedSvgWithATitleAndATableBesideIt() throws Exception {
        Response page = PortalClient.browserAs(Role.VIEWER).get("/insights?" + RANGE + "&service=" + fixture.service);
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.asString();
        List<String> svgs = svgs(html);
        assertThat(svgs).hasSize(11);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        for (String svg : svgs) {
            Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
            assertThat(doc.getDocumentElement().getAttribute("role")).isEqualTo("img");
            assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "title").item(0).getTextContent()).isNotBlank();
            assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "desc").getLength()).isEqualTo(1);
        }
        assertThat(html).contains("<strong>5</strong> incidents in this range");
        assertThat(html).contains("Incidents per month by severity: the numbers");
        // The February row of the severity table, and the page's links to each CSV with the same filter.
        assertThat(html).contains("<th scope=\"row\">2001-02</th><td>0</td><td>2</td><td>1</td><td>0</td><td>3</td>");
        for (InsightDataset dataset : InsightDataset.values()) {
            assertThat(html).contains("href=\"/insights/" + dataset.file() + ".csv?" + RANGE.replace("&", "&amp;") + "&amp;service=" + fixture.service + "\"");
        }
        // A bar's tooltip names its month, series and value.
        assertThat(html).contains("<title>Feb 2001 · SEV2: 2</title>");
    }

    @Test
    void recurrencesAfterFixesListEachFixThatDidNotHoldByTheMonthItWasDone() {
        // A's action item was done at the first instant of February; B started at that same instant (not after it),
        // C two weeks and twelve hours later: C is the recurrence, 14 whole days after. The trashed incident never is.
        Report report = report(null);
        assertThat(report.recurrences()).hasSize(1);
        var r = report.recurrences().get(0);
        assertThat(r.fix().title()).isEqualTo("Add a restore drill");
        assertThat(r.fixedIncidentId()).isEqualTo(fixture.ids.get("A"));
        assertThat(r.recurredIncidentId()).isEqualTo(fixture.ids.get("C"));
        assertThat(r.daysAfter()).isEqualTo(14);
        assertThat(report.recurrenceMonths()).extracting(InsightData.RecurrenceMonth::recurrences).containsExactly(0L, 1L, 0L);
        // A is SEV1: a SEV2 filter leaves no fix of its incidents.
        assertThat(report("SEV2").recurrences()).isEmpty();

        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        String html = viewer.get("/insights?" + RANGE + "&service=" + fixture.service).asString();
        assertThat(html).contains("<th scope=\"row\">2001-02</th><td>1</td>")
                .contains("href=\"/incidents/" + fixture.ids.get("A") + "/action-items#item-" + r.fix().id() + "\"")
                .contains("href=\"/incidents/" + fixture.ids.get("C") + "\"")
                .contains("recurred 14 days after <em>Add a restore drill</em> was done");
        String csv = viewer.get("/insights/recurrences.csv?" + RANGE + "&service=" + fixture.service).asString();
        assertThat(csv.split("\r\n")).containsExactly(
                "Fix done on,Kind,Fix,Fixed incident,Fixed incident title,Recurred as incident,Recurred incident title,Recurred on,Days after the fix",
                "2001-02-01,action item,Add a restore drill," + fixture.ids.get("A") + ",Insight fixture," + fixture.ids.get("C")
                        + ",Insight fixture,2001-02-15,14");
        io.restassured.path.json.JsonPath json = PortalClient.apiAs(Role.VIEWER)
                .get("/api/v1/insights?" + RANGE + "&service=" + fixture.service).then().statusCode(200).extract().jsonPath();
        assertThat(json.getList("recurrences_per_month.recurrences", Long.class)).containsExactly(0L, 1L, 0L);
        assertThat(json.getLong("recurrences[0].recurred_incident_id")).isEqualTo(fixture.ids.get("C"));
        assertThat(json.getString("recurrences[0].fix_kind")).isEqualTo("ACTION_ITEM");
        assertThat(json.getLong("recurrences[0].days_after")).isEqualTo(14);
    }

    /**
     * The whole months of a past range are read from the rollups (V24): each write below (insert, update, trash,
     * restore from the Trash, delete; of incidents, action items, checklist items and lesson cards) must show at once.
     * A range cut mid-month reads its edges from the source tables and must agree.
     */
    @Test
    void theRollupsFollowEveryWriteOfIncidentsActionItemsAndChecklists() {
        InsightFixture f = new InsightFixture(dataSource);
        long x = f.incident("SEV2", at("2003-01-10T00:00:00Z"), 10, 20, 30, new String[] {"disk"});
        assertThat(ranked(rollup(f, null).tags())).containsExactly("disk=1");
        assertThat(ranked(rollup(f, null).services())).containsExactly(f.service + "=1");

        f.actionItem(x, "OPEN", at("2003-01-11T00:00:00Z"), null, LocalDate.parse("2003-02-05"));
        assertThat(rollup(f, null).actions()).containsExactly(new ActionMonth(YearMonth.of(2003, 1), 1, 0, 0),
                new ActionMonth(YearMonth.of(2003, 2), 0, 0, 1));
        f.execute("UPDATE action_item SET status = 'DONE', completed_at = ? WHERE incident_id = ?", at("2003-02-06T00:00:00Z"), x);
        assertThat(rollup(f, null).actions()).containsExactly(new ActionMonth(YearMonth.of(2003, 1), 1, 0, 0),
                new ActionMonth(YearMonth.of(2003, 2), 0, 1, 0));

        f.checklist(x, "general", new String[] {"OPEN", "OPEN"}, new Instant[] {null, null});
        f.execute("UPDATE incident_checklist_item SET state = 'DONE' WHERE position = 1 AND checklist_id IN "
                + "(SELECT id FROM incident_checklist WHERE incident_id = ?)", x);
        ChecklistRow general = rollup(f, null).checklists().get(0);
        assertThat(List.of(general.attached(), general.items(), general.done(), general.open())).containsExactly(1L, 2L, 1L, 1L);

        f.publishedWithFactors(x, f.factorKey);
        assertThat(ranked(rollup(f, null).factors())).containsExactly(f.factorLabel + "=1");

        // The incident moves to February, changes severity and tags: its labels and action items follow.
        f.execute("UPDATE incident SET started_at = ?, severity = 'SEV1', tags = '{network}' WHERE id = ?", at("2003-02-03T00:00:00Z"), x);
        Report moved = rollup(f, null);
        assertThat(ranked(moved.tags())).containsExactly("network=1");
        assertThat(moved.checklists()).hasSize(1);
        assertThat(rollup(f, "SEV1").actions().get(0).opened()).isEqualTo(1);
        assertThat(rollup(f, "SEV2").actions().get(0).opened()).isZero();
        assertThat(rollup(f, "SEV2").tags()).isEmpty();

        // The Trash hides everything of the incident; restoring it brings it all back.
        f.trash(x);
        Report trashed = rollup(f, null);
        assertThat(trashed.tags()).isEmpty();
        assertThat(trashed.factors()).isEmpty();
        assertThat(trashed.checklists()).isEmpty();
        assertThat(trashed.actions()).extracting(ActionMonth::opened).containsExactly(0L, 0L);
        f.execute("UPDATE incident SET deleted_at = NULL WHERE id = ?", x);
        assertThat(ranked(rollup(f, null).tags())).containsExactly("network=1");
        assertThat(rollup(f, null).actions().get(0).opened()).isEqualTo(1);

        // A range cut mid-month reads its edges from the source tables: the same numbers.
        Report cut = insights.report(InsightFilter.parse("2003-01-05", "2003-02-10", f.service, null, LocalDate.now()));
        assertThat(ranked(cut.tags())).containsExactly("network=1");
        assertThat(cut.actions()).containsExactly(new ActionMonth(YearMonth.of(2003, 1), 1, 0, 0),
                new ActionMonth(YearMonth.of(2003, 2), 0, 1, 0));
        assertThat(cut.checklists()).hasSize(1);

        f.execute("DELETE FROM action_item WHERE incident_id = ?", x);
        assertThat(rollup(f, null).actions()).extracting(ActionMonth::opened).containsExactly(0L, 0L);
        f.execute("DELETE FROM incident WHERE id = ?", x);
        Report gone = rollup(f, null);
        assertThat(gone.tags()).isEmpty();
        assertThat(gone.services()).isEmpty();
        assertThat(gone.checklists()).isEmpty();
    }

    /**
     * V31: a transaction that writes row by row (as Hibernate flushes) notes each month it touched once and recomputes
     * it once, when it commits; until then the rollups are untouched, and a transaction rolled back leaves nothing.
     */
    @Test
    void aTransactionWritingRowByRowRecomputesEachMonthOnceWhenItCommits() throws SQLException {
        InsightFixture f = new InsightFixture(dataSource);
        long x = f.incident("SEV2", at("2004-03-10T00:00:00Z"), 10, 20, 30, new String[] {"disk"});
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            insertActionItems(c, x, 5);
            assertThat(rows(c, "SELECT rollup, month::text FROM insight_pending WHERE tx = pg_current_xact_id()::text::bigint"))
                    .containsExactly("insight_action_day 2004-03-01");
            assertThat(rows(c, "SELECT coalesce(sum(opened), 0)::text FROM insight_action_day WHERE service = '" + f.service
                    + "' AND day >= DATE '2004-03-01' AND day < DATE '2004-04-01'")).containsExactly("0");
            c.commit();

            insertActionItems(c, x, 3);
            c.rollback();
            assertThat(rows(c, "SELECT count(*)::text FROM insight_pending")).containsExactly("0");
            c.commit();
        }
        Report march = insights.report(InsightFilter.parse("2004-03-01", "2004-03-31", f.service, null, LocalDate.now()));
        assertThat(march.actions()).containsExactly(new ActionMonth(YearMonth.of(2004, 3), 5, 0, 0));
    }

    /**
     * V32: response times and severities of whole past months come from insight_incident_month, with each month's exact
     * percentiles per severity and for all; a range cut mid-month computes its edge months from the incidents, and a
     * change of the detected, mitigated or resolved time, of the severity or of the Trash shows at once.
     */
    @Test
    void responseTimesOfWholeMonthsComeFromTheRollupAndAgreeWithARangeCutMidMonth() {
        InsightFixture f = new InsightFixture(dataSource);
        long p = f.incident("SEV1", at("2006-01-03T00:00:00Z"), 10, 20, 30, new String[] {});
        f.incident("SEV2", at("2006-01-12T00:00:00Z"), 20, 40, 60, new String[] {});
        f.incident("SEV2", at("2006-01-20T00:00:00Z"), 40, null, 100, new String[] {});
        long q = f.incident("SEV3", at("2006-02-01T00:00:00Z"), 5, 5, 5, new String[] {});

        Report whole = insights.report(InsightFilter.parse("2006-01-01", "2006-02-28", f.service, null, LocalDate.now()));
        assertThat(whole.severities()).containsExactly(new SeverityMonth(YearMonth.of(2006, 1), 1, 2, 0, 0),
                new SeverityMonth(YearMonth.of(2006, 2), 0, 0, 1, 0));
        // January: detect 10, 20, 40 (median 20, p90 36); mitigate 20, 40 (30, 38); resolve 30, 60, 100 (60, 92).
        assertThat(rounded(whole.responses().get(0))).isEqualTo(new ResponseMonth(YearMonth.of(2006, 1), 3,
                min(20), min(36), min(30), min(38), min(60), min(92)));
        assertThat(rounded(whole.responses().get(1))).isEqualTo(new ResponseMonth(YearMonth.of(2006, 2), 1,
                min(5), min(5), min(5), min(5), min(5), min(5)));
        // Of one severity: that severity's own percentiles, not those of the month.
        Report sev2 = insights.report(InsightFilter.parse("2006-01-01", "2006-02-28", f.service, "sev2", LocalDate.now()));
        assertThat(sev2.severities().get(0)).isEqualTo(new SeverityMonth(YearMonth.of(2006, 1), 0, 2, 0, 0));
        assertThat(rounded(sev2.responses().get(0))).isEqualTo(new ResponseMonth(YearMonth.of(2006, 1), 2,
                min(30), min(38), min(40), min(40), min(80), min(96)));
        assertThat(sev2.responses().get(1)).isEqualTo(new ResponseMonth(YearMonth.of(2006, 2), 0, null, null, null, null, null, null));

        // Cut mid-month: January from the 10th (the two SEV2 incidents) is read from the incidents themselves.
        Report cut = insights.report(InsightFilter.parse("2006-01-10", "2006-02-28", f.service, null, LocalDate.now()));
        assertThat(cut.severities().get(0)).isEqualTo(new SeverityMonth(YearMonth.of(2006, 1), 0, 2, 0, 0));
        assertThat(rounded(cut.responses().get(0))).isEqualTo(rounded(sev2.responses().get(0)));

        // Writes show at once: a later detection, a severity changed, the Trash.
        f.execute("UPDATE incident SET detected_at = started_at + interval '30 minutes' WHERE id = ?", q);
        f.execute("UPDATE incident SET severity = 'SEV2' WHERE id = ?", p);
        f.trash(q);
        Report after = insights.report(InsightFilter.parse("2006-01-01", "2006-02-28", f.service, null, LocalDate.now()));
        assertThat(after.severities()).containsExactly(new SeverityMonth(YearMonth.of(2006, 1), 0, 3, 0, 0),
                new SeverityMonth(YearMonth.of(2006, 2), 0, 0, 0, 0));
        f.execute("UPDATE incident SET deleted_at = NULL WHERE id = ?", q);
        Report restored = insights.report(InsightFilter.parse("2006-02-01", "2006-02-28", f.service, null, LocalDate.now()));
        assertThat(rounded(restored.responses().get(0))).isEqualTo(new ResponseMonth(YearMonth.of(2006, 2), 1,
                min(30), min(30), min(5), min(5), min(5), min(5)));
    }

    /**
     * V32: re-verifications overdue in months before this one come from insight_reverify_month, this month's and those
     * due within 30 days are read live; unticking an item, moving its date, the incident's severity and the Trash show
     * at once.
     */
    @Test
    void reverificationsDueReadTheRollupForPastMonthsAndFollowEveryWrite() {
        InsightFixture f = new InsightFixture(dataSource);
        Instant now = clock.instant();
        long x = f.incident("SEV2", at("2005-06-01T00:00:00Z"), 10, 20, 30, new String[] {});
        f.checklist(x, "general", new String[] {"DONE", "DONE", "DONE", "DONE", "DONE", "OPEN"},
                new Instant[] {now.minus(Duration.ofDays(70)), now.minus(Duration.ofDays(40)), now.minus(Duration.ofHours(1)),
                        now.plus(Duration.ofDays(5)), now.plus(Duration.ofDays(40)), now.minus(Duration.ofDays(70))});
        assertThat(reverify(f, null)).containsExactly(3L, 1L);

        f.execute("UPDATE incident_checklist_item SET state = 'OPEN' WHERE position = 1 AND checklist_id IN "
                + "(SELECT id FROM incident_checklist WHERE incident_id = ?)", x);
        assertThat(reverify(f, null)).containsExactly(2L, 1L);
        f.execute("UPDATE incident_checklist_item SET reverify_due_at = ? WHERE position = 2 AND checklist_id IN "
                + "(SELECT id FROM incident_checklist WHERE incident_id = ?)", now.plus(Duration.ofDays(10)), x);
        assertThat(reverify(f, null)).containsExactly(1L, 2L);
        f.execute("UPDATE incident_checklist_item SET reverify_due_at = ? WHERE position = 2 AND checklist_id IN "
                + "(SELECT id FROM incident_checklist WHERE incident_id = ?)", now.minus(Duration.ofDays(100)), x);
        assertThat(reverify(f, null)).containsExactly(2L, 1L);

        f.execute("UPDATE incident SET severity = 'SEV1' WHERE id = ?", x);
        assertThat(reverify(f, "sev2")).isEmpty();
        assertThat(reverify(f, "sev1")).containsExactly(2L, 1L);
        f.trash(x);
        assertThat(reverify(f, null)).isEmpty();
        f.execute("UPDATE incident SET deleted_at = NULL WHERE id = ?", x);
        assertThat(reverify(f, null)).containsExactly(2L, 1L);
    }

    /**
     * V35: the days of this month and the next 30 come from insight_reverify_day, only the two days the instant of the
     * request cuts (today, and the 30th day ahead) are read item by item: each side of both cuts counts where it belongs.
     */
    @Test
    void reverificationsDueSplitTodayAndTheThirtiethDayAtTheInstantOfTheRequest() {
        InsightFixture f = new InsightFixture(dataSource);
        Instant now = clock.instant();
        Duration minute = Duration.ofMinutes(1);
        long x = f.incident("SEV3", at("2005-07-01T00:00:00Z"), 10, 20, 30, new String[] {});
        f.checklist(x, "general", new String[] {"DONE", "DONE", "DONE", "DONE", "DONE", "DONE"},
                new Instant[] {now.minus(minute), now.minus(Duration.ofDays(1)), now.plus(minute), now.plus(Duration.ofDays(1)),
                        now.plus(InsightService.DUE_SOON).minus(minute), now.plus(InsightService.DUE_SOON).plus(minute)});
        List<ChecklistRow> rows = insights.report(InsightFilter.parse("2005-07-01", "2005-07-31", f.service, null, LocalDate.now()))
                .checklists();
        assertThat(rows).extracting(ChecklistRow::reverifyOverdue, ChecklistRow::reverifyDueSoon)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 3L));
    }

    /** Overdue and due-soon counts of the fixture's one checklist, or nothing when no row. */
    private List<Long> reverify(InsightFixture f, String severity) {
        List<ChecklistRow> rows = insights.report(InsightFilter.parse("2005-06-01", "2005-06-30", f.service, severity, LocalDate.now()))
                .checklists().stream().filter(r -> r.reverifyOverdue() + r.reverifyDueSoon() > 0).toList();
        return rows.isEmpty() ? List.of() : List.of(rows.get(0).reverifyOverdue(), rows.get(0).reverifyDueSoon());
    }

    /**
     * After a random mix of the writes the portal makes (incidents, action items, checklists and their items, lesson
     * cards: inserted, moved, changed, trashed, restored, deleted), every rollup holds exactly what its row function
     * computes from the source tables now.
     */
    @Test
    void everyRollupEqualsARecomputationAfterRandomWrites() throws SQLException {
        InsightFixture f = new InsightFixture(dataSource);
        java.util.Random random = new java.util.Random(33);
        List<Long> incidents = new ArrayList<>();
        java.util.Set<Long> withChecklist = new java.util.HashSet<>();
        java.util.Set<Long> published = new java.util.HashSet<>();
        String[] severities = {"SEV1", "SEV2", "SEV3", "SEV4"};
        String[] tags = {"disk", "network", "dns"};
        for (int round = 0; round < 60; round++) {
            Instant when = at("2007-01-01T00:00:00Z").plus(Duration.ofHours(random.nextInt(2 * 365 * 24 - 24 * 60)));
            int op = incidents.isEmpty() ? 0 : random.nextInt(12);
            long some = incidents.isEmpty() ? 0 : incidents.get(random.nextInt(incidents.size()));
            switch (op) {
                case 0, 1 -> incidents.add(random.nextBoolean()
                        ? f.incident(severities[random.nextInt(4)], when, random.nextInt(60), random.nextBoolean() ? null : 60 + random.nextInt(60),
                                120 + random.nextInt(120), new String[] {tags[random.nextInt(3)]}, f.otherService)
                        : f.incident(severities[random.nextInt(4)], when, random.nextInt(60), 60, random.nextBoolean() ? null : 500,
                                new String[] {tags[random.nextInt(3)], tags[random.nextInt(3)]}));
                case 2 -> f.execute("UPDATE incident SET started_at = ?, detected_at = ? WHERE id = ?", when, when.plusSeconds(random.nextInt(5000)), some);
                case 3 -> f.execute("UPDATE incident SET severity = ?, affected_services = " + (random.nextBoolean()
                        ? "ARRAY['" + f.service + "']" : "ARRAY['" + f.service + "', '" + f.otherService + "']") + " WHERE id = ?",
                        severities[random.nextInt(4)], some);
                case 4 -> f.execute("UPDATE incident SET deleted_at = CASE WHEN deleted_at IS NULL THEN now() END WHERE id = ?", some);
                case 5 -> f.actionItem(some, random.nextBoolean() ? "DONE" : "OPEN", when, random.nextBoolean() ? when.plusSeconds(86_400 * 20) : null,
                        LocalDate.ofInstant(when, java.time.ZoneOffset.UTC).plusDays(random.nextInt(90)));
                case 6 -> f.execute("UPDATE action_item SET status = 'DONE', completed_at = ? WHERE incident_id = ?", when, some);
                case 7 -> {
                    if (withChecklist.add(some)) {
                        f.checklist(some, random.nextBoolean() ? "general" : "backups-restore-drills",
                                new String[] {"DONE", random.nextBoolean() ? "DONE" : "OPEN", "NOT_APPLICABLE"},
                                new Instant[] {when, when.plus(Duration.ofDays(random.nextInt(400))), null});
                    }
                }
                case 8 -> f.execute("UPDATE incident_checklist_item SET state = CASE WHEN state = 'DONE' THEN 'OPEN' ELSE 'DONE' END, "
                        + "reverify_due_at = ? WHERE checklist_id IN (SELECT id FROM incident_checklist WHERE incident_id = ?) AND position = 1",
                        when, some);
                case 9 -> {
                    f.execute("DELETE FROM incident_checklist WHERE incident_id = ?", some);
                    withChecklist.remove(some);
                }
                case 10 -> {
                    if (published.add(some)) {
                        f.publishedWithFactors(some, f.factorKey);
                    }
                }
                default -> {
                    f.execute("DELETE FROM incident WHERE id = ?", some);
                    incidents.remove(Long.valueOf(some));
                    withChecklist.remove(some);
                }
            }
        }
        String services = "service IN ('" + f.service + "', '" + f.otherService + "')";
        String span = "TIMESTAMPTZ '2007-01-01 00:00Z', TIMESTAMPTZ '2009-01-01 00:00Z'";
        String months = " AND month >= DATE '2007-01-01' AND month < DATE '2009-01-01' ORDER BY 1, 2, 3, 4, 5";
        try (Connection c = dataSource.getConnection()) {
            assertThat(rows(c, "SELECT * FROM insight_incident_month WHERE " + services + months))
                    .isNotEmpty()
                    .isEqualTo(rows(c, "SELECT * FROM insight_incident_rows(" + span + ", NULL, NULL) WHERE " + services + months));
            assertThat(rows(c, "SELECT * FROM insight_reverify_month WHERE " + services + months))
                    .isEqualTo(rows(c, "SELECT * FROM insight_reverify_rows(" + span + ") WHERE " + services + months));
            assertThat(rows(c, "SELECT * FROM insight_label_month WHERE " + services + months))
                    .isNotEmpty()
                    .isEqualTo(rows(c, "SELECT * FROM insight_label_rows(" + span + ", NULL, NULL) WHERE " + services + months));
            assertThat(rows(c, "SELECT * FROM insight_checklist_month WHERE " + services + months))
                    .isEqualTo(rows(c, "SELECT * FROM insight_checklist_rows(" + span + ", NULL, NULL) WHERE " + services + months));
            String days = " AND day >= DATE '2007-01-01' AND day < DATE '2009-01-01' ORDER BY 1, 2, 3";
            assertThat(rows(c, "SELECT * FROM insight_action_day WHERE " + services + days))
                    .isNotEmpty()
                    .isEqualTo(rows(c, "SELECT * FROM insight_action_rows(" + span + ") WHERE " + services + days));
            String dueDays = " AND day >= DATE '2007-01-01' AND day < DATE '2009-01-01' ORDER BY 1, 2, 3, 4";
            assertThat(rows(c, "SELECT * FROM insight_reverify_day WHERE " + services + dueDays))
                    .isEqualTo(rows(c, "SELECT * FROM insight_reverify_day_rows(" + span + ") WHERE " + services + dueDays));
        }
    }

    /**
     * V35: an incident trashed while one of its checklist items is ticked in another transaction. The months a change
     * touches are read at commit under the incident's lock, so whichever transaction commits first — and when both
     * reach their commit at the same moment — the checklist and re-verification rollups end equal to a recomputation.
     * The tick defers its search refresh, as a bulk write does: otherwise both would update the incident's search
     * document, and that row alone would make the tick wait for the trash.
     */
    @Test
    void trashingAnIncidentWhileItsItemIsTickedLeavesNoMonthStale() throws Exception {
        InsightFixture f = new InsightFixture(dataSource);
        Instant due = at("2008-05-20T00:00:00Z");

        // The tick commits between the trash and the trash's commit.
        long x = f.incident("SEV2", at("2008-03-10T00:00:00Z"), 10, 20, 30, new String[] {});
        f.checklist(x, "general", new String[] {"OPEN"}, new Instant[] {null});
        try (Connection trash = dataSource.getConnection(); Connection tick = dataSource.getConnection()) {
            trash.setAutoCommit(false);
            tick.setAutoCommit(false);
            update(trash, "UPDATE incident SET deleted_at = now() WHERE id = ?", x, null);
            deferSearch(tick);
            update(tick, TICK, x, due);
            tick.commit();
            trash.commit();
        }
        assertRollupsEqualRecomputation(f, "2008");
        assertThat(reverifyRollup(f, "2008-05-01")).isEmpty();

        // Both commit at once: the trash's commit is held inside its recompute (the test holds a month lock it needs)
        // while the tick commits; the tick must wait for the trash and then see it.
        long y = f.incident("SEV2", at("2008-03-12T00:00:00Z"), 10, 20, 30, new String[] {});
        f.checklist(y, "general", new String[] {"OPEN"}, new Instant[] {null});
        java.util.concurrent.ExecutorService commits = java.util.concurrent.Executors.newFixedThreadPool(2);
        String labelMonth = "hashtext('insight_label_month'), DATE '2008-03-01' - DATE '1970-01-01'";
        try (Connection holder = dataSource.getConnection()) {
            rows(holder, "SELECT pg_advisory_lock(" + labelMonth + ")");
            try (Connection trash = dataSource.getConnection(); Connection tick = dataSource.getConnection()) {
                trash.setAutoCommit(false);
                tick.setAutoCommit(false);
                long trashPid = Long.parseLong(rows(trash, "SELECT pg_backend_pid()::text").get(0));
                long tickPid = Long.parseLong(rows(tick, "SELECT pg_backend_pid()::text").get(0));
                update(trash, "UPDATE incident SET deleted_at = now() WHERE id = ?", y, null);
                deferSearch(tick);
                update(tick, TICK, y, due);
                java.util.concurrent.Future<?> trashed = commits.submit(() -> {
                    trash.commit();
                    return null;
                });
                awaitAdvisoryWait(holder, trashPid, trashed);
                assertThat(trashed).isNotDone();
                java.util.concurrent.Future<?> ticked = commits.submit(() -> {
                    tick.commit();
                    return null;
                });
                awaitAdvisoryWait(holder, tickPid, ticked);
                rows(holder, "SELECT pg_advisory_unlock(" + labelMonth + ")");
                trashed.get(30, java.util.concurrent.TimeUnit.SECONDS);
                ticked.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                rows(holder, "SELECT pg_advisory_unlock_all()");
            }
        } finally {
            commits.shutdownNow();
        }
        assertRollupsEqualRecomputation(f, "2008");
        assertThat(reverifyRollup(f, "2008-05-01")).isEmpty();

        // Restored from the Trash, both ticked items count again.
        f.execute("UPDATE incident SET deleted_at = NULL WHERE id IN (?, ?)", x, y);
        assertRollupsEqualRecomputation(f, "2008");
        assertThat(reverifyRollup(f, "2008-05-01")).containsExactly(f.service + " 2008-05-01 SEV2 general 2");
    }

    private static final String TICK = "UPDATE incident_checklist_item SET state = 'DONE', changed_at = now(), reverify_due_at = ? "
            + "WHERE checklist_id IN (SELECT id FROM incident_checklist WHERE incident_id = ?)";

    private static void deferSearch(Connection c) throws SQLException {
        rows(c, "SELECT set_config('hindsight.search_deferred', 'on', true)");
    }

    private static void update(Connection c, String sql, long id, Instant due) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int k = 1;
            if (due != null) {
                s.setTimestamp(k++, java.sql.Timestamp.from(due));
            }
            s.setLong(k, id);
            s.executeUpdate();
        }
    }

    /** Until the backend {@code pid} waits for an advisory lock, or its commit has finished (then nothing waits). */
    private static void awaitAdvisoryWait(Connection observer, long pid, java.util.concurrent.Future<?> commit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!commit.isDone() && !rows(observer, "SELECT 1 FROM pg_stat_activity WHERE pid = " + pid
                + " AND wait_event_type = 'Lock' AND wait_event = 'advisory'").equals(List.of("1"))) {
            assertThat(System.nanoTime()).as("backend %d waiting for a lock", pid).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private List<String> reverifyRollup(InsightFixture f, String month) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return rows(c, "SELECT * FROM insight_reverify_month WHERE service = '" + f.service + "' AND month = DATE '" + month + "'");
        }
    }

    private void assertRollupsEqualRecomputation(InsightFixture f, String year) throws SQLException {
        String services = "service IN ('" + f.service + "', '" + f.otherService + "')";
        String span = "TIMESTAMPTZ '" + year + "-01-01 00:00Z', TIMESTAMPTZ '" + year + "-12-31 00:00Z' + interval '1 day'";
        String months = " AND month >= DATE '" + year + "-01-01' AND month <= DATE '" + year + "-12-01' ORDER BY 1, 2, 3, 4, 5";
        try (Connection c = dataSource.getConnection()) {
            assertThat(rows(c, "SELECT * FROM insight_reverify_month WHERE " + services + months))
                    .isEqualTo(rows(c, "SELECT * FROM insight_reverify_rows(" + span + ") WHERE " + services + months));
            assertThat(rows(c, "SELECT * FROM insight_checklist_month WHERE " + services + months))
                    .isEqualTo(rows(c, "SELECT * FROM insight_checklist_rows(" + span + ", NULL, NULL) WHERE " + services + months));
            assertThat(rows(c, "SELECT * FROM insight_incident_month WHERE " + services + months))
                    .isEqualTo(rows(c, "SELECT * FROM insight_incident_rows(" + span + ", NULL, NULL) WHERE " + services + months));
        }
    }

    private static void insertActionItems(Connection c, long incident, int count) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO action_item (incident_id, title, priority, status, kind, created_at, updated_at)
                VALUES (?, 'Add a restore drill', 'P2', 'OPEN', 'PREVENT', TIMESTAMPTZ '2004-03-11 00:00Z', now())""")) {
            for (int i = 0; i < count; i++) {
                s.setLong(1, incident);
                s.executeUpdate();
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private Report rollup(InsightFixture f, String severity) {
        return insights.report(InsightFilter.parse("2003-01-01", "2003-02-28", f.service, severity, LocalDate.now()));
    }

    private static List<String> ranked(List<Ranked> ranked) {
        return ranked.stream().map(r -> r.label() + "=" + r.incidents()).toList();
    }

    @Test
    void anUnknownDatasetIsNotFound() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        assertThat(viewer.get("/insights/no-such-dataset.csv?" + RANGE).statusCode()).isEqualTo(404);
        assertThat(viewer.get("/insights/tags.csv?" + RANGE).statusCode()).isEqualTo(200);
    }

    @Test
    void csvFilesHoldTheTableAndNeutraliseFormulaCells() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        Response tags = viewer.get("/insights/tags.csv?" + RANGE + "&service=" + fixture.service);
        assertThat(tags.statusCode()).isEqualTo(200);
        assertThat(tags.contentType()).startsWith("text/csv");
        assertThat(tags.header("Content-Disposition")).contains("hindsight-tags-2001-01-01-to-2001-03-31.csv");
        assertThat(tags.asString()).isEqualTo("Tag,Incidents\r\nalpha,3\r\nbeta,2\r\n'=hyperlink,1\r\ngamma,1\r\n");

        String times = viewer.get("/insights/response-times.csv?" + RANGE + "&service=" + fixture.service).asString();
        assertThat(times.split("\r\n")).containsExactly(
                "Month,Incidents,Detect median (min),Detect p90 (min),Mitigate median (min),Mitigate p90 (min),Resolve median (min),Resolve p90 (min)",
                "2001-01,2,30.0,46.0,40.0,48.0,55.0,59.0",
                "2001-02,3,30.0,38.0,70.0,94.0,160.0,192.0",
                "2001-03,0,,,,,,");

        String factors = viewer.get("/insights/contributing-factors.csv?" + RANGE + "&service=" + fixture.service).asString();
        assertThat(factors).contains("'" + fixture.factorLabel + ",2\r\n");
        assertThat(CsvFile.neutralise("+1")).isEqualTo("'+1");
        assertThat(CsvFile.neutralise("-1")).isEqualTo("'-1");
        assertThat(CsvFile.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvFile.of(new InsightDataset.Table(List.of("a"), List.of(List.of("say \"hi\", then go")))))
                .isEqualTo("a\r\n\"say \"\"hi\"\", then go\"\r\n");
    }

    @Test
    void anEmptyRangeInvitesRatherThanDrawingEmptyCharts() {
        String html = PortalClient.browserAs(Role.VIEWER).get("/insights?from=1971-01-01&to=1971-06-30").asString();
        assertThat(html).contains("No incidents in this range").doesNotContain("<svg");
        // A dataset without rows in a range with incidents says so instead of drawing an empty chart.
        String sev4 = PortalClient.browserAs(Role.VIEWER).get("/insights?" + RANGE + "&service=" + fixture.service + "&severity=SEV4").asString();
        assertThat(sev4).contains("None of these incidents is tagged.").contains("No checklists were attached to these incidents.");
        assertThat(svgs(sev4)).hasSize(6);
    }

    @Test
    void badFiltersOnThePageAndTheCsvAre400WithTheReason() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        Response page = viewer.get("/insights?from=yesterday&severity=SEV9&service=billing");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.asString()).contains("from is a date like 2026-03-14 (year-month-day).").contains("Severity is SEV1, SEV2, SEV3 or SEV4")
                .contains("value=\"yesterday\"").contains("value=\"billing\"").doesNotContain("<svg");
        Response csv = viewer.get("/insights/tags.csv?from=2001-01-01&to=2000-01-01");
        assertThat(csv.statusCode()).isEqualTo(400);
        assertThat(csv.asString()).contains("The end of the range comes before its start.");
    }

    @Test
    void theApiAnswersTheSameNumbersAndRefusesBadFiltersWithAProblem() {
        io.restassured.path.json.JsonPath json = PortalClient.apiAs(Role.VIEWER)
                .get("/api/v1/insights?" + RANGE + "&service=" + fixture.service + "&severity=sev2")
                .then().statusCode(200).extract().jsonPath();
        assertThat(json.getString("filter.severity")).isEqualTo("SEV2");
        assertThat(json.getLong("incidents")).isEqualTo(2);
        assertThat(json.getList("incidents_by_severity.sev2", Long.class)).containsExactly(0L, 2L, 0L);
        assertThat(json.getDouble("response_times[1].detect_p90_minutes")).isEqualTo(29.0);
        assertThat(json.getList("tags.label")).containsExactly("alpha", "gamma");
        PortalClient.apiAs(Role.VIEWER).get("/api/v1/insights?from=2001-01-01&to=2000-01-01")
                .then().statusCode(400).contentType("application/problem+json");
    }

    /**
     * One statement per dataset, whatever the range: the page and the API run the monthly incidents, the top lists,
     * the action items, the checklists (completion, re-verifications and names together) and the recurrences; a CSV
     * file only its own. The page's layout runs its own on top; the session check runs none (it is kept).
     */
    @Test
    void thePageTheApiAndEachCsvRunOneStatementPerDataset() {
        PortalClient viewer = PortalClient.browserAs(Role.VIEWER);
        String query = RANGE + "&service=" + fixture.service;
        long page = fewest(() -> viewer.get("/insights?" + query));
        long pageCut = fewest(() -> viewer.get("/insights?from=2000-12-15&to=2001-03-10&service=" + fixture.service));
        long csv = fewest(() -> viewer.get("/insights/checklists.csv?" + query));
        java.util.Iterator<io.restassured.specification.RequestSpecification> programs =
                java.util.stream.Stream.generate(() -> PortalClient.apiAs(Role.VIEWER)).limit(3).toList().iterator();
        long json = fewest(() -> programs.next().get("/api/v1/insights?" + query));
        assertThat(csv).as("statements of one CSV file").isEqualTo(1);
        // The page: its five datasets and what the page's layout runs, at most five (some of it kept between
        // requests): 10 at most; 12 when the checklist table took three statements. The same with a range cut
        // mid-month at both ends.
        assertThat(page).as("statements of the page").isLessThanOrEqualTo(10);
        assertThat(pageCut).as("statements with a range cut mid-month").isLessThanOrEqualTo(10);
        assertThat(json).as("statements of the API, against the page's %d", page).isLessThanOrEqualTo(page);
    }

    private static long fewest(java.util.function.Supplier<Response> request) {
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            io.hindsight.SqlStatements.Counted<Response> counted = io.hindsight.SqlStatements.during(request);
            assertThat(counted.result().statusCode()).isEqualTo(200);
            fewest = Math.min(fewest, counted.statements());
        }
        return fewest;
    }

    @Test
    void theHeaderLinksToInsights() {
        assertThat(PortalClient.browserAs(Role.VIEWER).get("/").asString()).contains("<a href=\"/insights\"");
    }

    /** percentile_cont interpolates in floating point: compared to the millisecond. */
    private static ResponseMonth rounded(ResponseMonth m) {
        return new ResponseMonth(m.month(), m.incidents(), ms(m.detectMedian()), ms(m.detectP90()), ms(m.mitigateMedian()),
                ms(m.mitigateP90()), ms(m.resolveMedian()), ms(m.resolveP90()));
    }

    private static Double ms(Double seconds) {
        return seconds == null ? null : Math.round(seconds * 1000) / 1000.0;
    }

    private static Double min(double minutes) {
        return minutes * 60;
    }

    private static List<String> svgs(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
