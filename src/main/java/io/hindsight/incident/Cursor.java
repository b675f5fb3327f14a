package io.hindsight.incident;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * Where a page of the incident list starts: the sort key of the row next to it (keyset pagination), so a deep page
 * costs what the first one does and rows added meanwhile neither repeat nor hide rows. {@code forward}: the page holds
 * the rows after this key in the list's order ("older" in the default order); otherwise the rows before it.
 * {@code position} is that row's place in the list (1 for the first row), for "41–60" only: it is never trusted for
 * anything else.
 *
 * <p>Written into addresses as an opaque base64url token; one that does not read back is no cursor at all.
 */
public record Cursor(IncidentQuery.Sort sort, boolean forward, long position, Severity severity, Instant time, String title,
                     long id) {

    private static final String SEPARATOR = "~";

    /** The cursor next to {@code incident} at {@code position} in a list in {@code sort} order. */
    static Cursor at(Incident incident, IncidentQuery.Sort sort, boolean forward, long position) {
        return new Cursor(sort, forward, position, incident.severity,
                sort == IncidentQuery.Sort.UPDATED ? incident.updatedAt : incident.startedAt,
                sort == IncidentQuery.Sort.TITLE ? incident.title.toLowerCase(Locale.ROOT) : "", incident.id);
    }

    public String encode() {
        String plain = String.join(SEPARATOR, sort.key(), forward ? "a" : "b", Long.toString(position), severity.name(),
                time.getEpochSecond() + "." + time.getNano(), Long.toString(id), title);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code token} names, or null when it is blank or not one of ours. */
    static Cursor parse(String token, boolean forward) {
        if (token == null || token.isBlank() || token.length() > 2_000) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
            String[] parts = plain.split(SEPARATOR, 7);
            if (parts.length != 7 || !parts[1].equals(forward ? "a" : "b")) {
                return null;
            }
            IncidentQuery.Sort sort = IncidentQuery.Sort.valueOf(parts[0].toUpperCase(Locale.ROOT));
            String[] seconds = parts[4].split("\\.", 2);
            Instant time = Instant.ofEpochSecond(Long.parseLong(seconds[0]), Long.parseLong(seconds[1]));
            return new Cursor(sort, forward, Math.max(1, Long.parseLong(parts[2])), Severity.valueOf(parts[3]), time,
                    parts[6], Long.parseLong(parts[5]));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | java.time.DateTimeException e) {
            return null;
        }
    }
}
