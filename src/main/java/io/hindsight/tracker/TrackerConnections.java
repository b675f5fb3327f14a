package io.hindsight.tracker;

import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.web.HttpAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Admins connect GitHub Issues and Jira Cloud, change the connection, and disconnect it. Secrets (the
 * API token, the webhook secret) are kept as typed and never shown again: a blank secret field on a
 * change keeps the saved one.
 */
@ApplicationScoped
@Transactional
public class TrackerConnections {

    static final String GITHUB_API = "https://api.github.com";
    static final int MAX_TEXT = 200;
    static final int MAX_SECRET = 2000;
    /** GitHub's own rules: an owner of letters, digits and inner hyphens; a repository name that is not "." or "..". */
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}/(?!\\.{1,2}$)[A-Za-z0-9_.-]{1,100}");
    private static final Pattern PROJECT_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,49}");

    /** The connect form as typed; secrets blank on a page shown again. */
    public record Form(String apiBaseUrl, String project, String accountEmail, String issueType, String doneCategory,
                       String token, String webhookSecret) {

        public static Form of(TrackerKind kind, TrackerConnection saved) {
            if (saved != null) {
                return new Form(saved.apiBaseUrl, saved.project, saved.accountEmail, saved.issueType, saved.doneCategory, "", "");
            }
            return kind == TrackerKind.GITHUB ? new Form(GITHUB_API, "", "", "", "", "", "")
                    : new Form("", "", "", "Task", "done", "", "");
        }

        /** The same form with the secrets left out, to show it again. */
        public Form withoutSecrets() {
            return new Form(apiBaseUrl, project, accountEmail, issueType, doneCategory, "", "");
        }
    }

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<TrackerKind, TrackerConnection> all() {
        Map<TrackerKind, TrackerConnection> all = new EnumMap<>(TrackerKind.class);
        TrackerConnection.<TrackerConnection>listAll().forEach(c -> all.put(c.kind, c));
        return all;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TrackerConnection> get(TrackerKind kind) {
        return TrackerConnection.findByIdOptional(kind);
    }

    /** Connects {@code kind}, or changes its connection. */
    public TrackerConnection save(long actorId, TrackerKind kind, Form form) {
        TrackerConnection existing = TrackerConnection.findById(kind);
        List<FieldError> errors = new ArrayList<>();
        String apiBaseUrl = strip(form.apiBaseUrl());
        String urlProblem = urlProblem(apiBaseUrl, kind);
        if (urlProblem != null) {
            errors.add(new FieldError("apiBaseUrl", urlProblem));
        }
        String project = strip(form.project());
        String accountEmail = "";
        String issueType = "";
        String doneCategory = "";
        if (kind == TrackerKind.GITHUB) {
            if (!REPOSITORY.matcher(project).matches()) {
                errors.add(new FieldError("project", "Name the repository as owner/name, e.g. acme/platform."));
            }
        } else {
            project = project.toUpperCase(Locale.ROOT);
            if (!PROJECT_KEY.matcher(project).matches()) {
                errors.add(new FieldError("project", "Give the project's key, e.g. OPS (letters, digits and _; starts with a letter)."));
            }
            accountEmail = strip(form.accountEmail());
            if (accountEmail.length() > MAX_TEXT || !accountEmail.matches("[^@\\s]+@[^@\\s]+")) {
                errors.add(new FieldError("accountEmail", "Give the email address of the Atlassian account the API token belongs to."));
            }
            issueType = strip(form.issueType());
            if (issueType.isEmpty() || issueType.length() > MAX_TEXT) {
                errors.add(new FieldError("issueType", "Name the issue type to create, e.g. Task."));
            }
            doneCategory = strip(form.doneCategory()).toLowerCase(Locale.ROOT);
            if (doneCategory.isEmpty() || doneCategory.length() > MAX_TEXT || !doneCategory.matches("[a-z0-9_-]+")) {
                errors.add(new FieldError("doneCategory", "Give the status category key that means done; Jira's own is \"done\"."));
            }
        }
        String token = strip(form.token());
        // A saved token is only ever sent to the origin it was typed for: a new scheme, host or port needs it again.
        boolean newOrigin = existing != null && urlProblem == null && !sameOrigin(existing.apiBaseUrl, apiBaseUrl);
        if (token.isEmpty() && newOrigin) {
            errors.add(new FieldError("token", "The API address now points elsewhere: paste the token again for the new address."));
        } else if (token.isEmpty() && existing == null) {
            errors.add(new FieldError("token", kind == TrackerKind.GITHUB
                    ? "Paste a token that may write issues in this repository."
                    : "Paste an API token of the account above."));
        } else if (token.length() > MAX_SECRET || token.chars().anyMatch(Character::isWhitespace)) {
            errors.add(new FieldError("token", "A token has no spaces and is at most " + MAX_SECRET + " characters."));
        }
        String secret = strip(form.webhookSecret());
        if (!secret.isEmpty() && (secret.length() < 16 || secret.length() > MAX_SECRET || secret.chars().anyMatch(Character::isWhitespace))) {
            errors.add(new FieldError("webhookSecret", "Use a random secret of at least 16 characters, without spaces."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Instant now = clock.instant();
        TrackerConnection connection = existing == null ? new TrackerConnection() : existing;
        List<String> changed = new ArrayList<>();
        if (existing != null) {
            note(changed, "address", existing.apiBaseUrl, apiBaseUrl);
            note(changed, "project", existing.project, project);
            note(changed, "account", existing.accountEmail, accountEmail);
            note(changed, "issue type", existing.issueType, issueType);
            note(changed, "done category", existing.doneCategory, doneCategory);
        }
        connection.kind = kind;
        connection.apiBaseUrl = apiBaseUrl;
        connection.project = project;
        connection.accountEmail = accountEmail;
        connection.issueType = issueType;
        connection.doneCategory = doneCategory;
        if (!token.isEmpty()) {
            if (existing != null && !token.equals(existing.token)) {
                changed.add("token " + TrackerConnection.mask(token));
            }
            connection.token = token;
        }
        if (!secret.isEmpty()) {
            if (existing != null && !secret.equals(existing.webhookSecret)) {
                changed.add("webhook secret " + TrackerConnection.mask(secret));
            }
            connection.webhookSecret = secret;
        } else if (existing == null) {
            connection.webhookSecret = "";
        }
        connection.updatedAt = now;
        connection.updatedBy = actorId;
        if (existing == null) {
            connection.createdAt = now;
            connection.persist();
            audit.record(actorId, AuditAction.TRACKER_CONNECTED, AuditSubject.tracker(kind.key()),
                    connection.project + " at " + connection.apiBaseUrl + ", token " + connection.maskedToken()
                            + (connection.webhookSecret.isEmpty() ? ", no webhook secret" : ", webhook secret " + connection.maskedWebhookSecret()), null);
        } else if (!changed.isEmpty()) {
            audit.record(actorId, AuditAction.TRACKER_CHANGED, AuditSubject.tracker(kind.key()), String.join("; ", changed), null);
        }
        return connection;
    }

    /** Forgets the connection and its secrets; issues already linked keep their links, and nothing more is sent. */
    public boolean disconnect(long actorId, TrackerKind kind) {
        TrackerConnection existing = TrackerConnection.findById(kind);
        if (existing == null) {
            return false;
        }
        existing.delete();
        audit.record(actorId, AuditAction.TRACKER_DISCONNECTED, AuditSubject.tracker(kind.key()), existing.project, null);
        return true;
    }

    private static void note(List<String> changed, String what, String before, String after) {
        if (!java.util.Objects.equals(before, after)) {
            changed.add(what + " " + (before == null || before.isEmpty() ? "(none)" : before) + " → " + (after.isEmpty() ? "(none)" : after));
        }
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    /** Why {@code url} cannot be the API's address, or null when it can. */
    /** Whether two API addresses share scheme, host and port (a default port counts as itself). */
    static boolean sameOrigin(String before, String after) {
        try {
            URI a = new URI(before);
            URI b = new URI(after);
            return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                    && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                    && port(a) == port(b);
        } catch (URISyntaxException | RuntimeException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    static String urlProblem(String url, TrackerKind kind) {
        String example = kind == TrackerKind.GITHUB
                ? "e.g. https://api.github.com, or https://github.example.com/api/v3 for GitHub Enterprise Server."
                : "e.g. https://your-team.atlassian.net.";
        if (url.isEmpty() || url.length() > MAX_TEXT) {
            return "Give the API's address, " + example;
        }
        return HttpAddress.problem(url, false).map(problem -> switch (problem) {
            case UNREADABLE -> "That is not a valid address; " + example;
            case NOT_HTTP, NO_HOST -> "The address must start with https:// (or http:// for a server on your own network); " + example;
            case USER_INFO, QUERY, FRAGMENT -> "Give only the address: no user name, ?query or #fragment; " + example;
            case PORT_OUT_OF_RANGE -> "A port is a number from 1 to 65535; " + example;
        }).orElse(null);
    }
}
