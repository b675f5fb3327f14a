package io.hindsight.audit;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.checklist.ChecklistService;
import io.hindsight.incident.Incidents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each action the log gained appears right after someone does it, naming them and its subject: one
 * row of the table per action (review decisions and publishing are in ReviewAuditTest, next to their
 * helpers). Every case works on things of its own, so it reads only its own events.
 */
@QuarkusTest
class AuditedActionsTest {

    @Inject
    ChecklistService checklists;

    /** What the case did: who should be named, about what, and (if it matters) a piece of the detail. */
    record Expected(long actorId, String subject, String detailPart) {
    }

    record Case(AuditAction action, Supplier<Expected> act) {
    }

    @TestFactory
    Stream<DynamicTest> everyActionIsRecordedAfterItHappens() {
        return Stream.of(
                new Case(AuditAction.SESSION_SIGNED_OUT, () -> {
                    TestAccounts.Account account = TestAccounts.fresh(Role.VIEWER);
                    PortalClient browser = PortalClient.anonymous().signIn(account);
                    assertEquals(303, browser.open("/account/sessions").submit("/logout", Map.of()).statusCode());
                    return new Expected(account.id(), AuditSubject.account(account.id()), "session ");
                }),
                new Case(AuditAction.SESSION_REVOKED, () -> {
                    TestAccounts.Account account = TestAccounts.fresh(Role.VIEWER);
                    PortalClient.anonymous().signIn(account);
                    PortalClient here = PortalClient.anonymous().signIn(account);
                    assertEquals(303, here.open("/account/sessions").submit("/account/sessions/revoke-others", Map.of()).statusCode());
                    return new Expected(account.id(), AuditSubject.account(account.id()), "session ");
                }),
                new Case(AuditAction.EXPORT_DOWNLOADED, () -> {
                    long incident = Incidents.draftJson().create();
                    TestAccounts.Account viewer = TestAccounts.fresh(Role.VIEWER);
                    assertEquals(200, PortalClient.anonymous().signIn(viewer).request().accept("text/markdown")
                            .get("/incidents/" + incident + "/export.md").statusCode());
                    return new Expected(viewer.id(), AuditSubject.incident(incident), "");
                }),
                new Case(AuditAction.EXPORT_DOWNLOADED, () -> {
                    long incident = Incidents.draftJson().create();
                    Response exported = PortalClient.apiAs(Role.VIEWER).accept("text/markdown").get("/api/v1/incidents/" + incident + "/export.md");
                    assertEquals(200, exported.statusCode());
                    return new Expected(TestAccounts.of(Role.VIEWER).id(), AuditSubject.incident(incident), "");
                }),
                new Case(AuditAction.EXPORT_BULK, () -> {
                    TestAccounts.Account viewer = TestAccounts.fresh(Role.VIEWER);
                    String tag = Incidents.uniqueTag();
                    Response zip = PortalClient.anonymous().signIn(viewer).request().accept("application/zip")
                            .get("/export/postmortems.zip?published=false&tag=" + tag);
                    assertEquals(200, zip.statusCode());
                    zip.asByteArray();
                    return new Expected(viewer.id(), AuditSubject.export("zip"), "tagged " + tag);
                }),
                new Case(AuditAction.IMPORT_CREATED, () -> {
                    String file = "audited-" + Incidents.shortId() + ".md";
                    Response created = PortalClient.apiAs(Role.EDITOR).contentType("text/markdown").header("X-File-Name", file)
                            .body("# Imported and audited\n\n## What happened\nThe queue backed up.\n")
                            .post("/api/v1/incidents/import");
                    assertEquals(201, created.statusCode(), created::asString);
                    long incident = Long.parseLong(created.header("Location").replaceAll(".*/", ""));
                    return new Expected(TestAccounts.of(Role.EDITOR).id(), AuditSubject.incident(incident), file);
                }),
                new Case(AuditAction.CHECKLIST_TEMPLATE_SAVED, () -> {
                    long admin = TestAccounts.of(Role.ADMIN).id();
                    String name = "Audited checklist " + Incidents.shortId();
                    String slug = checklists.save(admin, null, name, "Changes nobody can trace",
                            List.of(new ChecklistService.ItemDraft("Keep an audit log", "", null, null, false))).slug;
                    return new Expected(admin, AuditSubject.checklist(slug), "version 1: " + name);
                })
        ).map(c -> DynamicTest.dynamicTest(c.action().key(), () -> {
            Expected expected = c.act().get();
            List<AuditEvent> events = QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>list(
                    "subject = ?1 AND action = ?2 ORDER BY id", expected.subject(), c.action().key()));
            AuditEvent event = events.stream().filter(e -> e.actorId != null && e.actorId == expected.actorId())
                    .reduce((first, second) -> second).orElseThrow(() -> new AssertionError(
                            "no " + c.action().key() + " by " + expected.actorId() + " on " + expected.subject() + ": " + events));
            assertAll(
                    () -> assertTrue(event.detail.contains(expected.detailPart()), event.detail),
                    () -> assertTrue(event.occurredAt != null));
        }));
    }
}
