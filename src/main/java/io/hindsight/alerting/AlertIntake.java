package io.hindsight.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.incident.BeforeStart;
import io.hindsight.incident.Incident;
import io.hindsight.incident.IncidentDraft;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.incident.Severity;
import io.hindsight.incident.TimelineDraft;
import io.hindsight.incident.TimelineKind;
import io.hindsight.security.Secrets;
import io.hindsight.validation.Dates;
import io.hindsight.web.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns an alerting tool's delivery into incidents: a firing alert declares one (through {@link IncidentService}, so
 * the usual announcements follow), or, when the sender grouped it with alerts that already opened an incident still
 * being worked on (Alertmanager's and Grafana's groupKey), is added to that incident's timeline. A resolved alert notes
 * it on its incident, and the incident is resolved when the last of its alerts is over (if it is still open). Each
 * alert is known by its source and the sender's own id (the unique {@code alert_link} row), so a retried or concurrent
 * delivery opens nothing twice. Refusals write nothing; accepted deliveries are logged.
 */
@ApplicationScoped
public class AlertIntake {

    /** The advisory lock every delivery takes before it acts: "alerts" in ASCII. */
    static final long INTAKE_LOCK = 0x616c65727473L;

    private static final Logger LOG = Logger.getLogger(AlertIntake.class);
    /** The same tolerance the incident rules allow for a start "in the future". */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    /** What the delivery did, alert by alert. */
    public record Receipt(List<Item> results) {
        /** Whether nothing in it was acted on (only events this intake does not handle): answered 202. */
        public boolean onlyIgnored() {
            return results.stream().allMatch(i -> i.outcome().equals(AlertDelivery.Outcome.IGNORED.key()));
        }
    }

    /**
     * One alert of a delivery: the sender's id, the outcome (opened, added, duplicate, fired-again, resolved, unmatched,
     * ignored) and the incident concerned, left out when there is none.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Item(String externalId, String outcome, Long incidentId) {
    }

    @Inject
    AlertSources sources;

    @Inject
    IncidentService incidents;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    AlertConfig config;

    /**
     * Checks and acts on one delivery to {@code /api/v1/alerts/{kind}/{id}}; every refusal is a {@link Refusal}
     * with its status (404, 413, 401, 410, 400) and nothing written.
     */
    @Transactional
    public Receipt receive(AlertKind kind, long sourceId, byte[] body, String authorization, String signature) {
        AlertSource source = sources.find(sourceId).filter(s -> s.kind == kind).orElseThrow(() -> new Refusal(404,
                "No such alert source", "No " + kind.label() + " source has this address. Copy the address from Admin → "
                + "Integrations → Alert sources."));
        if (body != null && body.length > config.maxBodyBytes()) {
            throw new Refusal(413, "The alert body is too large", "Alert bodies are accepted up to "
                    + config.maxBodyBytes() + " bytes; this one has " + body.length + ".");
        }
        if (!authentic(source, body == null ? new byte[0] : body, authorization, signature)) {
            LOG.debugf("Refused a delivery to %s: credentials did not match", source);
            throw new Refusal(401, "The alert was not authenticated", kind.signs()
                    ? "X-PagerDuty-Signature is missing or no v1 signature in it matches the body under this source's "
                    + "signing secret. Paste the secret PagerDuty shows for the subscription on the source's page."
                    : "Send the source's token as 'Authorization: Bearer <token>'. Rotate it on the source's page if it was lost.");
        }
        if (!source.enabled()) {
            throw new Refusal(410, "This alert source is disabled", "An admin disabled " + source.name
                    + "; its alerts open no incidents until it is enabled again.");
        }
        List<AlertSignal> signals;
        try {
            signals = new AlertPayloads(json).read(kind, body);
        } catch (AlertPayloadException e) {
            throw new Refusal(400, "The alert body is not a " + kind.label() + " webhook", e.getMessage());
        }
        // One delivery acts at a time. Declaring an incident locks the months it counts in (the insights rollups) until
        // commit, and a delivery may declare several incidents in different months, so two deliveries acting at once
        // could each hold the month the other needs; alerts are few, so taking turns costs nothing noticeable.
        AlertSource.getEntityManager().createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(" + INTAKE_LOCK + ")")
                .getSingleResult();
        // What the alerts add to their incidents' timelines is written at the end, each incident changed once, and the
        // search documents are rebuilt then too rather than at each entry (each rebuild reads the whole timeline): a
        // storm of a thousand alerts of one group is then a thousand small writes, not a thousand changes of one row.
        em.createNativeQuery("SELECT set_config('hindsight.search_deferred', 'on', true)").getSingleResult();
        Delivery delivery = new Delivery(source);
        List<Item> results = new ArrayList<>();
        // One order for every delivery of the same alerts: firing before resolved, so that a group with one alert over and
        // another new in the same delivery is never taken for over; the earliest alert first, so that it opens the
        // group's incident and the later ones are added to it; the resolved ones by their end, so that the incident is
        // resolved when the last of them ended.
        for (AlertSignal signal : signals.stream().sorted(DELIVERY_ORDER).toList()) {
            results.add(act(delivery, signal));
        }
        delivery.entries.forEach(incidents::addTimelineEntries);
        delivery.log.forEach(log -> log.persist());
        em.flush();
        String touched = results.stream().map(Item::incidentId).filter(Objects::nonNull).distinct()
                .map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
        em.createNativeQuery("SELECT 1 FROM (SELECT search_refresh(CAST(?1 AS bigint[]))) refreshed, "
                        + "set_config('hindsight.search_deferred', 'off', true)")
                .setParameter(1, touched).getSingleResult();
        return new Receipt(results);
    }

