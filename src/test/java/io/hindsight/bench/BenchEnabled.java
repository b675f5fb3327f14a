package io.hindsight.bench;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The portal as bench/pages.sh starts it: with the bare baselines served. */
public class BenchEnabled implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("hindsight.bench.enabled", "true");
    }
}
