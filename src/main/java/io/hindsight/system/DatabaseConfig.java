package io.hindsight.system;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the launcher tells the application about the database it started. */
@ConfigMapping(prefix = "hindsight.database")
public interface DatabaseConfig {

    /** Set by the launcher when it started the embedded PostgreSQL; not meant to be set by hand. */
    @WithDefault("false")
    boolean embedded();
}
