package io.hindsight.outbox;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long an outbox row waits before its next attempt after a failure the other side may get over. */
public final class RetryBackoff {

    private RetryBackoff() {
    }

    /**
     * Exponential with "equal jitter": {@code base} doubled for each attempt after the first, never above {@code max};
     * half of that for sure, the other half at random, so that rows that failed together do not come back together.
     */
    public static Duration after(int attempt, Duration base, Duration max) {
        long maxMillis = max.toMillis();
        long step = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        if (step <= 0 || step > maxMillis) {
            step = maxMillis;
        }
        long half = step / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
    }
}