    /**
     * One delivery as it is acted on: the timeline entries its alerts add, by incident, written once all are read; its
     * log rows; the open incident of each group it asked about and each incident it read, so that a group's thousand
     * alerts ask and read once.
     */
    private static final class Delivery {
        final AlertSource source;
        final Map<Long, List<TimelineDraft>> entries = new LinkedHashMap<>();
        final List<AlertDelivery> log = new ArrayList<>();
        final Map<String, Optional<Long>> openByGroup = new HashMap<>();
        /** Each incident the delivery reads, read once (with its timeline, which a storm makes long). */
        final Map<Long, Optional<Incident>> incidents = new HashMap<>();
        /** How many alerts of each incident still fire, once the delivery has counted them. */
        final Map<Long, Long> stillFiring = new HashMap<>();

        Delivery(AlertSource source) {
            this.source = source;
        }

        void note(long incidentId, TimelineDraft entry) {
            entries.computeIfAbsent(incidentId, id -> new ArrayList<>()).add(entry);
        }
    }

    private Item act(Delivery delivery, AlertSignal signal) {
        return switch (signal.state()) {
            case FIRING -> firing(delivery, signal);
            case RESOLVED -> resolved(delivery, signal);
            case IGNORED -> logged(delivery, signal.externalKey(), AlertDelivery.Outcome.IGNORED, signal.details(), null);
        };
    }

