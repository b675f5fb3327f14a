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
        if (containsAny(words, "auth", "authentication", "jwt", "token", "tokens", "session", "sessions", "login", "logins", "sign-in", "oauth", "sso")) {
            return "auth-session-token";
        }
        if (containsAny(words, "backup", "backups", "restore", "restores", "data-loss", "data loss", "deleted", "lost data")) {
            return "data-loss-backups";
        }
        if (containsAny(words, "database", "databases", "wrong env", "environment", "environments", "misconfig", "misconfiguration", "configuration", "config", "connection string")) {
            return "wrong-database";
        }
        return "general";
    }

    /** Whole words only: "lessons" does not mention "sso", "author" does not mention "auth". */
    private static boolean containsAny(String text, String... needles) {
        for (String needle : needles) {
            if (java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}])" + java.util.regex.Pattern.quote(needle) + "(?![\\p{L}\\p{N}])")
                    .matcher(text).find()) {
                return true;
            }
        }
        return false;
    }
}
