package io.hindsight.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.incident.Severity;
import io.hindsight.validation.Names;
import io.hindsight.validation.StorableText;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the documented webhook bodies of each alerting tool into {@link AlertSignal}s:
 * <ul>
 * <li>Prometheus Alertmanager's webhook_config JSON (version "4": groupKey, status, alerts[] with labels, annotations,
 * startsAt, endsAt, fingerprint);</li>
 * <li>Grafana alerting's webhook contact point (the same alerts[], plus title, message and state);</li>
 * <li>PagerDuty v3 webhooks ({@code event.event_type}, {@code event.data} of an incident);</li>
 * <li>Opsgenie's outgoing webhook ({@code action}, {@code alert.alertId}, message, priority).</li>
 * </ul>
 * Anything else is refused with an {@link AlertPayloadException} naming the field that was missing or wrong.
 */
final class AlertPayloads {

    static final int MAX_TITLE = 200;
    static final int MAX_DETAILS = 1_500;
    private static final int MAX_NAMES = 20;
    private static final Pattern NOT_NAME = Pattern.compile("[^\\p{L}\\p{N}._/-]+");
    /** Alertmanager writes this for an alert that has not ended. */
    private static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private static final Map<String, Severity> SEVERITY_WORDS = Map.ofEntries(
            Map.entry("critical", Severity.SEV1), Map.entry("page", Severity.SEV1), Map.entry("fatal", Severity.SEV1),
            Map.entry("sev1", Severity.SEV1), Map.entry("p1", Severity.SEV1),
            Map.entry("high", Severity.SEV2), Map.entry("major", Severity.SEV2), Map.entry("error", Severity.SEV2),
            Map.entry("sev2", Severity.SEV2), Map.entry("p2", Severity.SEV2),
            Map.entry("warning", Severity.SEV3), Map.entry("warn", Severity.SEV3), Map.entry("medium", Severity.SEV3),
            Map.entry("minor", Severity.SEV3), Map.entry("sev3", Severity.SEV3), Map.entry("p3", Severity.SEV3),
            Map.entry("info", Severity.SEV4), Map.entry("low", Severity.SEV4), Map.entry("none", Severity.SEV4),
            Map.entry("sev4", Severity.SEV4), Map.entry("p4", Severity.SEV4), Map.entry("p5", Severity.SEV4));

    private final ObjectMapper json;

    AlertPayloads(ObjectMapper json) {
        this.json = json;
    }

    List<AlertSignal> read(AlertKind kind, byte[] body) {
        JsonNode root = parse(body);
        return switch (kind) {
            case ALERTMANAGER -> alertmanager(root);
            case GRAFANA -> grafana(root);
            case PAGERDUTY -> pagerDuty(root);
            case OPSGENIE -> opsgenie(root);
        };
    }

    /** The severity an alert's words ask for (a severity label, a priority), or null when they name none known. */
    static Severity severityOf(String word) {
        return word == null ? null : SEVERITY_WORDS.get(word.strip().toLowerCase(Locale.ROOT));
    }

