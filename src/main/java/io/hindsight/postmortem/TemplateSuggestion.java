package io.hindsight.postmortem;

import io.hindsight.incident.Incident;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Picks the template whose failure pattern an incident's words suggest. */
final class TemplateSuggestion {

    private TemplateSuggestion() {
    }

    static String forIncident(Incident incident) {
        String words = Stream.concat(Stream.concat(incident.tags.stream(), incident.affectedServices.stream()),
                        Stream.of(incident.title, incident.summary))
                .map(s -> s == null ? "" : s.toLowerCase(Locale.ROOT)).collect(Collectors.joining(" "));
        if (containsAny(words, "auth", "jwt", "token", "session", "login", "oauth", "sso")) {
            return "auth-session-token";
        }
        if (containsAny(words, "backup", "restore", "data-loss", "data loss", "deleted", "lost data")) {
            return "data-loss-backups";
        }
        if (containsAny(words, "database", "wrong env", "environment", "misconfig", "configuration", "config", "connection string")) {
            return "wrong-database";
        }
        return "general";
    }

    private static boolean containsAny(String text, String... needles) {
        for (String needle : needles) {
            if (text.contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
