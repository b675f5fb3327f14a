package io.hindsight.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every action the audit log knows, in one place: the name stored in {@code audit_event.action}
 * (dotted, lower case, verb last) and what it means. docs/security.md lists the same table, and a test
 * checks that every action the code records is one of these.
 */
public enum AuditAction {
    // Signing in; the subject is the email address tried, "email:ada@example.com".
    SETUP_FIRST_ADMIN("setup.first-admin", "The first admin was created at /setup."),
    LOGIN_SUCCEEDED("login.succeeded", "Someone signed in (page or API), from the address in the row; the detail is \"oidc\" for a single sign-on."),
    LOGIN_FAILED("login.failed", "A sign-in failed; the detail says why (unknown account, wrong password, account disabled; for a single sign-on \"oidc:\" and the reason, such as an unverified or unknown email or an expired ID token). Never the password or a token."),
    LOGIN_LOCKOUT("login.lockout", "Too many failures from browsers that never signed in to the account: those are refused until the time in the detail; browsers with its device cookie still sign in. Once per lock-out."),
    LOGIN_DEVICE_LOCKOUT("login.device-lockout", "Too many failures from one browser holding the account's device cookie: that cookie is refused until the time in the detail. Once per lock-out."),
    LOGIN_ADDRESS_SLOWED("login.address-slowed", "An address reached its failure limit: each further attempt from it waits a growing delay (browsers with a device cookie do not). Once each time it is reached."),
    LOGIN_LOCKED("login.locked", "Older releases only: a sign-in refused because of a lock. Refused attempts are no longer recorded one by one."),
    // Sessions; the subject is the person, "account:7".
    SESSION_SIGNED_OUT("session.signed-out", "Someone signed out."),
    SESSION_REVOKED("session.revoked", "Someone ended one of their own sessions (Your sessions)."),
    // People; the subject is the person changed, "account:7"; the actor is the admin.
    USER_CREATED("user.created", "An admin added a person; the detail names their email and role."),
    USER_ROLE_CHANGED("user.role-changed", "An admin changed someone's role, or a single sign-on did (role claim; no actor, the detail says so)."),
    USER_DISABLED("user.disabled", "An admin deactivated someone; their sessions ended."),
    USER_ENABLED("user.enabled", "An admin reactivated someone."),
    USER_PASSWORD_RESET("user.password-reset", "An admin set a new password for someone; their sessions ended."),
    USER_PASSWORD_CHANGED("user.password-changed", "Someone changed their own password; their sessions ended."),
    USER_SESSIONS_REVOKED("user.sessions-revoked", "An admin ended every session and program sign-in of someone."),
    // Tokens for programs; the subject is "token:5" (personal access token) or "account:7".
    PAT_CREATED("pat.created", "A personal access token was created; the detail names it and its scope, never the token."),
    PAT_REVOKED("pat.revoked", "A personal access token was revoked."),
    FEED_ADDRESS_CREATED("feed.address-created", "Someone created their private feed address (any earlier one stopped working); subject \"account:7\", never the address."),
    FEED_ADDRESS_REVOKED("feed.address-revoked", "Someone revoked their private feed address; subject \"account:7\"."),
    API_REFRESH_REUSE("api.refresh-reuse", "An old refresh token was presented again: its whole family was revoked."),
    // Postmortems; the subject is the incident, "incident:42".
    REVIEW_APPROVED("review.approved", "A reviewer approved a postmortem."),
    REVIEW_CHANGES_REQUESTED("review.changes-requested", "A reviewer asked for changes."),
    REVIEW_REVIEWER_REMOVED("review.reviewer-removed", "An editor took a reviewer off a postmortem before it was published; the detail names them and keeps the reason."),
    POSTMORTEM_PUBLISHED("postmortem.published", "A postmortem was published."),
    POSTMORTEM_PUBLISH_OVERRIDE("postmortem.publish-override", "An admin published before every reviewer approved; the detail keeps the reason."),
    POSTMORTEM_AMENDMENT_APPROVED("postmortem.amendment-approved", "An amendment of a published postmortem was approved and replaced the published text."),
    POSTMORTEM_AMENDMENT_DISCARDED("postmortem.amendment-discarded", "An amendment of a published postmortem was discarded; the published text stays."),
    REVISION_RESTORED("revision.restored", "An earlier revision was restored (as a new revision); the detail names what and which revision."),
    // Incidents in the trash; the subject is "incident:42".
    INCIDENT_DELETED("incident.deleted", "An incident was moved to the trash."),
    INCIDENT_RESTORED("incident.restored", "An incident was restored from the trash."),
    INCIDENT_PURGED("incident.purged", "An incident was deleted for good (by an admin, or by the scheduled purge after retention)."),
    // Data leaving and entering.
    EXPORT_DOWNLOADED("export.downloaded", "One postmortem was exported as Markdown (page or API); subject \"incident:42\"."),
    EXPORT_BULK("export.bulk", "A ZIP of postmortems was exported; subject \"export:zip\", the detail holds the filter."),
    IMPORT_CREATED("import.created", "A Markdown postmortem was imported as a new draft; subject \"incident:42\", the detail names the file."),
    BACKUP_CREATED("backup.created", "A backup archive was produced (Admin → Backup, API or command line)."),
    BACKUP_RESTORED("backup.restored", "A backup archive was restored into this installation; the detail holds the verification."),
    DATA_SEEDED("data.seeded", "Generated benchmark incidents were added with the seed command; the detail counts them and names their ids."),
    BACKUP_DRILL("backup.drill", "A restore drill restored a backup into a scratch database, verified it, dropped it and kept the report in the detail."),
    // Administration.
    CHECKLIST_TEMPLATE_SAVED("checklist.template-saved", "An admin saved a checklist in the library (a new version); subject \"checklist:<slug>\"."),
    NOTIFY_DESTINATION_ADDED("notify.destination-added", "An admin added a chat destination (the webhook URL masked); subject \"destination:3\"."),
    NOTIFY_DESTINATION_EVENTS("notify.destination-events", "An admin changed which events a chat destination hears."),
    NOTIFY_DESTINATION_DISABLED("notify.destination-disabled", "An admin paused a chat destination."),
    NOTIFY_DESTINATION_ENABLED("notify.destination-enabled", "An admin resumed a chat destination."),
    NOTIFY_TEST_QUEUED("notify.test-queued", "An admin queued a test message to a chat destination."),
    NOTIFY_REPLAYED("notify.replayed", "An admin replayed a failed delivery; subject \"delivery:12\"."),
    ALERT_SOURCE_ADDED("alert.source-added", "An admin added an alert source (Alertmanager, Grafana, PagerDuty, Opsgenie); subject \"alert-source:4\", the detail names it, never the secret."),
    ALERT_SOURCE_SECRET_ROTATED("alert.source-secret-rotated", "An admin gave an alert source a new bearer token, or set the signing secret PagerDuty issued; the old one stopped working."),
    ALERT_SOURCE_DISABLED("alert.source-disabled", "An admin paused an alert source: its deliveries are refused until it is enabled."),
    ALERT_SOURCE_ENABLED("alert.source-enabled", "An admin resumed an alert source."),
    ALERT_SOURCE_REMOVED("alert.source-removed", "An admin removed an alert source and its delivery log; the incidents it opened stay."),
    TRACKER_CONNECTED("tracker.connected", "An admin connected an issue tracker; subject \"tracker:github\" or \"tracker:jira\", the detail names the repository or project (token and webhook secret masked)."),
    TRACKER_CHANGED("tracker.changed", "An admin changed an issue tracker connection; the detail names what changed (secrets masked, never in full)."),
    TRACKER_DISCONNECTED("tracker.disconnected", "An admin disconnected an issue tracker; its token and webhook secret were deleted, linked issues keep their links."),
    TRACKER_REPLAYED("tracker.replayed", "An admin replayed a failed issue creation; subject \"tracker-request:12\"."),
    SETTINGS_PUBLIC_ADDRESS("settings.public-address", "An admin changed the public address links start with (Admin → Settings); the detail holds the old and the new address."),
    GUARD_OVERRIDE("guard.override", "The portal started against a database whose identity did not match, because the override was set.");

    private static final Map<String, AuditAction> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(AuditAction::key, Function.identity()));

    private final String key;
    private final String meaning;

    AuditAction(String key, String meaning) {
        this.key = key;
        this.meaning = meaning;
    }

    /** The name stored in the log. */
    public String key() {
        return key;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<AuditAction> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }
}
