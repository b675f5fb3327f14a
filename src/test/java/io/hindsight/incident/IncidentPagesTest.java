package io.hindsight.incident;

import io.hindsight.Html;
import io.hindsight.PortalClient;
import io.hindsight.PortalClient.FormPage;
import io.hindsight.incident.Incidents.IncidentFormFields;
import io.hindsight.incident.Incidents.IncidentJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.incident.Incidents.countTagged;
import static io.hindsight.incident.Incidents.draftForm;
import static io.hindsight.incident.Incidents.draftJson;
import static io.hindsight.incident.Incidents.read;
import static io.hindsight.incident.Incidents.shortId;
import static io.hindsight.incident.Incidents.uniqueTag;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incident pages as a person uses them: list and filter, record, edit, and the timeline. */
@QuarkusTest
class IncidentPagesTest {

    @Nested
    class Listing {

        @Test
        void listShowsTheTableTheFiltersAndTheWayToRecordOne() {
            draftJson().create();

            Response page = PortalClient.browser().get("/incidents");

            assertEquals(200, page.statusCode());
            String html = page.asString();
            assertAll(
                    () -> assertTrue(html.contains("<h1>Incidents</h1>")),
                    () -> assertTrue(html.contains("<table class=\"table incidents\">"), "the incidents table"),
                    () -> assertTrue(html.contains("<form class=\"filters\" method=\"get\" action=\"/incidents\">"), "the filters"),
                    () -> assertTrue(html.contains("aria-label=\"Filter by status\""), "the status tabs"),
                    () -> assertTrue(html.contains("href=\"/incidents/new\""), "the way to record an incident"),
                    () -> assertFalse(html.contains("No incidents yet"), "there is at least one incident"));
        }

        @Test
        void filteringByTagShowsOnlyTheIncidentsWithThatTag() {
            String tag = uniqueTag();
            IncidentJson first = draftJson().tags(tag);
            IncidentJson second = draftJson().tags(tag, "networking");
            IncidentJson other = draftJson();
            first.create();
            second.create();
            other.create();

            String html = PortalClient.browser().get("/incidents?tag=" + tag).asString();

            assertAll(
                    () -> assertTrue(html.contains(first.title())),
                    () -> assertTrue(html.contains(second.title())),
                    () -> assertFalse(html.contains(other.title()), "an incident without the tag is not listed"),
                    () -> assertTrue(html.contains("Showing 1–2 of 2")),
                    () -> assertEquals(Optional.of(tag), Html.inputValue(html, "tag"), "the filter keeps its value"),
                    () -> assertTrue(html.contains("<a href=\"/incidents\">Clear filters</a>")),
                    () -> assertTrue(html.contains(">All <span class=\"count\">2</span></a>"), "the status tab counts the filtered incidents"));
        }

        @Test
        void filteringByStatusAndSeverityNarrowsTheList() {
            String tag = uniqueTag();
            IncidentJson resolvedCritical = draftJson().tags(tag).status("RESOLVED").severity("SEV1");
            IncidentJson resolvedMinor = draftJson().tags(tag).status("RESOLVED").severity("SEV3");
            IncidentJson open = draftJson().tags(tag).status("INVESTIGATING").severity("SEV1");
            resolvedCritical.create();
            resolvedMinor.create();
            open.create();

            String html = PortalClient.browser().get("/incidents?tag=" + tag + "&status=resolved&severity=sev1").asString();

            assertTrue(html.contains(resolvedCritical.title()));
            assertFalse(html.contains(resolvedMinor.title()));
            assertFalse(html.contains(open.title()));
            assertEquals(Optional.of("sev1"), Html.selected(html, "severity"));
        }

        @Test
        void filtersThatMatchNothingSayHowToGetBack() {
            String html = PortalClient.browser().get("/incidents?tag=" + uniqueTag()).asString();

            assertTrue(html.contains("Nothing matches these filters"));
            assertTrue(html.contains("<a href=\"/incidents\">see every incident</a>"));
        }

        @Test
        void pagerLinksToTheNextPageKeepingTheFilters() {
            String tag = uniqueTag();
            for (int i = 0; i < 3; i++) {
                draftJson().tags(tag).create();
            }

            String html = PortalClient.browser().get("/incidents?tag=" + tag + "&size=2").asString();

            assertTrue(html.contains("Showing 1–2 of 3"), html);
            assertTrue(html.contains("<a rel=\"next\" href=\"/incidents?tag=" + tag + "&amp;size=2&amp;after="), html);
        }
    }