    /** Firing alerts by when they started, then resolved ones by when they ended (the last to end resolves the incident). */
    private static final Comparator<AlertSignal> DELIVERY_ORDER = Comparator.comparing(AlertSignal::state)
            .thenComparing(s -> s.state() == AlertSignal.State.RESOLVED ? s.endsAt() : s.startsAt(),
                    Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .thenComparing(AlertSignal::externalKey);

    private Item firing(Delivery delivery, AlertSignal signal) {
        AlertSource source = delivery.source;
        // Whoever inserts the link acts on the alert; a concurrent delivery waits for the intake lock, then finds the link.
        @SuppressWarnings("unchecked")
        List<Object> inserted = linkQuery("INSERT INTO alert_link (source_id, external_key, group_key, opened_at) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (source_id, external_key) DO NOTHING RETURNING id")
                .setParameter(1, source.id).setParameter(2, signal.externalKey()).setParameter(3, signal.group())
                .setParameter(4, clock.instant())
                .getResultList();
        if (!inserted.isEmpty()) {
            return openOrJoin(delivery, signal, ((Number) inserted.get(0)).longValue());
        }
        Link link = lockedLink(source.id, signal.externalKey()).orElseThrow();
        Optional<Incident> incident = link.incidentId == null ? Optional.empty() : incident(delivery, link.incidentId);
        if (incident.isEmpty()) {
            return openOrJoin(delivery, signal, link.id);
        }
        if (link.resolvedAt == null) {
            // A retried delivery: the alert is already on its incident, whatever became of that incident since.
            return logged(delivery, signal.externalKey(), AlertDelivery.Outcome.DUPLICATE, "", link.incidentId);
        }
        if (incident.get().status.isResolved()) {
            // Over and done with, then firing again: a new problem, for an open incident of its group or a new one.
            return openOrJoin(delivery, signal, link.id);
        }
        delivery.note(link.incidentId, new TimelineDraft(clock.instant(), TimelineKind.DETECTION,
                shorten("Fired again: alert from " + source.name + ". " + signal.title())));
        linkQuery("UPDATE alert_link SET resolved_at = NULL WHERE id = ?1").setParameter(1, link.id).executeUpdate();
        return logged(delivery, signal.externalKey(), AlertDelivery.Outcome.FIRED_AGAIN, signal.title(), link.incidentId);
    }

    /**
     * A firing alert with no incident yet: added to the open incident its group opened, when there is one (the sender
     * grouped the alerts as one problem, and on-call works one problem in one incident), else it opens its own.
     */
    private Item openOrJoin(Delivery delivery, AlertSignal signal, long linkId) {
        Optional<Long> open = openIncidentOfGroup(delivery, signal.group());
        if (open.isEmpty()) {
            return open(delivery, signal, linkId);
        }
        long incidentId = open.get();
        String details = signal.details().isEmpty() ? "" : "\n" + signal.details();
        delivery.note(incidentId, new TimelineDraft(clock.instant(), TimelineKind.DETECTION,
                shorten("Added by alert from " + delivery.source.name + " (same " + delivery.source.kind.label() + " group): "
                        + signal.title() + details)));
        link(linkId, incidentId, signal.group());
        return logged(delivery, signal.externalKey(), AlertDelivery.Outcome.ADDED, signal.title(), incidentId);
    }

    /**
     * The newest incident an alert of this group is on that is still being worked on (not resolved), if any; asked of
     * the database once per group and delivery, and kept up to date as the delivery opens and resolves incidents.
     */
    private Optional<Long> openIncidentOfGroup(Delivery delivery, String group) {
        if (group == null || group.isEmpty()) {
            return Optional.empty();
        }
        return delivery.openByGroup.computeIfAbsent(group, g -> {
            // One query, however many incidents the group opened over the years (a group key lives as long as its rule).
            List<String> unresolved = java.util.Arrays.stream(IncidentStatus.values()).filter(s -> !s.isResolved()).map(Enum::name).toList();
            @SuppressWarnings("unchecked")
            List<Object> ids = em.createNativeQuery("SELECT l.incident_id FROM alert_link l JOIN incident i ON i.id = l.incident_id "
                            + "WHERE l.source_id = ?1 AND l.group_key = ?2 AND i.status IN (?3) AND i.deleted_at IS NULL "
                            + "GROUP BY l.incident_id ORDER BY max(l.opened_at) DESC, l.incident_id DESC LIMIT 1")
                    .setParameter(1, delivery.source.id).setParameter(2, g).setParameter(3, unresolved).getResultList();
            return ids.isEmpty() ? Optional.empty() : Optional.of(((Number) ids.get(0)).longValue());
        });
    }

    private Optional<Incident> incident(Delivery delivery, long id) {
        return delivery.incidents.computeIfAbsent(id, incidents::find);
    }

    private void link(long linkId, long incidentId, String group) {
        linkQuery("UPDATE alert_link SET incident_id = ?1, resolved_at = NULL, group_key = ?2 WHERE id = ?3")
                .setParameter(1, incidentId).setParameter(2, group).setParameter(3, linkId).executeUpdate();
    }

    private Item open(Delivery delivery, AlertSignal signal, long linkId) {
        AlertSource source = delivery.source;
        Instant now = clock.instant();
        // A start in the future (clocks drift) or outside what is kept (a tool's zero time, year 1) reads as now.
        Instant started = signal.startsAt() == null || signal.startsAt().isAfter(now) || !Dates.storable(signal.startsAt())
                ? now : signal.startsAt();
        Severity severity = signal.severity() == null ? source.defaultSeverity : signal.severity();
        LinkedHashSet<String> services = new LinkedHashSet<>();
        if (!source.service.isEmpty()) {
            services.add(source.service);
        }
        services.addAll(signal.services());
        LinkedHashSet<String> tags = new LinkedHashSet<>(List.of("alert"));
        tags.addAll(signal.tags());
        // The alert firing is the detection; the impact started then at the latest.
        IncidentDraft draft = new IncidentDraft(signal.title(), signal.details(), severity, IncidentStatus.INVESTIGATING,
                started, started, null, null, "", services.stream().limit(20).toList(), tags.stream().limit(20).toList());
        Incident incident = incidents.create(draft, null);
        String details = signal.details().isEmpty() ? "" : "\n" + signal.details();
        delivery.note(incident.id, new TimelineDraft(now, TimelineKind.DETECTION,
                shorten("Opened by alert from " + source.name + " (" + source.kind.label() + "): " + signal.title() + details)));
        link(linkId, incident.id, signal.group());
        if (signal.group() != null && !signal.group().isEmpty()) {
            delivery.openByGroup.put(signal.group(), Optional.of(incident.id));
        }
        // Declaring an incident leaves many entities in the session (the incident, its revision, its announcements);
        // written now and let go, so that a storm of alerts that each open one (Grafana without a group key) does not
        // make every later query check all of them again.
        em.flush();
        em.clear();
        delivery.incidents.clear();
        return logged(delivery, signal.externalKey(), AlertDelivery.Outcome.OPENED, signal.title(), incident.id);
    }

    private Item resolved(Delivery delivery, AlertSignal signal) {
        AlertSource source = delivery.source;
        Optional<Link> found = lockedLink(source.id, signal.externalKey());
        Optional<Incident> incident = found.filter(l -> l.incidentId != null).flatMap(l -> incident(delivery, l.incidentId));
        long linkId;
        boolean countedFiring; // whether the incident's count of alerts still firing included this one
        if (incident.isEmpty()) {
            // Never seen firing (the firing delivery was refused or lost): said on its group's open incident, if any.
            incident = openIncidentOfGroup(delivery, signal.group()).flatMap(id -> incident(delivery, id));
            if (incident.isEmpty()) {
                return logged(delivery, signal.externalKey(), AlertDelivery.Outcome.UNMATCHED, signal.title(), null);
            }
            linkId = found.map(Link::id).orElseGet(() -> ((Number) linkQuery("INSERT INTO alert_link "
                            + "(source_id, external_key, group_key, opened_at) VALUES (?1, ?2, ?3, ?4) RETURNING id")
                    .setParameter(1, source.id).setParameter(2, signal.externalKey()).setParameter(3, signal.group())
                    .setParameter(4, clock.instant()).getSingleResult()).longValue());
            link(linkId, incident.get().id, signal.group());
            countedFiring = false;
        } else {
            Link link = found.get();
            if (link.resolvedAt != null) {
                return logged(delivery, signal.externalKey(), AlertDelivery.Outcome.DUPLICATE, "already resolved", link.incidentId);
            }
            linkId = link.id;
            countedFiring = true;
        }
        Incident open = incident.get();
        Instant now = clock.instant();
        Instant at = resolvedAt(open, signal.endsAt(), now);
        linkQuery("UPDATE alert_link SET resolved_at = ?1 WHERE id = ?2").setParameter(1, now).setParameter(2, linkId).executeUpdate();
        // Counted once per incident and delivery, then kept: the delivery's firing alerts all came before its resolved ones.
        long stillFiring = delivery.stillFiring.compute(open.id, (id, known) -> known == null
                ? ((Number) linkQuery("SELECT count(*) FROM alert_link WHERE incident_id = ?1 AND resolved_at IS NULL")
                .setParameter(1, id).getSingleResult()).longValue()
                : countedFiring ? known - 1 : known);
        delivery.note(open.id, new TimelineDraft(at, TimelineKind.OBSERVATION,
                shorten("Resolved by alert from " + source.name + ": " + signal.title()
                        + (stillFiring == 0 ? "" : " (" + stillFiring + (stillFiring == 1 ? " alert" : " alerts")
                        + " of this incident still firing)"))));
        // The incident follows its alerts once the last of them is over, and only while it is still being worked on:
        // one already resolved, in review or published keeps its status and times (the review workflow owns the last two).
        if (stillFiring == 0 && !open.status.isResolved()) {
            incidents.resolve(open.id, at);
            delivery.openByGroup.values().removeIf(id -> id.isPresent() && id.get() == open.id);
        }
        return logged(delivery, signal.externalKey(), AlertDelivery.Outcome.RESOLVED,
                signal.title() + (stillFiring == 0 ? "" : " (" + stillFiring + " still firing)"), open.id);
    }

    /**
     * A statement on {@code alert_link} alone, which no entity maps: nothing waiting to be written needs writing before
     * it, so it does not make Hibernate check every entity the delivery has touched (once per alert, a storm's cost).
     */
    private Query linkQuery(String sql) {
        return em.createNativeQuery(sql).setFlushMode(FlushModeType.COMMIT);
    }

    /** When the sender says the alert ended, kept between the incident's own times and now, as the incident rules want. */
    private static Instant resolvedAt(Incident incident, Instant endsAt, Instant now) {
        Instant at = endsAt == null || endsAt.isAfter(now) ? now : endsAt;
        for (Instant earliest : new Instant[] {incident.startedAt, incident.detectedAt, incident.mitigatedAt}) {
            if (earliest != null && at.isBefore(earliest)) {
                at = earliest;
            }
        }
        return at.isAfter(now.plus(FUTURE_TOLERANCE)) ? now : at;
    }

    private Item logged(Delivery delivery, String externalId, AlertDelivery.Outcome outcome, String detail, Long incidentId) {
        AlertDelivery row = new AlertDelivery();
        row.sourceId = delivery.source.id;
        row.receivedAt = clock.instant();
        row.externalId = AlertPayloads.shorten(externalId, 300);
        row.outcome = outcome;
        row.detail = AlertPayloads.shorten(detail == null ? "" : detail, 300);
        row.incidentId = incidentId;
        delivery.log.add(row);
        return new Item(externalId, outcome.key(), incidentId);
    }

    private record Link(long id, Long incidentId, Instant resolvedAt) {
    }

    private Optional<Link> lockedLink(long sourceId, String key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = linkQuery("SELECT id, incident_id, resolved_at FROM alert_link "
                        + "WHERE source_id = ?1 AND external_key = ?2 FOR UPDATE")
                .setParameter(1, sourceId).setParameter(2, key).getResultList();
        return rows.stream().findFirst().map(r -> new Link(((Number) r[0]).longValue(),
                r[1] == null ? null : ((Number) r[1]).longValue(), toInstant(r[2])));
    }

    private static Instant toInstant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("Unexpected time " + value.getClass());
    }

