package io.hindsight.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Sign-in throttling, kept in the database so it holds across instances. */
@ConfigMapping(prefix = "hindsight.login")
public interface LoginConfig {

    /** Failed sign-ins for one account within the window before it is locked for the window. */
    @WithDefault("5")
    int maxFailuresPerAccount();

    /** Failed sign-ins from one address within the window before it is locked for the window. */
    @WithDefault("20")
    int maxFailuresPerIp();

    @WithDefault("PT15M")
    Duration window();
}
