package io.hindsight;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Client addresses for {@code X-Forwarded-For}. Sign-in throttling counts failures per address, and
 * every test runs in one shared database, so a test that fails sign-ins on purpose does it from an
 * address of its own, never from 127.0.0.1, which every other test signs in from.
 */
public final class Addresses {

    private Addresses() {
    }

    /** A random private address (10.x.y.z) no other test uses. */
    public static String unique() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