    @Nested
    class Recording {

        @Test
        void recordingRedirectsToTheIncidentPage() {
            PortalClient browser = PortalClient.browser();
            FormPage form = browser.open("/incidents/new");
            IncidentFormFields fields = draftForm();

            Response saved = form.submit("/incidents", fields.fields());

            assertEquals(303, saved.statusCode());
            String location = PortalClient.location(saved);
            assertTrue(location.matches("/incidents/\\d+"), location);
            Response shown = browser.follow(saved);
            assertEquals(200, shown.statusCode());
            assertTrue(shown.asString().contains("<h1>" + fields.get("title") + "</h1>"));
            assertEquals(1, countTagged(fields.get("tags")));
        }

        @Test
        void recordingLeavesAFlashThatIsShownOnce() {
            PortalClient browser = PortalClient.browser();

            Response saved = browser.open("/incidents/new").submit("/incidents", draftForm().fields());

            assertNotNull(browser.cookie(PortalClient.FLASH_COOKIE), "the flash travels in a cookie across the redirect");
            String shown = browser.follow(saved).asString();
            assertEquals(Optional.of("Incident recorded. Add to its timeline while it is fresh."), Html.flash(shown));
            String again = browser.get(PortalClient.location(saved)).asString();
            assertEquals(Optional.empty(), Html.flash(again), "a flash is shown once");
        }

        @Test
        void recordedIncidentStoresWhatWasTyped() {
            PortalClient browser = PortalClient.browser();
            IncidentFormFields fields = draftForm().set("tags", "Search, " + uniqueTag()).set("status", "RESOLVED")
                    .set("mitigatedAt", "2026-03-14T10:05").set("resolvedAt", "2026-03-14T11:00");

            Response saved = browser.open("/incidents/new").submit("/incidents", fields.fields());

            long id = Long.parseLong(PortalClient.location(saved).replace("/incidents/", ""));
            read(id).then()
                    .body("title", equalTo(fields.get("title")))
                    .body("severity", equalTo("SEV3"))
                    .body("status", equalTo("RESOLVED"))
                    .body("started_at", equalTo("2026-03-14T09:30:00Z"))
                    .body("detected_at", equalTo("2026-03-14T09:42:00Z"))
                    .body("resolved_at", equalTo("2026-03-14T11:00:00Z"))
                    .body("affected_services", contains("search", "search-index"))
                    .body("tags[0]", equalTo("search"));
        }

        @Test
        void invalidFormComesBackWithMessagesNextToTheFieldsAndTheTypedValues() {
            String tag = uniqueTag();
            IncidentFormFields fields = draftForm()
                    .set("title", "  ")
                    .set("severity", "")
                    .set("summary", "Typed with care <b>and</b> kept.")
                    .set("detectedAt", "2026-03-14T09:00")
                    .set("tags", tag + ", bad tag!");

            Response rejected = PortalClient.browser().open("/incidents/new").submit("/incidents", fields.fields());

            assertEquals(400, rejected.statusCode());
            String html = rejected.asString();
            assertAll(
                    () -> assertTrue(html.contains("Nothing was saved yet")),
                    () -> assertEquals(Optional.of("Give the incident a short title."), Html.fieldError(html, "title")),
                    () -> assertEquals(Optional.of("Choose a severity."), Html.fieldError(html, "severity")),
                    () -> assertEquals(Optional.of("Detection cannot come before the start."), Html.fieldError(html, "detectedAt")),
                    () -> assertTrue(Html.fieldError(html, "tags").orElse("").startsWith("Tags use letters, digits")),
                    () -> assertEquals(Optional.empty(), Html.fieldError(html, "startedAt"), "a valid field has no message"),
                    () -> assertEquals(Optional.of("Typed with care <b>and</b> kept."), Html.textarea(html, "summary")),
                    () -> assertEquals(Optional.of(tag + ", bad tag!"), Html.inputValue(html, "tags")),
                    () -> assertEquals(Optional.of("2026-03-14T09:00"), Html.inputValue(html, "detectedAt")),
                    () -> assertEquals(Optional.of("2026-03-14T09:30"), Html.inputValue(html, "startedAt")),
                    () -> assertEquals(Optional.of("search, search-index"), Html.inputValue(html, "affectedServices")),
                    () -> assertFalse(html.contains("<b>and</b>"), "typed text is escaped, not rendered"));
            assertEquals(0, countTagged(tag), "nothing was recorded");
        }

