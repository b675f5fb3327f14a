package io.hindsight.notify;

import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditSubject;
import io.hindsight.audit.AuditAction;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.validation.Names;
import io.hindsight.web.HttpAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Admins add webhooks, choose their events, and switch them off and on; the URL is never shown again. */
@ApplicationScoped
@Transactional
public class SlackDestinations {

    static final int MAX_NAME = 100;
    static final int MAX_URL = 2000;

    /** The add form as typed; {@code type} is a {@link DestinationType} name or key (blank means Slack). */
    public record Form(String name, String webhookUrl, List<String> events, String type) {
        /** A Slack-compatible destination. */
        public Form(String name, String webhookUrl, List<String> events) {
            this(name, webhookUrl, events, DestinationType.SLACK.name());
        }

        public static Form blank() {
            return new Form("", "", List.of(EventKey.INCIDENT_DECLARED.key(), EventKey.SEVERITY_CHANGED.key(),
                    EventKey.STATUS_CHANGED.key(), EventKey.POSTMORTEM_PUBLISHED.key()));
        }

        public boolean has(String key) {
            return events != null && events.contains(key);
        }
    }

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<SlackDestination> all() {
        return SlackDestination.list("ORDER BY disabledAt NULLS FIRST, lower(name), id");
    }

    public SlackDestination add(long actorId, Form form) {
        List<FieldError> errors = new ArrayList<>();
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "Name the destination (up to " + MAX_NAME + " characters), e.g. #incidents."));
        } else {
            Names.directionError("name", name).ifPresent(errors::add);
        }
        String url = form.webhookUrl() == null ? "" : form.webhookUrl().strip();
        String urlProblem = urlProblem(url);
        if (urlProblem != null) {
            errors.add(new FieldError("webhookUrl", urlProblem));
        }
        List<String> events = events(form.events(), errors);
        DestinationType type = form.type() == null || form.type().isBlank() ? DestinationType.SLACK
                : DestinationType.of(form.type()).or(() -> byName(form.type())).orElse(null);
        if (type == null) {
            errors.add(new FieldError("type", "Choose Slack (or Mattermost, Rocket.Chat) or Microsoft Teams."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        SlackDestination destination = new SlackDestination();
        destination.name = name;
        destination.type = type;
        destination.webhookUrl = url;
        destination.events = events;
        destination.createdAt = clock.instant();
        destination.createdBy = actorId;
        destination.pacedUntil = destination.createdAt;
        destination.persist();
        audit.record(actorId, AuditAction.NOTIFY_DESTINATION_ADDED, AuditSubject.destination(destination.id),
                destination.name + " " + type.key() + " " + destination.maskedUrl() + " " + String.join(",", events), null);
        return destination;
    }

    public SlackDestination setEvents(long actorId, long id, List<String> chosen) {
        SlackDestination destination = get(id);
        List<FieldError> errors = new ArrayList<>();
        List<String> events = events(chosen, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        destination.events = events;
        audit.record(actorId, AuditAction.NOTIFY_DESTINATION_EVENTS, AuditSubject.destination(destination.id),
                String.join(",", events), null);
        return destination;
    }

    /** Disabled destinations get no new messages; their pending ones wait, undelivered, until enabled again. */
    public SlackDestination setDisabled(long actorId, long id, boolean disabled) {
        SlackDestination destination = get(id);
        if (disabled && destination.disabledAt == null) {
            destination.disabledAt = clock.instant();
            audit.record(actorId, AuditAction.NOTIFY_DESTINATION_DISABLED, AuditSubject.destination(destination.id), "", null);
        } else if (!disabled && destination.disabledAt != null) {
            destination.disabledAt = null;
            audit.record(actorId, AuditAction.NOTIFY_DESTINATION_ENABLED, AuditSubject.destination(destination.id), "", null);
        }
        return destination;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SlackDestination get(long id) {
        return SlackDestination.<SlackDestination>findByIdOptional(id).orElseThrow(() -> new NotFoundException("No destination " + id));
    }

    /**
     * Why {@code url} cannot be a webhook, or null when it can: an absolute http(s) URL with a host.
     * Slack's start with https://hooks.slack.com/; Mattermost and Rocket.Chat ones are on your own server;
     * Teams Workflows ones are on a Power Automate or Logic Apps host.
     */
    static String urlProblem(String url) {
        String example = "Paste the whole webhook address, e.g. https://hooks.slack.com/services/…";
        if (url.isEmpty()) {
            return example;
        }
        if (url.length() > MAX_URL) {
            return "That address is longer than " + MAX_URL + " characters.";
        }
        return HttpAddress.problem(url, true).map(problem -> switch (problem) {
            case UNREADABLE -> "That is not a valid address. " + example;
            case NOT_HTTP -> "The address must start with https:// (or http:// for a server on your own network).";
            case NO_HOST -> "The address needs a host name. " + example;
            case PORT_OUT_OF_RANGE -> "A port is a number from 1 to 65535. " + example;
            case USER_INFO -> "Leave the user name and password out of the address.";
            case FRAGMENT, QUERY -> "A webhook address has no #fragment.";
        }).orElse(null);
    }

    private static java.util.Optional<DestinationType> byName(String name) {
        return java.util.Arrays.stream(DestinationType.values()).filter(t -> t.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    private static List<String> events(List<String> chosen, List<FieldError> errors) {
        Set<String> events = new LinkedHashSet<>();
        for (String key : chosen == null ? List.<String>of() : chosen) {
            if (key == null || key.isBlank()) {
                continue;
            }
            if (EventKey.of(key.strip()).isEmpty()) {
                errors.add(new FieldError("events", "Choose events from the list."));
                return List.of();
            }
            events.add(key.strip());
        }
        if (events.isEmpty()) {
            errors.add(new FieldError("events", "Choose at least one event to send."));
        }
        // Stored in the order of the list, whatever order the browser sent.
        return EventKey.all().stream().map(EventKey::key).filter(events::contains).toList();
    }
}
