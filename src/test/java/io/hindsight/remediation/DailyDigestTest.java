package io.hindsight.remediation;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.TestClock;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItemService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static io.hindsight.actionitem.ActionItems.added;
import static io.hindsight.actionitem.ActionItems.draft;
import static io.hindsight.actionitem.ActionItems.setStatus;
import static io.hindsight.incident.Incidents.draftJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daily digest keeps chasing fixes after the incident: every pending item that is overdue or
 * due within seven days, never closed ones. (Re-verifications are in IncidentChecklistTest.)
 * Other test classes add items too, so this one only looks for its own.
 */
@QuarkusTest
class DailyDigestTest {

    @Inject
    DailyDigest digest;

    @Inject
    ActionItemService service;

    @Inject
    DigestEvents events;

    @Inject
    TestClock clock;

    long overdue;
    long startedAndOverdue;
    long dueToday;
    long dueInSevenDays;
    long dueInEightDays;
    long undated;
    long doneAndOverdue;
    long wontDoDueTomorrow;
    List<Long> mine;

    @BeforeEach
    void itemsDueAtEveryDistance() {
        TestAccounts.Account owner = TestAccounts.fresh(Role.EDITOR);
        PortalClient browser = PortalClient.browser();
        long incident = draftJson().create();
        LocalDate today = service.today();
        overdue = added(browser, incident, draft().owner(owner.id()).due(today.minusDays(1)));
        startedAndOverdue = added(browser, incident, draft().owner(owner.id()).due(today.minusDays(2)));
        dueToday = added(browser, incident, draft().due(today));
        dueInSevenDays = added(browser, incident, draft().due(today.plusDays(7)));
        dueInEightDays = added(browser, incident, draft().due(today.plusDays(8)));
        undated = added(browser, incident, draft().owner(owner.id()));
        doneAndOverdue = added(browser, incident, draft().due(today.minusDays(3)));
        wontDoDueTomorrow = added(browser, incident, draft().due(today.plusDays(1)));
        setStatus(browser, incident, startedAndOverdue, "IN_PROGRESS", "").then().statusCode(303);
        setStatus(browser, incident, doneAndOverdue, "DONE", "").then().statusCode(303);
        setStatus(browser, incident, wontDoDueTomorrow, "WONT_DO", "Superseded by the new alerting").then().statusCode(303);
        mine = List.of(overdue, startedAndOverdue, dueToday, dueInSevenDays, dueInEightDays, undated, doneAndOverdue,
                wontDoDueTomorrow);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theDigestListsPendingItemsOverdueOrDueWithinSevenDaysOldestFirst() {
        DailyDigest.Due due = digest.announce();

        assertEquals(service.today(), due.day());
        assertEquals(List.of(startedAndOverdue, overdue, dueToday, dueInSevenDays), ours(due));
        assertFalse(due.isEmpty());
    }

    @Test
    void theDigestLeavesOutItemsDueLaterUndatedOrClosed() {
        List<Long> listed = ours(digest.announce());

        Set<Long> left = Set.of(dueInEightDays, undated, doneAndOverdue, wontDoDueTomorrow);
        assertTrue(listed.stream().noneMatch(left::contains), () -> "listed " + listed);
    }

    @Test
    void aDayLaterTheItemDueInEightDaysIsDueWithinSeven() {
        clock.advance(Duration.ofDays(1));

        List<Long> listed = ours(digest.announce());

        assertTrue(listed.contains(dueInEightDays), () -> "listed " + listed);
        assertFalse(listed.contains(doneAndOverdue));
    }

    @Test
    void theDigestIsAnnouncedToListeners() {
        int before = events.digests().size();

        DailyDigest.Due due = digest.announce();

        List<DailyDigest.Due> seen = events.digests();
        assertEquals(before + 1, seen.size(), "one announcement per call");
        assertEquals(ours(due), ours(seen.get(seen.size() - 1)));
    }

    /** This test's items in the digest, in the digest's order. */
    private List<Long> ours(DailyDigest.Due due) {
        return due.actionItems().stream().map(i -> i.id).filter(mine::contains).toList();
    }
}
