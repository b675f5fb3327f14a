package io.hindsight.postmortem;

import io.hindsight.incident.Incident;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which template the chooser pre-selects for an incident's words. No Quarkus needed. */
class TemplateSuggestionTest {

    @Test
    void aDatabaseTagSuggestsTheWrongDatabaseTemplate() {
        assertEquals("wrong-database", TemplateSuggestion.forIncident(incident("Site shows no articles", List.of("database"), List.of())));
    }

    @Test
    void aConfigurationWordInTheSummarySuggestsTheWrongDatabaseTemplate() {
        Incident incident = incident("Site shows no articles", List.of(), List.of());
        incident.summary = "A configuration change pointed the site elsewhere.";

        assertEquals("wrong-database", TemplateSuggestion.forIncident(incident));
    }

    @Test
    void backupOrDataLossSuggestsTheDataLossTemplate() {
        assertEquals("data-loss-backups", TemplateSuggestion.forIncident(incident("Restore took nine hours", List.of(), List.of())));
        assertEquals("data-loss-backups", TemplateSuggestion.forIncident(incident("Orders missing", List.of("data-loss"), List.of())));
    }

    @Test
    void signInWordsSuggestTheAuthenticationTemplate() {
        assertEquals("auth-session-token", TemplateSuggestion.forIncident(incident("Users logged out", List.of(), List.of("sso-gateway"))));
        assertEquals("auth-session-token", TemplateSuggestion.forIncident(incident("Expired JWT accepted", List.of(), List.of())));
    }

    @Test
    void authenticationWinsOverDatabaseWhenBothAppear() {
        assertEquals("auth-session-token",
                TemplateSuggestion.forIncident(incident("Session table locked", List.of("database"), List.of())));
    }

    @Test
    void anythingElseGetsTheGeneralTemplate() {
        assertEquals("general", TemplateSuggestion.forIncident(incident("Checkout slow", List.of("latency"), List.of("checkout"))));
    }

    @Test
    void missingTextIsFine() {
        Incident incident = incident(null, List.of(), List.of());
        incident.summary = null;

        assertEquals("general", TemplateSuggestion.forIncident(incident));
    }

    @Test
    void wordsThatOnlyContainASignInWordDoNotSuggestAuthentication() {
        assertEquals("general", TemplateSuggestion.forIncident(incident("Lessons page slow for every author", List.of(), List.of())));
    }

    private static Incident incident(String title, List<String> tags, List<String> services) {
        Incident incident = new Incident();
        incident.title = title;
        incident.summary = "";
        incident.tags = tags;
        incident.affectedServices = services;
        return incident;
    }
}
