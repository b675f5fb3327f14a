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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hindsight.ProblemAssertions.assertProblem;
import static io.hindsight.incident.Incidents.API;
import static io.hindsight.incident.Incidents.countTagged;
import static io.hindsight.incident.Incidents.draftForm;
import static io.hindsight.incident.Incidents.draftJson;
import static io.hindsight.incident.Incidents.read;
import static io.hindsight.incident.Incidents.shortId;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In review and Published are reached only through the review workflow: the incident form and the API refuse them,
 * saying how to get there, and an incident the review has moved stays where the review put it.
 */
@QuarkusTest
class StatusGateTest {

    static final String HOW = "'Published' is reached by publishing the postmortem after review; "
            + "'Postmortem in review' by sending the postmortem for review.";

    @Nested
    class OnThePage {

        @Test
        void theEditFormRefusesPublishedSaysHowAndChangesNothing() {
            long id = draftJson().create();
            String before = read(id).asString();
            FormPage form = PortalClient.browser().open("/incidents/" + id + "/edit");
            Map<String, String> fields = Incidents.editFormValues(form.html());
            fields.put("status", "PUBLISHED");
            fields.put("title", "Published without a review " + shortId());

            Response refused = form.submit("/incidents/" + id + "/edit", fields);

            assertEquals(400, refused.statusCode());
            assertEquals(Optional.of(HOW), Html.fieldError(refused.asString(), "status"));
            assertEquals(Optional.of(fields.get("title")), Html.inputValue(refused.asString(), "title"), "the typed values stay");
            assertEquals(before, read(id).asString(), "nothing was saved");
        }

        @Test
        void theNewFormRefusesInReviewAndRecordsNothing() {
            IncidentFormFields fields = draftForm().set("status", "IN_REVIEW");

            Response refused = PortalClient.browser().open("/incidents/new").submit("/incidents", fields.fields());

            assertEquals(400, refused.statusCode());
            assertEquals(Optional.of(HOW), Html.fieldError(refused.asString(), "status"));
            assertEquals(0, countTagged(fields.get("tags")));
        }

        @Test
        void theFormsOfferOnlyTheStatusesBeforeReview() {
            long id = draftJson().create();
            PortalClient browser = PortalClient.browser();

            assertEquals(List.of("INVESTIGATING", "MITIGATED", "RESOLVED"), options(browser.get("/incidents/new").asString(), "status"));
            assertEquals(List.of("INVESTIGATING", "MITIGATED", "RESOLVED"),
                    options(browser.get("/incidents/" + id + "/edit").asString(), "status"));
        }

        @Test
        void anIncidentInReviewOffersOnlyItsStatusAndKeepsIt() {
            long id = draftJson().status("RESOLVED").create();
            Incidents.movedByReview(id, IncidentStatus.IN_REVIEW);
            PortalClient browser = PortalClient.browser();
            FormPage form = browser.open("/incidents/" + id + "/edit");
            assertEquals(List.of("IN_REVIEW"), options(form.html(), "status"));

            // Editing the rest works, the status stays.
            Map<String, String> fields = Incidents.editFormValues(form.html());
            String title = "Renamed while in review " + shortId();
            fields.put("title", title);
            assertEquals(303, form.submit("/incidents/" + id + "/edit", fields).statusCode());
            read(id).then().body("title", equalTo(title)).body("status", equalTo("IN_REVIEW"));

            // Moving it back by hand is refused.
            FormPage again = browser.open("/incidents/" + id + "/edit");
            Map<String, String> back = Incidents.editFormValues(again.html());
            back.put("status", "RESOLVED");
            Response refused = again.submit("/incidents/" + id + "/edit", back);
            assertEquals(400, refused.statusCode());
            assertTrue(Html.fieldError(refused.asString(), "status").orElse("").startsWith("The status stays 'Postmortem in review'"),
                    refused.asString());
            read(id).then().body("status", equalTo("IN_REVIEW"));
        }
    }

    @Nested
    class InTheApi {

        @Test
        void updatingToPublishedIsAProblemThatSaysHow() {
            IncidentJson draft = draftJson();
            long id = draft.create();
            String before = read(id).asString();

            Response refused = PortalClient.api().body(draft.status("PUBLISHED").body()).put(API + "/" + id);

            assertEquals(HOW, assertProblem(refused, 400, "status").get("status"));
            assertEquals(before, read(id).asString());
        }

        @Test
        void updatingToInReviewIsRefused() {
            IncidentJson draft = draftJson();
            long id = draft.create();

            Response refused = PortalClient.api().body(draft.status("IN_REVIEW").body()).put(API + "/" + id);

            assertEquals(HOW, assertProblem(refused, 400, "status").get("status"));
            read(id).then().body("status", equalTo("INVESTIGATING"));
        }

        @Test
        void recordingAPublishedOrInReviewIncidentIsRefused() {
            for (String status : List.of("PUBLISHED", "IN_REVIEW")) {
                IncidentJson draft = draftJson().status(status);

                Response refused = PortalClient.api().body(draft.body()).post(API);

                assertEquals(HOW, assertProblem(refused, 400, "status").get("status"));
                assertEquals(0, countTagged(draft.tag()), status + " was not recorded");
            }
        }

        @Test
        void aPublishedIncidentCanBeCorrectedButNotMovedBack() {
            IncidentJson draft = draftJson().status("RESOLVED");
            long id = draft.create();
            Incidents.movedByReview(id, IncidentStatus.PUBLISHED);
            String title = "Corrected after publishing " + shortId();

            PortalClient.api().body(draft.status("PUBLISHED").title(title).body()).put(API + "/" + id)
                    .then().statusCode(200).body("status", equalTo("PUBLISHED")).body("title", equalTo(title));

            Response refused = PortalClient.api().body(draft.status("RESOLVED").body()).put(API + "/" + id);
            assertProblem(refused, 400, "status");
            read(id).then().body("status", equalTo("PUBLISHED"));
        }
    }

    /** The values of the option elements of the select named {@code name}, in order. */
    static List<String> options(String html, String name) {
        Matcher select = Pattern.compile("<select[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>(.*?)</select>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(select.find(), "no select " + name);
        List<String> values = new ArrayList<>();
        Matcher option = Pattern.compile("<option value=\"([^\"]*)\"").matcher(select.group(1));
        while (option.find()) {
            values.add(option.group(1));
        }
        return values;
    }
}
