package io.hindsight.alerting;

import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.incident.Severity;
import io.hindsight.security.Secrets;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.validation.Names;
import io.hindsight.validation.StorableText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Admins add alert sources, rotate their secrets, switch them off and on and remove them. A bearer token is made
 * here, shown once and kept only as its hash; PagerDuty's signing secret is issued by PagerDuty, pasted here, kept
 * (the HMAC needs it) and never shown again.
 */
@ApplicationScoped
@Transactional
public class AlertSources {

    static final int MAX_NAME = 100;
    static final int MAX_SECRET = 200;
    private static final Pattern SERVICE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._/-]{0,59}");

    /** The add form as typed. */
    public record Form(String kind, String name, String defaultSeverity, String service, String signingSecret) {
        public static Form blank() {
            return new Form(AlertKind.ALERTMANAGER.name(), "", Severity.SEV3.name(), "", "");
        }
    }

    /**
     * A source just added or given a new secret, with the bearer token to hand to the sender: shown this once.
     *
     * @param token the new bearer token, or null for a PagerDuty source (PagerDuty issues its own secret)
     */
    public record Issued(AlertSource source, String token) {
    }

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AlertSource> all() {
        return AlertSource.list("ORDER BY disabledAt NULLS FIRST, lower(name), id");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<AlertSource> find(long id) {
        return AlertSource.findByIdOptional(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public AlertSource get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("No alert source " + id));
    }

    /** The latest deliveries of a source, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AlertDelivery> latestDeliveries(long sourceId, int limit) {
        return AlertDelivery.<AlertDelivery>find("sourceId = ?1 ORDER BY receivedAt DESC, id DESC", sourceId).page(0, limit).list();
    }

    public Issued add(long actorId, Form form) {
        List<FieldError> errors = new ArrayList<>();
        Optional<AlertKind> kind = AlertKind.parse(form.kind());
        if (kind.isEmpty()) {
            errors.add(new FieldError("kind", "Choose the tool that sends the alerts."));
        }
        String name = form.name() == null ? "" : form.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || !StorableText.storable(name)) {
            errors.add(new FieldError("name", "Name the source (up to " + MAX_NAME + " characters), e.g. Production Alertmanager."));
        } else {
            Names.directionError("name", name).ifPresent(errors::add);
        }
        Severity severity = parseSeverity(form.defaultSeverity());
        if (severity == null) {
            errors.add(new FieldError("defaultSeverity", "Choose the severity of alerts that name none Hindsight knows."));
        }
        String service = form.service() == null ? "" : form.service().strip().toLowerCase(java.util.Locale.ROOT);
        if (!service.isEmpty() && !SERVICE.matcher(service).matches()) {
            errors.add(new FieldError("service", "Service names use letters, digits, '.', '_', '/' and '-' (up to 60)."));
        }
        String signingSecret = form.signingSecret() == null ? "" : form.signingSecret().strip();
        if (!signingSecret.isEmpty()) {
            signingSecretProblem(signingSecret).ifPresent(p -> errors.add(new FieldError("signingSecret", p)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        AlertSource source = new AlertSource();
        source.kind = kind.orElseThrow();
        source.name = name;
        source.defaultSeverity = severity;
        source.service = service;
        source.createdAt = clock.instant();
        source.createdBy = actorId;
        String token = null;
        if (source.kind.signs()) {
            if (!signingSecret.isEmpty()) {
                setSigningSecret(source, signingSecret);
            }
        } else {
            token = newToken(source);
        }
        source.persist();
        audit.record(actorId, AuditAction.ALERT_SOURCE_ADDED, AuditSubject.alertSource(source.id),
                source.kind.path() + " " + source.name + " secret " + source.maskedSecret(), null);
        return new Issued(source, token);
    }

    /**
     * A new bearer token for a source (the old one stops working at once), or, for PagerDuty, the signing secret
     * PagerDuty issued for its subscription.
     */
    public Issued rotate(long actorId, long id, String signingSecret) {
        AlertSource source = get(id);
        String token = null;
        if (source.kind.signs()) {
            String secret = signingSecret == null ? "" : signingSecret.strip();
            Optional<String> problem = secret.isEmpty()
                    ? Optional.of("Paste the signing secret PagerDuty showed for this webhook subscription.")
                    : signingSecretProblem(secret);
            if (problem.isPresent()) {
                throw new InvalidInputException("signingSecret", problem.get());
            }
            setSigningSecret(source, secret);
        } else {
            token = newToken(source);
        }
        audit.record(actorId, AuditAction.ALERT_SOURCE_SECRET_ROTATED, AuditSubject.alertSource(source.id),
                "secret " + source.maskedSecret(), null);
        return new Issued(source, token);
    }

    /** A disabled source's deliveries are refused (410) until it is enabled again; its incidents stay. */
    public AlertSource setDisabled(long actorId, long id, boolean disabled) {
        AlertSource source = get(id);
        if (disabled && source.disabledAt == null) {
            source.disabledAt = clock.instant();
            audit.record(actorId, AuditAction.ALERT_SOURCE_DISABLED, AuditSubject.alertSource(source.id), "", null);
        } else if (!disabled && source.disabledAt != null) {
            source.disabledAt = null;
            audit.record(actorId, AuditAction.ALERT_SOURCE_ENABLED, AuditSubject.alertSource(source.id), "", null);
        }
        return source;
    }

    /** Removes a source, its delivery log and its links to incidents; the incidents it opened stay. */
    public AlertSource remove(long actorId, long id) {
        AlertSource source = get(id);
        audit.record(actorId, AuditAction.ALERT_SOURCE_REMOVED, AuditSubject.alertSource(source.id),
                source.kind.path() + " " + source.name, null);
        source.delete();
        return source;
    }

    private String newToken(AlertSource source) {
        String token = Secrets.random();
        source.tokenHash = Secrets.hash(token);
        source.secretHint = token.substring(token.length() - 4);
        source.secretSetAt = clock.instant();
        return token;
    }

    private void setSigningSecret(AlertSource source, String secret) {
        source.signingSecret = secret;
        source.secretHint = secret.substring(secret.length() - 4);
        source.secretSetAt = clock.instant();
    }

    private static Optional<String> signingSecretProblem(String secret) {
        if (secret.length() < 16 || secret.length() > MAX_SECRET || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.of("That does not look like a PagerDuty signing secret (16 to " + MAX_SECRET
                    + " printable characters, no spaces).");
        }
        return Optional.empty();
    }

    private static Severity parseSeverity(String name) {
        if (name == null) {
            return null;
        }
        for (Severity s : Severity.values()) {
            if (s.name().equals(name.strip())) {
                return s;
            }
        }
        return null;
    }
}
