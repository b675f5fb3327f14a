package io.hindsight.session;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A renewal moves the session row's idle deadline, so the cached state is read again once after it; the requests
 * that only share that renewal's token (a browser's burst, or a client that keeps sending the aged cookie) change
 * nothing and keep the cached state instead of reading the row on every request.
 */
class SharedRenewalKeepsStateTest {

    @Test
    void onlyTheRequestThatRenewsForgetsTheCachedState() {
        Instant now = Instant.parse("2026-11-29T08:00:00Z");
        SessionStateCache cache = new SessionStateCache(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(5), 100, Duration.ofMinutes(1));
        UUID sid = UUID.randomUUID();
        SessionStateCache.State state = new SessionStateCache.State(sid, 7, "a@example.com", Set.of("editor"), true, now,
                now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(8)), null, now);
        AtomicInteger loads = new AtomicInteger();
        AtomicInteger renewals = new AtomicInteger();

        cache.state(sid, id -> { loads.incrementAndGet(); return Optional.of(state); });
        assertEquals(1, loads.get());

        Optional<String> first = cache.renewed(sid, 7, Duration.ofMinutes(1), id -> Optional.of("token-" + renewals.incrementAndGet()));
        cache.state(sid, id -> { loads.incrementAndGet(); return Optional.of(state); });
        assertEquals(2, loads.get(), "the renewal moved the idle deadline: the state is read again");

        for (int i = 0; i < 5; i++) {
            assertEquals(first, cache.renewed(sid, 7, Duration.ofMinutes(1), id -> Optional.of("token-" + renewals.incrementAndGet())));
            cache.state(sid, id -> { loads.incrementAndGet(); return Optional.of(state); });
        }
        assertEquals(1, renewals.get(), "one renewal per interval");
        assertEquals(2, loads.get(), "sharing the renewal's token keeps the cached state");
    }
}
