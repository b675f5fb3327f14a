package io.hindsight.bench;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Benchmark-only features (docs/performance.md): off everywhere unless bench/pages.sh turns them on. */
@ConfigMapping(prefix = "hindsight.bench")
public interface BenchConfig {

    /** Serves the bare baselines under /bench/bare/…; without it those addresses do not exist (404). */
    @WithDefault("false")
    boolean enabled();
}
