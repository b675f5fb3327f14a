package io.hindsight.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Sign-in throttling after OWASP's device-cookie scheme, kept in the database so it holds across
 * instances and restarts. A browser that signed in to an account before carries a signed device
 * cookie and is locked out only by its own failures; every other browser is throttled per account;
 * an address is slowed down, never walled off.
 */
@ConfigMapping(prefix = "hindsight.login")
public interface LoginConfig {

    /** Failures from untrusted devices for one account within the window before those devices are locked out. */
    @WithDefault("5")
    int maxFailuresPerAccount();

    /** Failures from one trusted device (device cookie) within the window before that cookie is locked out. */
    @WithDefault("5")
    int maxFailuresPerDevice();

    /** Failures from one address within the window before each further attempt from it waits a growing delay. */
    @WithDefault("20")
    int maxFailuresPerIp();

    /** The longest an address waits between attempts once it is slowed down (the delay doubles from 1 s up to this). */
    @WithDefault("PT1M")
    Duration maxIpDelay();

    /** How far back failures count. */
    @WithDefault("PT15M")
    Duration window();

    /** How long a lock-out of an account's untrusted devices, or of one device cookie, lasts. */
    @WithDefault("PT15M")
    Duration lockout();

    /** How long a device cookie is good for after the sign-in that issued it. */
    @WithDefault("P180D")
    Duration deviceCookieLifetime();
}
