package io.hindsight.audit;

import io.hindsight.validation.Dates;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which audit events to show: the same filters on the admin page and the API, read strictly so a
 * typo is an error rather than a silently different list.
 *
 * @param action  an action ({@code login.failed}) or a prefix ending in a dot or {@code *} ({@code login.}, {@code login.*}); null for all
 * @param actor   an account id ({@code 7} or {@code account:7}) or an email address; null for everyone
 * @param subject a subject ({@code incident:42}) or a kind ending in {@code *} ({@code incident:*}); null for all
 * @param from    first day included (UTC); null for no lower bound
 * @param to      last day included (UTC); null for no upper bound
 * @param before  the cursor: only events with a smaller id (older); null for the newest
 */
public record AuditQuery(String action, String actor, String subject, LocalDate from, LocalDate to, Long before) {

    /** Events per page, on the page and in the API. */
    public static final int PAGE_SIZE = 50;

    private static final Pattern ACTION = Pattern.compile("[a-z0-9.-]{1,60}\\*?");
    private static final Pattern ACCOUNT = Pattern.compile("(?:account:)?([0-9]{1,18})");

    public static final AuditQuery NEWEST = new AuditQuery(null, null, null, null, null, null);

    public static AuditQuery parse(String action, String actor, String subject, String from, String to, String cursor) {
        List<FieldError> errors = new ArrayList<>();
        String cleanAction = blankToNull(action);
        if (cleanAction != null) {
            cleanAction = cleanAction.toLowerCase(Locale.ROOT);
            if (!ACTION.matcher(cleanAction).matches()) {
                errors.add(new FieldError("action", "An action is dotted lower case, like login.failed; "
                        + "end it with a dot or * for every action that starts so (login.*)."));
            }
        }
        String cleanActor = blankToNull(actor);
        if (cleanActor != null && cleanActor.length() > 254) {
            errors.add(new FieldError("actor", "Name the actor by account number or email address."));
        }
        String cleanSubject = blankToNull(subject);
        if (cleanSubject != null && cleanSubject.length() > 254) {
            errors.add(new FieldError("subject", "A subject is at most 254 characters, like incident:42."));
        }
        LocalDate fromDate = Dates.optional(from, "from", errors);
        LocalDate toDate = Dates.optional(to, "to", errors);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            errors.add(new FieldError("to", "The end of the range comes before its start."));
        }
        Long before = null;
        String cleanCursor = blankToNull(cursor);
        if (cleanCursor != null) {
            try {
                before = Long.parseLong(cleanCursor);
            } catch (NumberFormatException e) {
                errors.add(new FieldError("cursor", "The cursor is the next_cursor of a previous page."));
            }
            if (before != null && before < 1) {
                errors.add(new FieldError("cursor", "The cursor is the next_cursor of a previous page."));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new AuditQuery(cleanAction, cleanActor, cleanSubject, fromDate, toDate, before);
    }

    /** The same filters, starting after {@code id}: the next (older) page. */
    public AuditQuery olderThan(long id) {
        return new AuditQuery(action, actor, subject, from, to, id);
    }

    /** Whether the action filter takes every action starting with it. */
    boolean actionIsPrefix() {
        return action != null && (action.endsWith(".") || action.endsWith("*"));
    }

    String actionPrefix() {
        return action.endsWith("*") ? action.substring(0, action.length() - 1) : action;
    }

    boolean subjectIsPrefix() {
        return subject != null && subject.endsWith("*");
    }

    String subjectPrefix() {
        return subject.substring(0, subject.length() - 1);
    }

    /** The account id the actor filter names, when it names one by number. */
    Long actorId() {
        if (actor == null) {
            return null;
        }
        Matcher matcher = ACCOUNT.matcher(actor);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : null;
    }

    /** The query string of these filters (without the cursor), for links to other pages. */
    public String queryString() {
        StringBuilder query = new StringBuilder();
        append(query, "action", action);
        append(query, "actor", actor);
        append(query, "subject", subject);
        append(query, "from", from == null ? null : from.toString());
        append(query, "to", to == null ? null : to.toString());
        return query.toString();
    }

    public boolean filtered() {
        return action != null || actor != null || subject != null || from != null || to != null;
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

}
