package io.hindsight.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code hindsight.alerts.*}: inbound alert webhooks (defaults in docs/configuration.md). */
@ConfigMapping(prefix = "hindsight.alerts")
public interface AlertConfig {

    /**
     * The largest webhook body accepted, in bytes; larger ones are answered 413 without being read as JSON.
     * An Alertmanager group of a few hundred alerts stays well below it.
     */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** How many of a source's latest deliveries its page shows. */
    @WithDefault("20")
    int deliveriesShown();
}
