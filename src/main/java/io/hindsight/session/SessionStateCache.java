package io.hindsight.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * What every signed-in request needs to know about its session, kept for a few seconds (SECURITY.md
 * B5): the session row's deadlines and the person's role and status. Entries count only while both
 * the real time and the application clock say they are younger than the lifetime, and the deadlines
 * in them are checked against the clock on every request, so the cache never keeps a session alive.
 *
 * <p>Revocations evict at once here and, through {@link SessionRevocations}, on every other instance.
 * Renewals are made once per session and renewal interval and the re-signed token is shared by the
 * requests that need it in that interval.
 */
@ApplicationScoped
public class SessionStateCache {

    /** A session row and its person, as read at {@code loadedAt}. */
    public record State(UUID sid, long userId, String email, Set<String> roles, boolean userActive, Instant createdAt,
                        Instant idleExpiresAt, Instant absoluteExpiresAt, Instant revokedAt, Instant loadedAt) {
    }

    /** A re-signed session token, shared by the requests of its renewal interval. */
    record Renewed(long userId, String token, Instant issuedAt) {
    }

    private Clock clock;
    private Duration ttl;
    private Cache<UUID, State> states;
    private Cache<UUID, Renewed> renewals;

    /** For CDI. */
    SessionStateCache() {
    }

    @Inject
    SessionStateCache(SessionConfig config, Clock clock) {
        this(clock, config.cacheTtl(), config.cacheSize(), config.renewAfter());
    }

    /** A cache of its own, as on another instance. */
    public SessionStateCache(Clock clock, Duration ttl, long maxSessions, Duration renewAfter) {
        this.clock = clock;
        this.ttl = ttl;
        this.states = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterWrite(ttl).build();
        this.renewals = Caffeine.newBuilder().maximumSize(maxSessions).expireAfterWrite(renewAfter).build();
    }

    /** The state of a session, read through {@code loader} when not cached or no longer fresh; a missing session is not cached. */
    public Optional<State> state(UUID sid, Function<UUID, Optional<State>> loader) {
        State cached = states.getIfPresent(sid);
        if (cached != null && fresh(cached.loadedAt(), ttl)) {
            return Optional.of(cached);
        }
        Optional<State> loaded = loader.apply(sid);
        loaded.ifPresentOrElse(s -> states.put(sid, s), () -> states.invalidate(sid));
        return loaded;
    }

    /**
     * The token re-signed for this session in the current renewal interval, made by {@code renew} by
     * one request only: the others of a burst wait for it and share it.
     */
    public Optional<String> renewed(UUID sid, long userId, Duration interval, Function<UUID, Optional<String>> renew) {
        Renewed renewed = renewals.asMap().compute(sid, (key, previous) -> {
            if (previous != null && fresh(previous.issuedAt(), interval)) {
                return previous; // shared: nothing moved, the cached state stays
            }
            Instant now = clock.instant();
            Optional<String> token = renew.apply(key);
            states.invalidate(key); // the row's idle deadline moved (or the session ended)
            return token.map(t -> new Renewed(userId, t, now)).orElse(null);
        });
        return Optional.ofNullable(renewed).map(Renewed::token);
    }

    public void evictSession(UUID sid) {
        states.invalidate(sid);
        renewals.invalidate(sid);
    }

    public void evictUser(long userId) {
        states.asMap().values().removeIf(s -> s.userId() == userId);
        renewals.asMap().values().removeIf(r -> r.userId() == userId);
    }

    /** Forgets everything, when revocations may have been missed. */
    public void clear() {
        states.invalidateAll();
        renewals.invalidateAll();
    }

    /** Whether a session's state is cached and fresh (for tests and diagnostics). */
    public boolean holds(UUID sid) {
        State cached = states.getIfPresent(sid);
        return cached != null && fresh(cached.loadedAt(), ttl);
    }

    /** Applies a revocation notice: a session id, {@code user:<id>}, or anything else to clear everything. */
    public void onNotice(String payload) {
        if (payload != null && payload.startsWith(SessionRevocations.USER_PREFIX)) {
            try {
                evictUser(Long.parseLong(payload.substring(SessionRevocations.USER_PREFIX.length())));
                return;
            } catch (NumberFormatException e) {
                clear();
                return;
            }
        }
        try {
            evictSession(UUID.fromString(payload));
        } catch (RuntimeException e) {
            clear();
        }
    }

    /** Younger than {@code lifetime} by the application clock; a clock set back makes nothing fresh. */
    private boolean fresh(Instant since, Duration lifetime) {
        Instant now = clock.instant();
        return !now.isBefore(since) && now.isBefore(since.plus(lifetime));
    }
}
