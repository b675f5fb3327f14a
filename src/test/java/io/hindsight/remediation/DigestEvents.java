package io.hindsight.remediation;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Listens, in the test application, to what notifications would listen to: the daily digest.
 * Shared by all tests of a run: tests look for their own item ids, never at counts.
 */
@Singleton
public class DigestEvents {

    private final List<DailyDigest.Due> digests = new CopyOnWriteArrayList<>();

    void announced(@Observes DailyDigest.Due due) {
        digests.add(due);
    }

    /** Digests announced so far, oldest first. */
    public List<DailyDigest.Due> digests() {
        return List.copyOf(digests);
    }
}
