package io.hindsight.audit;

/**
 * What an audit event is about, written one way everywhere: {@code kind:id}, so the log can be
 * filtered by one thing ({@code incident:42}) or one kind ({@code incident:*}).
 */
public final class AuditSubject {

    private AuditSubject() {
    }

    public static String account(long id) {
        return "account:" + id;
    }

    /** A sign-in names the address tried, whether or not an account has it. */
    public static String email(String email) {
        return "email:" + (email == null ? "" : email);
    }

    public static String incident(long id) {
        return "incident:" + id;
    }

    public static String token(long id) {
        return "token:" + id;
    }

    public static String destination(long id) {
        return "destination:" + id;
    }

    public static String alertSource(long id) {
        return "alert-source:" + id;
    }

    public static String delivery(long id) {
        return "delivery:" + id;
    }

    /** An issue tracker connection, by kind: "tracker:github". */
    public static String tracker(String kind) {
        return "tracker:" + kind;
    }

    /** One queued issue creation. */
    public static String trackerRequest(long id) {
        return "tracker-request:" + id;
    }

    public static String checklist(String slug) {
        return "checklist:" + slug;
    }

    public static String export(String kind) {
        return "export:" + kind;
    }

    /** An installation (a database's identity), by its id. */
    public static String installation(Object id) {
        return "installation:" + id;
    }

    /** A restore drill, by the scratch schema it restored into (dropped afterwards). */
    public static String drill(String schema) {
        return "drill:" + schema;
    }
}
