package io.hindsight;

import io.hindsight.web.PublicUrl;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The test portal was "set up" at {@value #ADDRESS}: links in messages, share links and feeds start
 * there, as they would after a first admin's setup at that address (nothing configures
 * {@code hindsight.public-base-url} in tests, so the recorded address is what is used).
 */
@ApplicationScoped
public class TestPublicAddress {

    public static final String ADDRESS = "https://hindsight.test.example";

    @Inject
    PublicUrl publicUrl;

    void onStart(@Observes StartupEvent event) {
        reset(publicUrl);
    }

    /** Puts the test address back after a test changed it. */
    public static void reset(PublicUrl publicUrl) {
        publicUrl.record(ADDRESS);
    }
}
