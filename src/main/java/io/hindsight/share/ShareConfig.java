package io.hindsight.share;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Read-only share links of published postmortems. */
@ConfigMapping(prefix = "hindsight.share")
public interface ShareConfig {

    /** A link stops working this long after it was made. */
    @WithDefault("P7D")
    Duration lifetime();
}