    private static String shorten(String text) {
        return AlertPayloads.shorten(text, 2_000);
    }

    // --- Credentials -----------------------------------------------------------------------------------------------

    /** Whether the delivery carries the source's secret: its bearer token, or a matching PagerDuty signature. */
    static boolean authentic(AlertSource source, byte[] body, String authorization, String signature) {
        if (!source.hasSecret()) {
            return false;
        }
        if (source.kind.signs()) {
            return signatureMatches(source.signingSecret, body, signature);
        }
        String token = bearer(authorization);
        return token != null && MessageDigest.isEqual(Secrets.hash(token).getBytes(StandardCharsets.US_ASCII),
                source.tokenHash.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * PagerDuty's {@code X-PagerDuty-Signature}: one or more comma-separated {@code v1=<hex HMAC-SHA256 of the raw
     * body>}, several while a secret is being rotated; one match is enough. Compared in constant time.
     */
    static boolean signatureMatches(String secret, byte[] body, String header) {
        if (header == null || header.isBlank()) {
            return false;
        }
        byte[] expected = ("v1=" + hmacHex(secret, body)).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String candidate : header.split(",")) {
            matched |= MessageDigest.isEqual(expected, candidate.strip().getBytes(StandardCharsets.US_ASCII));
        }
        return matched;
    }

    static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }
}
