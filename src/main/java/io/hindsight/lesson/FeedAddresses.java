package io.hindsight.lesson;

import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.security.Secrets;
import io.hindsight.web.PublicUrl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Private feed addresses: feed readers cannot send a bearer header, so each person may have one
 * address with a secret in it (256 random bits from {@code SecureRandom}, stored as its SHA-256). It
 * opens the lessons feed and nothing else, read-only; creating a new one revokes the old one.
 */
@ApplicationScoped
@Transactional
public class FeedAddresses {

    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    /** What a well-formed secret looks like: anything else is refused before a database look-up. */
    private static final Pattern SHAPE = Pattern.compile(Pattern.quote(FeedToken.VALUE_PREFIX) + "[A-Za-z0-9_-]{43}");

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    PublicUrl publicUrl;

    /** A new address and its secret, shown exactly once. */
    public record Created(FeedToken token, String url) {
    }

    /** The path of the private lessons feed for a secret. */
    static String path(String secret) {
        return "/feed/private/" + secret + "/lessons.atom";
    }

    /** Makes a new address for {@code owner}; their earlier one, if any, stops working. */
    public Created create(long ownerId, String ip) {
        Instant now = clock.instant();
        // Two clicks at once: the second waits for the first, then replaces its address (one live address each).
        User owner = User.findById(ownerId, LockModeType.PESSIMISTIC_WRITE);
        Optional<FeedToken> earlier = live(ownerId);
        earlier.ifPresent(t -> t.revokedAt = now);
        FeedToken.getEntityManager().flush();
        String secret = FeedToken.VALUE_PREFIX + Secrets.random();
        FeedToken token = new FeedToken();
        token.user = owner;
        token.tokenHash = Secrets.hash(secret);
        token.createdAt = now;
        token.persist();
        audit.record(ownerId, AuditAction.FEED_ADDRESS_CREATED, AuditSubject.account(ownerId),
                "feed address #" + token.id + earlier.map(t -> ", replacing #" + t.id).orElse(""), ip);
        return new Created(token, publicUrl.of(path(secret)));
    }

    /** Revokes the person's live address; false when they had none. */
    public boolean revoke(long ownerId, String ip) {
        Optional<FeedToken> live = live(ownerId);
        live.ifPresent(t -> {
            t.revokedAt = clock.instant();
            audit.record(ownerId, AuditAction.FEED_ADDRESS_REVOKED, AuditSubject.account(ownerId), "feed address #" + t.id, ip);
        });
        return live.isPresent();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<FeedToken> live(long ownerId) {
        return FeedToken.<FeedToken>find("user.id = ?1 AND revokedAt IS NULL", ownerId).firstResultOptional();
    }

    /** The active person a secret belongs to, when it is live; empty for anything else, without saying why. */
    public Optional<User> owner(String secret) {
        if (secret == null || !SHAPE.matcher(secret).matches()) {
            return Optional.empty();
        }
        Optional<FeedToken> found = FeedToken.<FeedToken>find("FROM FeedToken t JOIN FETCH t.user WHERE t.tokenHash = ?1 AND t.revokedAt IS NULL",
                Secrets.hash(secret)).firstResultOptional().filter(t -> t.user.isActive());
        found.ifPresent(t -> {
            Instant now = clock.instant();
            if (t.lastUsedAt == null || t.lastUsedAt.plus(LAST_USED_PRECISION).isBefore(now)) {
                t.lastUsedAt = now;
            }
        });
        return found.map(t -> t.user);
    }
}