    private JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new AlertPayloadException("The body is empty; send the tool's JSON webhook body.");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw new AlertPayloadException("The body must be a JSON object.");
            }
            return root;
        } catch (JsonProcessingException e) {
            // Limits (nesting depth, number length) are reported without a location.
            if (e.getLocation() == null) {
                throw new AlertPayloadException("The body is not an acceptable JSON document: it nests too deeply or holds "
                        + "a value too long to read.");
            }
            throw new AlertPayloadException("The body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw new AlertPayloadException("The body could not be read as JSON.");
        }
    }

    // --- Prometheus Alertmanager -----------------------------------------------------------------------------------

    private List<AlertSignal> alertmanager(JsonNode root) {
        String version = text(root, "version");
        if (!"4".equals(version)) {
            throw new AlertPayloadException("'version' must be \"4\" (Alertmanager's webhook format); got "
                    + (version == null ? "none" : "\"" + shorten(version, 20) + "\"") + ".");
        }
        String groupKey = required(root, "groupKey", "groupKey");
        return alerts(root, AlertKind.ALERTMANAGER, fingerprint -> groupKey + "/" + fingerprint, null, groupKey);
    }

    // --- Grafana alerting ------------------------------------------------------------------------------------------

    private List<AlertSignal> grafana(JsonNode root) {
        if (!root.path("alerts").isArray()) {
            throw new AlertPayloadException("'alerts' is missing: Grafana's webhook body lists its alerts there.");
        }
        String title = text(root, "title");
        String groupKey = text(root, "groupKey");
        if (groupKey != null && groupKey.length() > 1_000) {
            throw new AlertPayloadException("'groupKey' is longer than 1,000 characters.");
        }
        return alerts(root, AlertKind.GRAFANA, fingerprint -> fingerprint, title, groupKey == null ? "" : groupKey);
    }

    private interface KeyOf {
        String of(String fingerprint);
    }

    /** The alerts[] both Alertmanager and Grafana send. */
    private List<AlertSignal> alerts(JsonNode root, AlertKind kind, KeyOf keyOf, String groupTitle, String group) {
        JsonNode alerts = root.path("alerts");
        if (!alerts.isArray() || alerts.isEmpty()) {
            throw new AlertPayloadException("'alerts' must be a non-empty array.");
        }
        String groupStatus = text(root, "status");
        List<AlertSignal> signals = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode alert = alerts.get(i);
            String at = "alerts[" + i + "]";
            if (!alert.isObject()) {
                throw new AlertPayloadException("'" + at + "' must be an object.");
            }
            String status = text(alert, "status");
            if (status == null) {
                status = groupStatus;
            }
            AlertSignal.State state = switch (status == null ? "" : status) {
                case "firing" -> AlertSignal.State.FIRING;
                case "resolved" -> AlertSignal.State.RESOLVED;
                default -> throw new AlertPayloadException("'" + at + ".status' must be \"firing\" or \"resolved\".");
            };
            String fingerprint = required(alert, "fingerprint", at + ".fingerprint");
            JsonNode labels = alert.path("labels");
            JsonNode annotations = alert.path("annotations");
            if (!labels.isMissingNode() && !labels.isObject()) {
                throw new AlertPayloadException("'" + at + ".labels' must be an object.");
            }
            if (!annotations.isMissingNode() && !annotations.isObject()) {
                throw new AlertPayloadException("'" + at + ".annotations' must be an object.");
            }
            String alertname = text(labels, "alertname");
            String title = firstOf(text(annotations, "summary"), text(annotations, "title"), alertname, groupTitle,
                    "Alert " + fingerprint);
            StringBuilder details = new StringBuilder();
            appendLine(details, text(annotations, "description"));
            appendLine(details, text(root, "message"));
            String labelText = pairs(labels);
            if (!labelText.isEmpty()) {
                appendLine(details, "Labels: " + labelText);
            }
            appendLine(details, firstOf(text(alert, "generatorURL"), text(alert, "panelURL"), text(alert, "dashboardURL"), null, null));
            Severity severity = firstSeverity(text(labels, "severity"), text(labels, "priority"));
            List<String> tags = names(List.of(kind.path(), orEmpty(alertname), orEmpty(text(labels, "team"))), 40);
            List<String> services = names(List.of(orEmpty(text(labels, "service")), orEmpty(text(labels, "job"))), 60);
            Instant ends = instant(alert, "endsAt", at + ".endsAt");
            signals.add(new AlertSignal(keyOf.of(fingerprint), state, shorten(title, MAX_TITLE), shorten(details.toString(), MAX_DETAILS),
                    severity, instant(alert, "startsAt", at + ".startsAt"), ZERO_TIME.equals(ends) ? null : ends, tags, services, group));
        }
        return signals;
    }

    // --- PagerDuty v3 ----------------------------------------------------------------------------------------------

    private List<AlertSignal> pagerDuty(JsonNode root) {
        JsonNode event = root.path("event");
        if (!event.isObject()) {
            throw new AlertPayloadException("'event' is missing: PagerDuty v3 webhooks carry everything in it.");
        }
        String type = required(event, "event_type", "event.event_type");
        String eventId = orEmpty(text(event, "id"));
        AlertSignal.State state = switch (type) {
            case "incident.triggered" -> AlertSignal.State.FIRING;
            case "incident.resolved" -> AlertSignal.State.RESOLVED;
            default -> AlertSignal.State.IGNORED;
        };
        if (state == AlertSignal.State.IGNORED) {
            return List.of(AlertSignal.ignored(eventId, type));
        }
        JsonNode data = event.path("data");
        if (!data.isObject()) {
            throw new AlertPayloadException("'event.data' is missing: it holds the incident.");
        }
        String incidentId = required(data, "id", "event.data.id");
        String title = firstOf(text(data, "title"), text(data, "summary"), null, null, "PagerDuty incident " + incidentId);
        String priority = text(data.path("priority"), "summary");
        String urgency = text(data, "urgency");
        Severity severity = firstSeverity(priority, "high".equals(urgency) ? "sev2" : "low".equals(urgency) ? "sev3" : null);
        StringBuilder details = new StringBuilder();
        if (data.has("number")) {
            appendLine(details, "PagerDuty incident #" + data.path("number").asText());
        }
        appendLine(details, urgency == null ? null : "Urgency: " + urgency + (priority == null ? "" : ", priority " + priority));
        appendLine(details, text(data, "html_url"));
        String service = text(data.path("service"), "summary");
        return List.of(new AlertSignal(incidentId, state, shorten(title, MAX_TITLE), shorten(details.toString(), MAX_DETAILS),
                severity, firstInstant(instant(data, "created_at", "event.data.created_at"), instant(event, "occurred_at", "event.occurred_at")),
                state == AlertSignal.State.RESOLVED ? instant(event, "occurred_at", "event.occurred_at") : null,
                names(List.of(AlertKind.PAGERDUTY.path()), 40), names(List.of(orEmpty(service)), 60)));
    }

    // --- Opsgenie --------------------------------------------------------------------------------------------------

    private List<AlertSignal> opsgenie(JsonNode root) {
        String action = required(root, "action", "action");
        JsonNode alert = root.path("alert");
        if (!alert.isObject()) {
            throw new AlertPayloadException("'alert' is missing: Opsgenie's webhook body describes the alert there.");
        }
        String alertId = required(alert, "alertId", "alert.alertId");
        AlertSignal.State state = switch (action) {
            case "Create" -> AlertSignal.State.FIRING;
            case "Close" -> AlertSignal.State.RESOLVED;
            default -> AlertSignal.State.IGNORED;
        };
        if (state == AlertSignal.State.IGNORED) {
            return List.of(AlertSignal.ignored(alertId, action));
        }
        String message = firstOf(text(alert, "message"), null, null, null, "Opsgenie alert " + alertId);
        StringBuilder details = new StringBuilder();
        appendLine(details, text(alert, "description"));
        String priority = text(alert, "priority");
        appendLine(details, priority == null ? null : "Priority: " + priority);
        appendLine(details, text(alert, "entity") == null ? null : "Entity: " + text(alert, "entity"));
        List<String> tagWords = new ArrayList<>(List.of(AlertKind.OPSGENIE.path()));
        JsonNode tags = alert.path("tags");
        if (tags.isArray()) {
            tags.forEach(t -> tagWords.add(t.isTextual() ? t.asText() : ""));
        }
        Instant created = epochOrIso(alert, "createdAt");
        return List.of(new AlertSignal(alertId, state, shorten(message, MAX_TITLE), shorten(details.toString(), MAX_DETAILS),
                firstSeverity(priority), state == AlertSignal.State.FIRING ? created : null,
                state == AlertSignal.State.RESOLVED ? epochOrIso(alert, "updatedAt") : null,
                names(tagWords, 40), names(List.of(orEmpty(text(alert, "entity"))), 60)));
    }

    // --- Small readers ---------------------------------------------------------------------------------------------

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isValueNode() || value.isNull()) {
            return null;
        }
        String text = clean(value.asText());
        return text.isEmpty() ? null : text;
    }

    private static String required(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new AlertPayloadException("'" + path + "' is missing.");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new AlertPayloadException("'" + path + "' must be a non-empty string.");
        }
        if (value.asText().length() > 1_000) {
            throw new AlertPayloadException("'" + path + "' is longer than 1,000 characters.");
        }
        return clean(value.asText());
    }

    /**
     * What a tool sent, kept rather than refused: without what cannot be stored, and without the characters that would
     * make a title display as something it is not (the incident's title refuses them from people).
     */
    private static String clean(String text) {
        return Names.withoutDirectionControls(StorableText.clean(text)).strip();
    }

    private static Instant instant(JsonNode node, String field, String path) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new AlertPayloadException("'" + path + "' must be an RFC 3339 time, e.g. 2026-11-28T19:40:00Z.");
        }
    }

    /**
     * Opsgenie's times are numbers since 1970 whose unit varies by field (its documented example has createdAt in
     * milliseconds and updatedAt in nanoseconds): the magnitude tells which. A time that cannot be read is left out.
     */
    private static Instant epochOrIso(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0) {
            long n = value.asLong();
            long millis = n > 100_000_000_000_000_000L ? n / 1_000_000 : n > 100_000_000_000_000L ? n / 1_000 : n;
            return Instant.ofEpochMilli(millis);
        }
        try {
            return instant(node, field, field);
        } catch (AlertPayloadException e) {
            return null;
        }
    }

    private static Instant firstInstant(Instant a, Instant b) {
        return a != null ? a : b;
    }

    private static Severity firstSeverity(String... words) {
        for (String word : words) {
            Severity severity = severityOf(word);
            if (severity != null) {
                return severity;
            }
        }
        return null;
    }

    private static String firstOf(String a, String b, String c, String d, String otherwise) {
        for (String s : new String[] {a, b, c, d}) {
            if (s != null && !s.isBlank()) {
                return s;
            }
        }
        return otherwise;
    }

    private static String pairs(JsonNode labels) {
        StringBuilder out = new StringBuilder();
        if (labels != null && labels.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = labels.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isValueNode()) {
                    out.append(out.isEmpty() ? "" : ", ").append(StorableText.clean(field.getKey())).append('=').append(StorableText.clean(field.getValue().asText()));
                }
            }
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String line) {
        if (line != null && !line.isBlank()) {
            out.append(out.isEmpty() ? "" : "\n").append(line.strip());
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Tags and service names as incidents keep them: lower case, letters, digits, '.', '_', '/' and '-'. */
    static List<String> names(List<String> words, int maxLength) {
        Set<String> out = new LinkedHashSet<>();
        for (String word : words) {
            String name = NOT_NAME.matcher(word.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
            name = name.replaceAll("^[._/-]+", "");
            if (name.length() > maxLength) {
                name = name.substring(0, maxLength);
            }
            if (!name.isEmpty() && out.size() < MAX_NAMES) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(max - 2)) ? max - 2 : max - 1;
        return text.substring(0, cut) + "…";
    }
}
