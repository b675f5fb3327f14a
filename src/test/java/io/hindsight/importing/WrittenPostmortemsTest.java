package io.hindsight.importing;

import io.hindsight.actionitem.ActionItem;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.postmortem.Section;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real public postmortems (see src/test/resources/importing/README.md) import with their dates,
 * timelines and action items as structure, their sections in place and their headings in order.
 */
class WrittenPostmortemsTest {

    static final Instant NOW = Instant.parse("2026-11-26T06:00:00Z");

    static String fixture(String name) {
        try (InputStream in = WrittenPostmortemsTest.class.getResourceAsStream("/importing/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MarkdownImport.Result imported(String name) {
        MarkdownImport.Result r = MarkdownImport.parse(name, fixture(name), NOW);
        assertTrue(r.ok(), r.errors()::toString);
        return r;
    }

    @Test
    void aTimelineTableWithFullDatesAndAnActionList() {
        MarkdownImport.Result r = imported("dfds-pm2021-009.md");

        assertEquals("All services returning 404 in Kubernetes", r.incident().title());
        assertEquals(13, r.timeline().size());
        assertEquals(Instant.parse("2021-09-01T11:34:00Z"), r.timeline().get(0).occurredAt());
        assertEquals("Malformed IngressRoute applied to Kubernetes", r.timeline().get(0).description());
        assertEquals(Instant.parse("2021-09-06T09:20:00Z"), r.timeline().get(12).occurredAt());
        // "Time to recovery: 68 minutes" is 08:00 → 09:08 in the table; "Time to detection: 5 minutes" follows.
        assertEquals(Instant.parse("2021-09-06T08:00:00Z"), r.incident().startedAt());
        assertEquals(Instant.parse("2021-09-06T09:08:00Z"), r.incident().resolvedAt());
        assertEquals(Instant.parse("2021-09-06T08:05:00Z"), r.incident().detectedAt());
        assertEquals(6, r.actionItems().size());
        assertEquals("Upgrade Traefik to v2.5 where bug is fixed and verify that it removes the bug", r.actionItems().get(0).title());
        assertTrue(r.actionItems().stream().allMatch(a -> a.status() == ActionItem.Status.OPEN));
        assertEquals(List.of("Summary → Summary", "Timeline → Timeline", "Contributing Factors → Learn", "Action Items → Fix",
                "Lessons Learned → Learn"), r.mappedHeadings());
        assertEquals(List.of("Attendees", "Stats"), r.unmappedHeadings());
        assertEquals("All times in UTC.", r.postmortem().timelineNotes(), "the table became entries; the zone line stays");
        assertTrue(r.postmortem().learn().contains("### Imported sections that could not be mapped\n\n#### Attendees\n\n- RR, EC, PW, WC"));
        assertFalse(r.postmortem().fix().contains("Upgrade Traefik"), "the action list became action items");
        assertFalse(r.warnings().stream().anyMatch(w -> w.contains("time of the import")), r.warnings()::toString);
    }

    @Test
    void boldTimelineLinesUnderDateHeadingsAndLinkedActionItems() {
        MarkdownImport.Result r = imported("rust-crates-io-2020-02-20.md");

        assertEquals("crates.io incident report for 2020-02-20", r.incident().title(), "title from the TOML front matter");
        assertEquals(17, r.timeline().size());
        TimelineDraft first = r.timeline().get(0);
        assertEquals(Instant.parse("2020-02-20T21:17:00Z"), first.occurredAt());
        assertTrue(first.description().startsWith("the authors of kaze"), first.description());
        assertEquals(Instant.parse("2020-02-21T09:27:00Z"), r.timeline().get(14).occurredAt(), "the second date heading");
        assertEquals(Instant.parse("2020-02-20T21:17:00Z"), r.incident().startedAt());
        assertEquals(Instant.parse("2020-02-21T14:10:00Z"), r.incident().resolvedAt());
        assertEquals(5, r.actionItems().size());
        assertEquals("Add simple logging when we start the index publishing process.", r.actionItems().get(0).title());
        assertEquals("https://github.com/rust-lang/crates.io/issues/2226", r.actionItems().get(0).trackerUrl());
        assertTrue(r.actionItems().get(1).title().length() <= 200);
        assertTrue(r.mappedHeadings().contains("Resolution → Fix"), r.mappedHeadings()::toString);
        assertTrue(r.mappedHeadings().contains("Root cause of the outage → Learn"), r.mappedHeadings()::toString);
        assertTrue(r.mappedHeadings().contains("Affected crates → Impact"), r.mappedHeadings()::toString);
        assertEquals(List.of(), r.unmappedHeadings());
        assertTrue(r.postmortem().summary().startsWith("On 2020-02-20 at 21:28 UTC"), r.postmortem().summary());
        assertFalse(r.postmortem().timelineNotes().contains("### 2020-02-20"), "date headings were read as days");
    }

    @Test
    void timesPastMidnightMoveToTheNextDayAndTheDateComesFromTheTitle() {
        MarkdownImport.Result r = imported("rust-crates-io-2018-10-15.md");

        assertEquals(12, r.timeline().size());
        assertEquals(Instant.parse("2018-10-15T20:09:00Z"), r.incident().startedAt());
        assertEquals(Instant.parse("2018-10-16T00:40:00Z"), r.timeline().get(11).occurredAt());
        assertEquals(Instant.parse("2018-10-16T00:40:00Z"), r.incident().resolvedAt());
        assertEquals(List.of("Root Cause → Learn", "Action Taken → Fix", "Timeline of events → Timeline", "Future measures → Fix",
                "Background → Summary", "Conclusion → Share"), r.mappedHeadings());
        assertTrue(r.actionItems().isEmpty(), "its future measures are prose, not a list");
        assertTrue(r.postmortem().fix().contains("introducing rate limiting"));
        assertTrue(r.postmortem().bySection().get(Section.TIMELINE).isEmpty(), r.postmortem().timelineNotes());
    }

    @Test
    void aBulletedTimelineWithLinksAndActionItemsGroupedByState() {
        MarkdownImport.Result r = imported("posthog-2025-09-29-flags-is-down.md");

        assertEquals("PostHog Feature Flags Service Outage - September 29, 2025", r.incident().title());
        // Eight timed lines, split into four lists by screenshots and a log excerpt; the date is the title's.
        assertEquals(8, r.timeline().size(), r.timeline()::toString);
        assertEquals(Instant.parse("2025-09-29T16:58:00Z"), r.timeline().get(0).occurredAt());
        assertEquals(Instant.parse("2025-09-29T18:46:00Z"), r.timeline().get(7).occurredAt());
        assertEquals(Instant.parse("2025-09-29T16:58:00Z"), r.incident().startedAt());
        assertEquals(Instant.parse("2025-09-29T18:46:00Z"), r.incident().resolvedAt());
        TimelineDraft deploy = r.timeline().get(1);
        assertEquals(Instant.parse("2025-09-29T17:02:00Z"), deploy.occurredAt());
        assertEquals("[Unrelated deployment](https://github.com/PostHog/posthog/pull/38686) reduces database connection timeout "
                + "from 1s to 300ms", deploy.description(), "the link keeps its address");
        assertEquals("Service fully restored", r.timeline().get(7).description());
        assertFalse(r.warnings().stream().anyMatch(w -> w.contains("time of the import") || w.contains("no time zone")),
                r.warnings()::toString);
        assertTrue(r.postmortem().timelineNotes().contains("Failed to create database pools"), "the log excerpt stays text");

        List<MarkdownImport.ImportedActionItem> items = r.actionItems();
        assertEquals(9, items.size(), items::toString);
        // "### Immediate Actions (Completed)": done.
        assertEquals("Database connection timeouts moved to runtime configuration", items.get(0).title());
        assertEquals(ActionItem.Status.DONE, items.get(0).status());
        assertTrue(items.get(0).done());
        assertEquals(ActionItem.Status.DONE, items.get(1).status());
        assertNull(items.get(0).trackerUrl());
        // "### Short-term Improvements ([Follow along here](…/issues/39133))": open, tracked in that issue.
        for (MarkdownImport.ImportedActionItem item : items.subList(2, 6)) {
            assertEquals(ActionItem.Status.OPEN, item.status(), item::toString);
            assertFalse(item.done());
            assertEquals("https://github.com/PostHog/posthog/issues/39133", item.trackerUrl(), item::toString);
        }
        assertTrue(items.get(3).title().startsWith("Circuit breaker implementation: Adding circuit breakers"), items.get(3).title());
        assertFalse(items.stream().anyMatch(i -> i.title().contains("http") || i.title().contains("**")), items::toString);
        // "### Long-term Improvements (Q4 2025 - Q1 2026)": open, no tracker.
        for (MarkdownImport.ImportedActionItem item : items.subList(6, 9)) {
            assertEquals(ActionItem.Status.OPEN, item.status(), item::toString);
            assertNull(item.trackerUrl(), item::toString);
        }
        assertEquals("Quarterly incident response drills to ensure operational readiness", items.get(8).title());

        assertEquals(List.of("Summary → Summary", "Timeline → Timeline", "Root Cause Analysis → Learn", "Impact → Impact",
                "Remediation → Fix", "Lessons Learned → Learn"), r.mappedHeadings());
        assertEquals(List.of(), r.unmappedHeadings());
        assertTrue(r.postmortem().summary().contains("https://github.com/PostHog/incidents-analysis/pull/120"), r.postmortem().summary());
        assertFalse(r.postmortem().fix().contains("Timeout values increased"), "the lists became action items");
    }

    @Test
    void linksInTimelineTablesAndParagraphLinesAreKept() {
        String md = """
                # Queue stalled on 2024-05-02

                ## Timeline (UTC)

                | Time | Event |
                | --- | --- |
                | 09:00 | [Deploy 41](https://ci.example/builds/41) rolled out |
                | 09:05 | Queue depth alert, see <https://grafana.example/d/queue> |

                ## Follow-up

                - [ ] Add a canary
                """;
        MarkdownImport.Result r = MarkdownImport.parse("q.md", md, NOW);
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(2, r.timeline().size());
        assertEquals("[Deploy 41](https://ci.example/builds/41) rolled out", r.timeline().get(0).description());
        assertEquals("Queue depth alert, see https://grafana.example/d/queue", r.timeline().get(1).description());
        assertEquals(io.hindsight.incident.TimelineKind.ACTION, r.timeline().get(0).kind());
    }

    @Test
    void actionItemsTakeTheStateTheirHeadingOrLabelNamesAndTheIssueLinkedBesideThem() {
        String md = """
                # Payments were slow

                Date: 2024-06-01

                ## Action items

                ### Already done

                - Raised the pool size ([#812](https://github.com/acme/pay/pull/812))
                - [ ] Check the other pools

                ### Open

                - Add a latency SLO, tracked in https://acme.atlassian.net/browse/PAY-31
                - Alert on pool saturation ([PAY-32](https://acme.atlassian.net/browse/PAY-32)) (owner: Ada)
                - Document the [pool settings](https://wiki.acme.example/pools) for on-call
                - Load test the [checkout path](https://linear.app/acme/issue/ENG-7/load-test-checkout) before Black Friday

                **Done**

                - Paged the database team
                - Rolled back the config — done

                ## Next steps

                Completed:

                | Action | Owner |
                | --- | --- |
                | Rotate the credentials | Sam |

                Still to do:

                1. Retire the old cluster (https://gitlab.example/ops/infra/-/issues/77)
                - [x] Tell support
                """;
        MarkdownImport.Result r = MarkdownImport.parse("p.md", md, NOW);
        assertTrue(r.ok(), r.errors()::toString);
        List<MarkdownImport.ImportedActionItem> items = r.actionItems();
        assertEquals(List.of("Raised the pool size", "Check the other pools", "Add a latency SLO",
                "Alert on pool saturation", "Document the pool settings for on-call",
                "Load test the checkout path before Black Friday", "Paged the database team", "Rolled back the config",
                "Rotate the credentials", "Retire the old cluster", "Tell support"), items.stream().map(i -> i.title()).toList());
        assertEquals(List.of(ActionItem.Status.DONE, ActionItem.Status.OPEN, ActionItem.Status.OPEN, ActionItem.Status.OPEN,
                ActionItem.Status.OPEN, ActionItem.Status.OPEN, ActionItem.Status.DONE, ActionItem.Status.DONE,
                ActionItem.Status.DONE, ActionItem.Status.OPEN, ActionItem.Status.DONE), items.stream().map(i -> i.status()).toList());
        assertEquals(java.util.Arrays.asList("https://github.com/acme/pay/pull/812", null, "https://acme.atlassian.net/browse/PAY-31",
                "https://acme.atlassian.net/browse/PAY-32", null, "https://linear.app/acme/issue/ENG-7/load-test-checkout", null,
                null, null, "https://gitlab.example/ops/infra/-/issues/77", null), items.stream().map(i -> i.trackerUrl()).toList());
        assertEquals("Ada", items.get(3).owner());
        assertEquals("Sam", items.get(8).owner());
        assertTrue(items.stream().allMatch(i -> i.done() == (i.status() == ActionItem.Status.DONE)));
    }

    @Test
    void sectionsTheIssueNamedFindTheirPlace() {
        for (String h : List.of("Resolution", "Detection", "Trigger", "Data Loss Impact", "Impact on EU customers",
                "Improving Recovery Procedures", "Root causes", "Contributing factors", "What went well", "Where we got lucky",
                "Lessons learned", "Follow-up", "Next steps", "Remediation", "Corrective actions", "Background", "Overview",
                "Executive summary", "Customer impact", "5. Action Items")) {
            assertTrue(MarkdownImport.sectionFor(h) != null, h);
        }
        assertEquals(Section.IMPACT, MarkdownImport.sectionFor("Impact on EU customers"));
        assertEquals(Section.FIX, MarkdownImport.sectionFor("Improving Recovery Procedures"));
        assertEquals(Section.LEARN, MarkdownImport.sectionFor("Trigger"));
        assertNull(MarkdownImport.sectionFor("Attendees"));
    }

    @Test
    void unmappedSectionsKeepTheirChildrenBelowThem() {
        String md = "# Outage\n\n## Appendix\n\nIntro.\n\n### Graphs\n\nA graph.\n\n#### Detail\n\nMore.\n\n## Summary\n\nShort.\n";
        MarkdownImport.Result r = MarkdownImport.parse("x.md", md, NOW);
        assertTrue(r.postmortem().learn().contains("#### Appendix\n\nIntro.\n\n##### Graphs\n\nA graph.\n\n###### Detail\n\nMore."),
                r.postmortem().learn());
        assertEquals("Short.", r.postmortem().summary());
    }

    @Test
    void datesTimelinesAndActionTablesInCommonForms() {
        String md = """
                # Sonnet search was down
                
                **Date:** 21 October 2015
                
                ## Timeline
                
                All times PST.
                
                | Time | What happened |
                | --- | --- |
                | 14:51 | News reports a new sonnet |
                | 14:53 | Traffic rises |
                | 15:10 | Load shed by hand |
                
                ## Action items
                
                | Action Item | Type | Owner | Due | Priority | Bug | Status |
                | --- | --- | --- | --- | --- | --- | --- |
                | Update the playbook | mitigate | jennifer | 2015-11-01 | P1 | [Bug 5554823](https://bugs.example/5554823) | DONE |
                | Add a load test | prevent | @martin | October 30, 2015 | low | n/a | in progress |
                
                ## Follow-up
                
                - [x] Announce it
                - [ ] Plan the capacity (owner: Agoro)
                """;
        MarkdownImport.Result r = MarkdownImport.parse("sonnet.md", md, NOW);
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals(Instant.parse("2015-10-21T22:51:00Z"), r.incident().startedAt(), "14:51 PST");
        assertEquals(Instant.parse("2015-10-21T23:10:00Z"), r.incident().resolvedAt());
        assertEquals(3, r.timeline().size());
        assertEquals(4, r.actionItems().size());
        MarkdownImport.ImportedActionItem first = r.actionItems().get(0);
        assertEquals("Update the playbook", first.title());
        assertEquals(ActionItem.Kind.MITIGATE, first.kind());
        assertEquals("jennifer", first.owner());
        assertEquals(java.time.LocalDate.parse("2015-11-01"), first.dueOn());
        assertEquals(ActionItem.Priority.P1, first.priority());
        assertEquals(ActionItem.Status.DONE, first.status());
        assertEquals("https://bugs.example/5554823", first.trackerUrl());
        MarkdownImport.ImportedActionItem second = r.actionItems().get(1);
        assertEquals("martin", second.owner());
        assertEquals(java.time.LocalDate.parse("2015-10-30"), second.dueOn());
        assertEquals(ActionItem.Priority.P3, second.priority());
        assertEquals(ActionItem.Status.IN_PROGRESS, second.status());
        assertEquals(ActionItem.Status.DONE, r.actionItems().get(2).status());
        assertEquals("Plan the capacity", r.actionItems().get(3).title());
        assertEquals("Agoro", r.actionItems().get(3).owner());
    }

    @Test
    void aDateAloneIsSaidAndNothingStatedIsSaidToo() {
        MarkdownImport.Result dated = MarkdownImport.parse("d.md", "# Old\n\nIncident date(s): October 21, 2015\n\n## Summary\nx\n", NOW);
        assertEquals(Instant.parse("2015-10-21T00:00:00Z"), dated.incident().startedAt());
        assertTrue(dated.warnings().stream().anyMatch(w -> w.contains("Only the day")), dated.warnings()::toString);

        MarkdownImport.Result timed = MarkdownImport.parse("t.md",
                "# Old\n\n- Start time: 2015-10-21 14:05 UTC\n- Time to resolve: 2h 5m\n\n## Summary\nx\n", NOW);
        assertEquals(Instant.parse("2015-10-21T14:05:00Z"), timed.incident().startedAt());
        assertEquals(Instant.parse("2015-10-21T16:10:00Z"), timed.incident().resolvedAt());
    }

    @Test
    void aConfluencePageExportGoesThroughTheSamePipeline() {
        MarkdownImport.Result r = imported("confluence-export.html");

        assertEquals("Checkout returned errors after the certificate expired", r.incident().title());
        assertEquals(4, r.timeline().size());
        assertEquals(Instant.parse("2024-03-14T09:30:00Z"), r.incident().startedAt());
        assertEquals(Instant.parse("2024-03-14T10:22:00Z"), r.incident().resolvedAt());
        assertEquals("Synthetic check alerts the on-call engineer", r.timeline().get(1).description());
        assertEquals(2, r.actionItems().size());
        assertEquals(ActionItem.Status.DONE, r.actionItems().get(0).status());
        assertEquals("Alert 14 days before any certificate expires", r.actionItems().get(1).title());
        assertEquals("Grace Hopper", r.actionItems().get(1).owner());
        assertTrue(r.mappedHeadings().contains("Impact on customers → Impact"), r.mappedHeadings()::toString);
        assertEquals("About *40%* of checkouts failed for 52 minutes.", r.postmortem().impact());
        assertTrue(r.postmortem().learn().contains("Renewal ran on a host that had been **retired**."), r.postmortem().learn());
        assertTrue(r.postmortem().learn().contains("### Why it was not noticed"), r.postmortem().learn());
        assertTrue(r.postmortem().learn().contains("#### Attendees\n\nAda, Grace, Sam\n\n##### Notes"), r.postmortem().learn());
        assertTrue(r.postmortem().summary().contains("`api.shop.example`"), r.postmortem().summary());
        String all = String.join("\n", r.postmortem().bySection().values());
        assertFalse(all.contains("not content") || all.contains("Document generated") || all.contains("Created by"), all);
    }

    @Test
    void aGoogleDocsWebPageGoesThroughTheSamePipeline() {
        MarkdownImport.Result r = imported("google-docs-export.html");

        assertEquals("Search was slow after the index migration", r.incident().title());
        assertEquals(3, r.timeline().size());
        assertEquals(Instant.parse("2025-10-21T14:10:00Z"), r.incident().startedAt(), "07:10 PDT");
        assertEquals(Instant.parse("2025-10-21T16:15:00Z"), r.incident().resolvedAt(), "the time to resolve, 2h 5m, matches 07:10 → 09:15");
        assertEquals(2, r.actionItems().size());
        MarkdownImport.ImportedActionItem gate = r.actionItems().get(0);
        assertEquals("Add a latency gate to the migration job", gate.title());
        assertEquals("Sam Okafor", gate.owner());
        assertEquals(java.time.LocalDate.parse("2025-11-15"), gate.dueOn());
        assertEquals(ActionItem.Status.OPEN, gate.status());
        assertEquals("ada@example.com", r.actionItems().get(1).owner());
        assertEquals(ActionItem.Status.DONE, r.actionItems().get(1).status());
        assertEquals(java.time.LocalDate.parse("2025-11-01"), r.actionItems().get(1).dueOn());
        assertTrue(r.postmortem().summary().contains("the *old* index"), r.postmortem().summary());
        assertTrue(r.postmortem().learn().contains("[search runbook](https://runbooks.example/search)"), r.postmortem().learn());
        assertEquals(List.of(), r.unmappedHeadings());
    }

    @Test
    void exportThenImportKeepsTheTemplateDatesTimelineAndActionItems() {
        io.hindsight.export.FullIncident full = new io.hindsight.export.FullIncident();
        full.postmortem.template.slug = "wrong-database";
        io.hindsight.export.ReportContents contents = full.contents();
        String exported = io.hindsight.export.MarkdownReport.of(contents);
        assertTrue(exported.contains("template: \"wrong-database\""), exported);

        MarkdownImport.Result r = MarkdownImport.parse("full.md", exported, NOW);
        assertTrue(r.ok(), r.errors()::toString);
        assertEquals("wrong-database", r.template());
        assertEquals(contents.incident().startedAt, r.incident().startedAt());
        assertEquals(contents.incident().resolvedAt, r.incident().resolvedAt());
        assertEquals(contents.incident().timeline.size(), r.timeline().size());
        assertEquals(contents.actionItems().size(), r.actionItems().size());
        String again = io.hindsight.export.MarkdownReport.of(ImportedReport.contents(r, io.hindsight.export.FullIncident.GOLDEN_ID,
                java.util.Map.of("Sam Okafor", full.sam)));
        assertTrue(again.contains("template: \"wrong-database\""), again);
    }
}
