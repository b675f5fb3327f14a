package io.hindsight.session;

import io.hindsight.account.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One browser sign-in. Its id is the {@code sid} of every token issued for it; the row, not the
 * token, decides whether the session still counts.
 */
@Entity
@Table(name = "user_session")
public class UserSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public User user;

    public Instant createdAt;
    public Instant lastSeenAt;
    public Instant idleExpiresAt;
    public Instant absoluteExpiresAt;
    public Instant revokedAt;
    public String revokedReason;
    public String userAgent = "";
    public String ip = "";

    public static List<UserSession> activeFor(long userId, Instant now) {
        return list("user.id = ?1 AND revokedAt IS NULL AND idleExpiresAt > ?2 AND absoluteExpiresAt > ?2 ORDER BY lastSeenAt DESC",
                userId, now);
    }

    /** A short description of the browser, for the sessions page. */
    public String device() {
        String ua = userAgent == null ? "" : userAgent;
        String browser = ua.contains("Edg/") ? "Edge" : ua.contains("Chrome/") ? "Chrome" : ua.contains("Firefox/") ? "Firefox"
                : ua.contains("Safari/") ? "Safari" : ua.isBlank() ? "Unknown browser" : "Other client";
        String os = ua.contains("Windows") ? "Windows" : ua.contains("Mac OS") ? "macOS" : ua.contains("Android") ? "Android"
                : ua.contains("iPhone") || ua.contains("iPad") ? "iOS" : ua.contains("Linux") ? "Linux" : "";
        return os.isEmpty() ? browser : browser + " on " + os;
    }
}
