package io.hindsight.trash;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long deleted incidents stay in the Trash, and when the purge looks for the ones that stayed long enough. */
@ConfigMapping(prefix = "hindsight.trash")
public interface TrashConfig {

    /** A deleted incident can be restored for this long; after it, the scheduled purge removes it for good. */
    @WithDefault("30d")
    Duration retention();

    /** When the purge of incidents past their retention runs (a Quartz-style cron; {@code off} to never). */
    @WithDefault("0 15 3 * * ?")
    String purgeCron();
}
