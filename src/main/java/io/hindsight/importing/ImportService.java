package io.hindsight.importing;

import io.hindsight.account.User;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.actionitem.ActionItemDraft;
import io.hindsight.actionitem.ActionItemService;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.NotificationMessages;
import io.hindsight.notify.Outbox;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.postmortem.PostmortemTemplate;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns an import {@link MarkdownImport.Result} into an incident with its postmortem, timeline and action items. */
@ApplicationScoped
public class ImportService {

    /** The template an imported postmortem is started from; its starter text is replaced by the file's sections. */
    static final String TEMPLATE = "general";

    @Inject
    IncidentService incidents;

    @Inject
    PostmortemService postmortems;

    @Inject
    ActionItemService actionItems;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    NotificationMessages messages;

    /** An import checked against the people Hindsight knows: what {@link #preview} shows and {@link #create} stores. */
    public record Plan(MarkdownImport.Result parsed, String markdown, List<String> owners, List<String> warnings, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }

        /** The template the postmortem is started from. */
        public String template() {
            return ImportService.template(parsed);
        }

        /** The titles of the sections the file fills, in template order. */
        public List<String> sections() {
            if (parsed.postmortem() == null) {
                return List.of();
            }
            return parsed.postmortem().bySection().entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(e -> e.getKey().title()).toList();
        }

        /** One line per action item: title, its status (done or not), who will own it, and its tracker link. */
        public List<ActionItemLine> actionItemLines() {
            List<ActionItemLine> lines = new ArrayList<>();
            for (int i = 0; i < parsed.actionItems().size(); i++) {
                MarkdownImport.ImportedActionItem item = parsed.actionItems().get(i);
                lines.add(new ActionItemLine(item.title() + " — " + item.status().label() + " · "
                        + (owners.get(i) == null ? "unassigned" : "owner: " + owners.get(i)), item.trackerUrl()));
            }
            return lines;
        }
    }

    /** What the preview says of one action item, and the issue it is tracked in (null when none). */
    public record ActionItemLine(String text, String trackerUrl) {

    }

    @Inject
    Validator validator;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Plan preview(String fileName, String markdown) {
        MarkdownImport.Result parsed = MarkdownImport.parse(fileName, markdown, clock.instant());
        List<String> owners = new ArrayList<>();
        List<String> warnings = new ArrayList<>(parsed.warnings());
        for (MarkdownImport.ImportedActionItem item : parsed.actionItems()) {
            if (item.owner() == null) {
                owners.add(null);
                continue;
            }
            User owner = owner(item.owner());
            owners.add(owner == null ? null : owner.name);
            if (owner == null) {
                warnings.add("Action item \"" + item.title() + "\": no active user is \"" + item.owner()
                        + "\"; it is left unassigned" + (parsed.export() ? "." : " and the name is kept in its title."));
            }
        }
        if (parsed.template() != null && parsed.postmortem() != null && PostmortemTemplate.findBySlug(parsed.template()).isEmpty()) {
            warnings.add("The template \"" + parsed.template() + "\" is not one Hindsight has; the postmortem is started from \""
                    + TEMPLATE + "\".");
        }
        List<String> errors = new ArrayList<>(parsed.errors());
        if (parsed.incident() != null) {
            validator.validate(parsed.incident().normalized()).forEach(v -> errors.add(v.getMessage()));
            if (parsed.postmortem() != null) {
                validator.validate(parsed.postmortem()).forEach(v -> errors.add(v.getMessage()));
            }
            parsed.timeline().forEach(t -> validator.validate(t).forEach(v -> errors.add("Timeline: " + v.getMessage())));
        }
        return new Plan(parsed, markdown, owners, warnings, errors.stream().distinct().toList());
    }

    /**
     * Creates everything one file describes in one transaction: all of it, or nothing when anything is wrong.
     * Whoever imports a postmortem saved it here, so they are its first contributor. Nothing of it is
     * announced as it happens (it happened long ago): see {@link #announce}.
     */
    @Transactional
    public Incident create(String fileName, String markdown, long importerId) {
        outbox.quiet();
        Plan plan = preview(fileName, markdown);
        MarkdownImport.Result parsed = plan.parsed();
        if (!plan.ok()) {
            throw new InvalidInputException(plan.errors().stream().map(e -> new FieldError("file", e)).toList());
        }
        Incident incident = incidents.create(parsed.incident(), importerId);
        for (TimelineDraft entry : parsed.timeline()) {
            incidents.addTimelineEntry(incident.id, entry);
        }
        if (parsed.postmortem() != null) {
            postmortems.write(incident.id, template(parsed), parsed.postmortem(), importerId);
        }
        for (MarkdownImport.ImportedActionItem imported : parsed.actionItems()) {
            User owner = imported.owner() == null ? null : owner(imported.owner());
            String title = imported.title();
            if (owner == null && imported.owner() != null && !parsed.export()) {
                String named = title + " (owner: " + imported.owner() + ")";
                title = named.length() <= ActionItemReader.TITLE_MAX ? named : title;
            }
            ActionItem item = actionItems.create(incident.id, new ActionItemDraft(title, owner == null ? null : owner.id,
                    imported.dueOn(), imported.priority(), imported.kind(), imported.trackerUrl()));
            if (imported.status() != ActionItem.Status.OPEN) {
                actionItems.setStatus(incident.id, item.id, imported.status(),
                        imported.status() == ActionItem.Status.WONT_DO && imported.reason().isBlank()
                                ? "Imported as won't do; no reason was given." : imported.reason());
            }
        }
        audit.record(importerId, AuditAction.IMPORT_CREATED, AuditSubject.incident(incident.id), fileName == null ? "" : fileName, null);
        return incident;
    }

    /**
     * Announces a finished import once, as imported, to the destinations that hear about new incidents;
     * nothing when {@code announce} is {@link Announce#NONE} or nothing was imported.
     */
    @Transactional
    public void announce(Announce announce, List<Long> incidentIds, long importerId) {
        if (announce != Announce.SUMMARY || incidentIds.isEmpty()) {
            return;
        }
        List<Incident> imported = incidentIds.stream().map(id -> Incident.<Incident>findById(id)).filter(java.util.Objects::nonNull).toList();
        User importer = User.findById(importerId);
        outbox.enqueue(EventKey.INCIDENT_DECLARED, () -> messages.incidentsImported(imported, importer == null ? null : importer.name));
    }

    /** The template the file names when Hindsight has it, else {@link #TEMPLATE}. */
    static String template(MarkdownImport.Result parsed) {
        String named = parsed.template();
        return named != null && PostmortemTemplate.findBySlug(named).isPresent() ? named : TEMPLATE;
    }

    /** The one active user with this email, or else with exactly this name; null when none or several. */
    static User owner(String emailOrName) {
        String wanted = emailOrName.strip();
        if (wanted.contains("@")) {
            return User.findByEmail(wanted).filter(User::isActive).orElse(null);
        }
        List<User> named = User.<User>list("lower(name) = ?1", wanted.toLowerCase(Locale.ROOT)).stream()
                .filter(User::isActive).toList();
        return named.size() == 1 ? named.get(0) : null;
    }
}
