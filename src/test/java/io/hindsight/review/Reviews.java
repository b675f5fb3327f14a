package io.hindsight.review;

import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.User;
import io.hindsight.incident.Incidents;
import io.hindsight.postmortem.Postmortems;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A postmortem on its way through review, as people take it there: the shared editor writes it (so
 * the editor is its contributor), others are asked to review it.
 */
final class Reviews {

    private Reviews() {
    }

    static String page(long incidentId) {
        return "/incidents/" + incidentId + "/postmortem/review";
    }

    /**
     * A resolved incident whose postmortem the shared editor wrote through the API, with an action
     * item: everything publishing needs but the review.
     */
    static long readyForReview() {
        long incidentId = Incidents.draftJson().status("RESOLVED").create();
        Postmortems.put(incidentId, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        PortalClient editor = PortalClient.browser();
        assertEquals(303, editor.open("/incidents/" + incidentId + "/action-items").submit("/incidents/" + incidentId + "/action-items",
                Map.of("title", "Alert on lock waits", "priority", "P2", "kind", "DETECT")).statusCode());
        return incidentId;
    }

    /** The shared editor asks these people to review it. */
    static Response send(long incidentId, TestAccounts.Account... reviewers) {
        String review = page(incidentId);
        List<String> ids = java.util.Arrays.stream(reviewers).map(r -> String.valueOf(r.id())).toList();
        return PortalClient.browser().open(review).submit(review + "/send", Map.of("reviewers", ids));
    }

    /** {@code reviewer} approves ({@code APPROVED}) or asks for changes ({@code CHANGES_REQUESTED}). */
    static Response decide(TestAccounts.Account reviewer, long incidentId, String decision) {
        String review = page(incidentId);
        return signedIn(reviewer).open(review).submit(review + "/decision", Map.of("decision", decision));
    }

    static Response comment(TestAccounts.Account reviewer, long incidentId, String section, String body) {
        String review = page(incidentId);
        return signedIn(reviewer).open(review).submit(review + "/comments", Map.of("section", section, "body", body));
    }

    static PortalClient signedIn(TestAccounts.Account account) {
        return PortalClient.anonymous().signIn(account);
    }

    /** Saves the postmortem through the API as {@code account}, which makes them a contributor. */
    static void editAs(TestAccounts.Account account, long incidentId) {
        String token = io.restassured.RestAssured.given().contentType(ContentType.JSON)
                .body(Map.of("email", account.email(), "password", account.password()))
                .post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
        Map<String, Object> sections = new java.util.LinkedHashMap<>(Postmortems.writtenSectionsJson(null));
        sections.put("impact", "- About 300 customers could not pay for 40 minutes\n- No data was lost");
        PortalClient.anonymousApi().header("Authorization", "Bearer " + token).body(sections)
                .put(Postmortems.api(incidentId)).then().statusCode(200);
    }

    static String name(TestAccounts.Account account) {
        return QuarkusTransaction.requiringNew().call(() -> User.<User>findById(account.id()).name);
    }

    static String names(TestAccounts.Account... accounts) {
        return java.util.Arrays.stream(accounts).map(Reviews::name).collect(Collectors.joining(", "));
    }
}
