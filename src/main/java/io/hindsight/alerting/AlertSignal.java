package io.hindsight.alerting;

import io.hindsight.incident.Severity;

import java.time.Instant;
import java.util.List;

/**
 * One alert of a delivery, in the portal's words: the sender's own id for it, whether it fires or is over, and what
 * the incident it opens should say.
 *
 * @param externalKey the sender's id (Alertmanager groupKey and fingerprint, Grafana fingerprint, PagerDuty incident id,
 *                    Opsgenie alertId): at most one incident per source and key
 * @param severity    the severity the alert asks for, or null when it names none the portal knows
 * @param startsAt    when the sender says it started, or null
 * @param endsAt      when the sender says it ended, or null
 * @param group       the sender's id for the group the alert was sent in (Alertmanager's and Grafana's groupKey), ""
 *                    when it sends alerts one by one: while an incident opened by a group is open, the group's other
 *                    alerts are added to it
 */
public record AlertSignal(String externalKey, State state, String title, String details, Severity severity,
                          Instant startsAt, Instant endsAt, List<String> tags, List<String> services, String group) {

    /** An alert sent on its own, in no group. */
    public AlertSignal(String externalKey, State state, String title, String details, Severity severity,
                       Instant startsAt, Instant endsAt, List<String> tags, List<String> services) {
        this(externalKey, state, title, details, severity, startsAt, endsAt, tags, services, "");
    }

    public enum State {
        FIRING, RESOLVED,
        /** An event this intake does not act on (a PagerDuty acknowledgement, an Opsgenie note): recorded, answered 202. */
        IGNORED
    }

    static AlertSignal ignored(String externalKey, String what) {
        return new AlertSignal(externalKey, State.IGNORED, "", what, null, null, null, List.of(), List.of());
    }
}