        @Test
        void unreadableTimeIsReportedNextToItsField() {
            IncidentFormFields fields = draftForm().set("startedAt", "last tuesday");

            Response rejected = PortalClient.browser().open("/incidents/new").submit("/incidents", fields.fields());

            assertEquals(400, rejected.statusCode());
            assertEquals(Optional.of("Use a date and time like 2026-03-14 09:30."), Html.fieldError(rejected.asString(), "startedAt"));
            assertEquals(Optional.of("last tuesday"), Html.inputValue(rejected.asString(), "startedAt"));
        }

        @Test
        void formWithoutTheCsrfTokenIsRefusedAndNothingIsWritten() {
            PortalClient browser = PortalClient.browser();
            browser.open("/incidents/new");
            IncidentFormFields fields = draftForm();

            // The browser has the CSRF cookie, but the (forged) form does not carry the token.
            Response refused = browser.postForm("/incidents", fields.fields());

            assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, "status " + refused.statusCode());
            assertEquals(0, countTagged(fields.get("tags")));
        }

        @Test
        void formWithAWrongCsrfTokenIsRefusedAndNothingIsWritten() {
            PortalClient browser = PortalClient.browser();
            browser.open("/incidents/new");
            IncidentFormFields fields = draftForm();
            Map<String, String> forged = new LinkedHashMap<>(fields.fields());
            forged.put(PortalClient.CSRF_FIELD, "not-the-token");

            Response refused = browser.postForm("/incidents", forged);

            assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, "status " + refused.statusCode());
            assertEquals(0, countTagged(fields.get("tags")));
        }

        @Test
        void formWithoutAnyCsrfCookieIsRefused() {
            IncidentFormFields fields = draftForm();

            Response refused = PortalClient.browser().postForm("/incidents", fields.fields());

            assertTrue(refused.statusCode() >= 400 && refused.statusCode() < 500, "status " + refused.statusCode());
            assertEquals(0, countTagged(fields.get("tags")));
        }

        @Test
        void titleIsEscapedOnTheIncidentPage() {
            long id = draftJson().title("<script>alert(1)</script> " + shortId()).create();

            String html = PortalClient.browser().get("/incidents/" + id).asString();

            assertFalse(html.contains("<script>alert(1)</script>"));
            assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        }
    }

    @Nested
    class Editing {

        @Test
        void editFormShowsWhatIsStored() {
            IncidentJson draft = draftJson().severity("SEV1").status("MITIGATED")
                    .startedAt(Instant.parse("2026-03-14T09:30:00Z")).detectedAt(Instant.parse("2026-03-14T09:42:00Z"))
                    .mitigatedAt(Instant.parse("2026-03-14T10:15:00Z")).services("checkout", "payments");
            long id = draft.create();

            FormPage form = PortalClient.browser().open("/incidents/" + id + "/edit");

            String html = form.html();
            assertAll(
                    () -> assertEquals(Optional.of(draft.title()), Html.inputValue(html, "title")),
                    () -> assertEquals(Optional.of("Checkout requests timed out for some customers."), Html.textarea(html, "summary")),
                    () -> assertEquals(Optional.of("SEV1"), Html.selected(html, "severity")),
                    () -> assertEquals(Optional.of("MITIGATED"), Html.selected(html, "status")),
                    () -> assertEquals(Optional.of("2026-03-14T09:30"), Html.inputValue(html, "startedAt")),
                    () -> assertEquals(Optional.of("2026-03-14T09:42"), Html.inputValue(html, "detectedAt")),
                    () -> assertEquals(Optional.of("2026-03-14T10:15"), Html.inputValue(html, "mitigatedAt")),
                    () -> assertEquals(Optional.of(""), Html.inputValue(html, "resolvedAt")),
                    () -> assertEquals(Optional.of("checkout, payments"), Html.inputValue(html, "affectedServices")),
                    () -> assertEquals(Optional.of(draft.tag()), Html.inputValue(html, "tags")),
                    () -> assertEquals(ZoneOffset.UTC, ZoneId.of(Html.inputValue(html, "zone").orElseThrow()).normalized(),
                            "without a tz cookie the form is in UTC"),
                    () -> assertEquals(Optional.of("0"), Html.inputValue(html, "version")));
        }

        @Test
        void savingTheEditFormUpdatesTheIncident() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage form = browser.open("/incidents/" + id + "/edit");
            Map<String, String> fields = Incidents.editFormValues(form.html());
            String newTitle = "Checkout timeouts traced to a slow lock " + shortId();
            fields.put("title", newTitle);
            fields.put("severity", "SEV1");

            Response saved = form.submit("/incidents/" + id + "/edit", fields);

            assertEquals(303, saved.statusCode());
            assertEquals("/incidents/" + id, PortalClient.location(saved));
            String shown = browser.follow(saved).asString();
            assertTrue(shown.contains("<h1>" + newTitle + "</h1>"));
            read(id).then()
                    .body("title", equalTo(newTitle))
                    .body("severity", equalTo("SEV1"))
                    .body("version", equalTo(1));
        }

        @Test
        void savingTheEditFormSaysSo() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();
            FormPage form = browser.open("/incidents/" + id + "/edit");

            Response saved = form.submit("/incidents/" + id + "/edit", Incidents.editFormValues(form.html()));

            assertEquals(Optional.of("Changes saved."), Html.flash(browser.follow(saved).asString()));
        }

        @Test
        void invalidEditComesBackAndChangesNothing() {
            long id = draftJson().create();
            String before = read(id).asString();
            FormPage form = PortalClient.browser().open("/incidents/" + id + "/edit");
            Map<String, String> fields = Incidents.editFormValues(form.html());
            fields.put("title", "");
            fields.put("summary", "A new summary that must not be saved.");

            Response rejected = form.submit("/incidents/" + id + "/edit", fields);

            assertEquals(400, rejected.statusCode());
            assertEquals(Optional.of("Give the incident a short title."), Html.fieldError(rejected.asString(), "title"));
            assertEquals(Optional.of("A new summary that must not be saved."), Html.textarea(rejected.asString(), "summary"));
            assertEquals(before, read(id).asString());
        }

        @Test
        void editingAnOutdatedVersionIsAConflictAndKeepsTheNewerChange() {
            IncidentJson draft = draftJson();
            long id = draft.create();
            FormPage form = PortalClient.browser().open("/incidents/" + id + "/edit");
            Map<String, String> fields = Incidents.editFormValues(form.html());
            // Someone else saves first, through the API.
            String theirTitle = "Their title " + shortId();
            PortalClient.api().body(draft.title(theirTitle).body()).put(Incidents.API + "/" + id).then().statusCode(200);
            fields.put("title", "My title " + shortId());

            Response conflict = form.submit("/incidents/" + id + "/edit", fields);

            assertEquals(409, conflict.statusCode());
            read(id).then().body("title", equalTo(theirTitle));
        }
    }

    @Nested
    class Timeline {

        @Test
        void addingAndRemovingAMoment() {
            long id = draftJson().startedAt(Instant.parse("2026-03-14T09:30:00Z")).detectedAt(null).create();
            PortalClient browser = PortalClient.browser();
            FormPage page = browser.open("/incidents/" + id);
            String description = "Paged the database on-call " + shortId();

            Response added = page.submit("/incidents/" + id + "/timeline",
                    Map.of("occurredAt", "2026-03-14T09:50", "kind", "COMMUNICATION", "description", description, "zone", "UTC"));

            assertEquals(303, added.statusCode());
            assertTrue(added.header("Location").endsWith("/incidents/" + id + "#timeline"), added.header("Location"));
            String shown = browser.follow(added).asString();
            assertTrue(shown.contains("<p>" + description + "</p>"));
            read(id).then()
                    .body("timeline.occurred_at", contains("2026-03-14T09:50:00Z"))
                    .body("timeline.kind", contains("COMMUNICATION"));

            long entryId = read(id).jsonPath().getLong("timeline[0].id");
            FormPage withEntry = browser.open("/incidents/" + id);
            String deleteAction = "/incidents/" + id + "/timeline/" + entryId + "/delete";
            assertTrue(withEntry.html().contains("action=\"" + deleteAction + "\""), "each entry has its remove form");

            Response removed = withEntry.submit(deleteAction, Map.of());

            assertEquals(303, removed.statusCode());
            String after = browser.follow(removed).asString();
            assertFalse(after.contains(description));
            read(id).then().body("timeline", empty());
        }

        @Test
        void invalidMomentComesBackWithTheMessageAndTheTypedTime() {
            long id = draftJson().create();
            FormPage page = PortalClient.browser().open("/incidents/" + id);

            Response rejected = page.submit("/incidents/" + id + "/timeline",
                    Map.of("occurredAt", "2026-03-14T09:50", "kind", "ACTION", "description", "   ", "zone", "UTC"));

            assertEquals(400, rejected.statusCode());
            assertEquals(Optional.of("Say what happened."), Html.fieldError(rejected.asString(), "description"));
            assertEquals(Optional.of("2026-03-14T09:50"), Html.inputValue(rejected.asString(), "occurredAt"));
            read(id).then().body("timeline", empty());
        }

        @Test
        void removingAnEntryOfAnotherIncidentIsNotFound() {
            long first = draftJson().create();
            long second = draftJson().create();
            IncidentApiTest.addMoment(first, Instant.now().minusSeconds(60), "ACTION", "Restarted.").then().statusCode(201);
            long entryId = read(first).jsonPath().getLong("timeline[0].id");

            Response refused = PortalClient.browser().open("/incidents/" + second)
                    .submit("/incidents/" + second + "/timeline/" + entryId + "/delete", Map.of());

            assertEquals(404, refused.statusCode());
            read(first).then().body("timeline.size()", equalTo(1));
        }
    }

    @Nested
    class TimeZones {

        private static final String STARTED = "2026-03-14T00:30:00Z";

        @Test
        void timesAreShownInTheViewersZoneWithUtcOnHover() {
            long id = draftJson().startedAt(Instant.parse(STARTED)).detectedAt(null).create();

            String html = PortalClient.browser().inZone("Asia/Tokyo").get("/incidents/" + id).asString();

            assertEquals("Sat 14 Mar 2026, 09:30 JST", timeText(html, STARTED));
            assertTrue(html.contains("<time datetime=\"" + STARTED + "\" title=\"2026-03-14 00:30:00 UTC\">"), "UTC on hover");
            assertTrue(html.contains("Times are shown in Asia/Tokyo."));
        }

        @Test
        void withoutAZoneCookieTimesAreShownInUtc() {
            long id = draftJson().startedAt(Instant.parse(STARTED)).detectedAt(null).create();

            String html = PortalClient.browser().get("/incidents/" + id).asString();

            assertTrue(timeText(html, STARTED).startsWith("Sat 14 Mar 2026, 00:30 "), timeText(html, STARTED));
        }

        @Test
        void anUnknownZoneFallsBackToUtc() {
            long id = draftJson().startedAt(Instant.parse(STARTED)).detectedAt(null).create();

            Response page = PortalClient.browser().inZone("Mars/Olympus_Mons").get("/incidents/" + id);

            assertEquals(200, page.statusCode());
            assertTrue(timeText(page.asString(), STARTED).startsWith("Sat 14 Mar 2026, 00:30 "));
        }

        @Test
        void formTimesAreTypedInTheViewersZone() {
            PortalClient browser = PortalClient.browser().inZone("Asia/Tokyo");
            FormPage form = browser.open("/incidents/new");
            assertEquals(Optional.of("Asia/Tokyo"), Html.inputValue(form.html(), "zone"));

            Response saved = form.submit("/incidents", draftForm().set("zone", "Asia/Tokyo")
                    .set("startedAt", "2026-03-14T09:30").set("detectedAt", "2026-03-14T09:45").fields());

            long id = Long.parseLong(PortalClient.location(saved).replace("/incidents/", ""));
            read(id).then()
                    .body("started_at", equalTo(STARTED))
                    .body("detected_at", equalTo("2026-03-14T00:45:00Z"));
            FormPage edit = browser.open("/incidents/" + id + "/edit");
            assertEquals(Optional.of("2026-03-14T09:30"), Html.inputValue(edit.html(), "startedAt"), "shown back in Tokyo time");
        }

        private static String timeText(String html, String iso) {
            Matcher m = Pattern.compile("<time datetime=\"" + Pattern.quote(iso) + "\" title=\"[^\"]*\">([^<]*)</time>").matcher(html);
            assertTrue(m.find(), "no <time> for " + iso);
            return m.group(1);
        }
    }
}
