package io.hindsight.similar;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hindsight.session.RevocationListener;
import io.hindsight.system.DedicatedConnections;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The incident page's "This happened before" panel and "did the fix work?" lines, kept in memory per incident between
 * changes: reading them again costs no statement.
 *
 * <p>What they read changes rarely compared with how often they are read, but any write may change any incident's
 * panel (a newer, more similar incident; an edit; the Trash; a published lesson; a completed fix). So nothing is
 * invalidated one by one: each kind has a generation, and an entry counts only while its generation is the current
 * one. A generation moves on
 * <ul>
 *   <li>on every instance, when PostgreSQL's notice on {@value #CHANNEL} arrives: the V33 triggers send it when a
 *   transaction that wrote an incident, postmortem or lesson card ({@code similar}) or an action item or checklist
 *   ({@code fixes}) commits, whoever wrote it (pages, API, scheduled jobs, the seed command, another instance);</li>
 *   <li>on this instance, as soon as a request that may have written has been handled ({@link WritesSeen}), so that
 *   the person who wrote sees the change on the next page without waiting for the notice;</li>
 *   <li>whenever the listener is not listening (nothing is cached then) and when it listens again, since notices may
 *   have been missed.</li>
 * </ul>
 * An entry is stored under the generation read <em>before</em> its statements ran, so it is never older than its
 * generation says: a write that commits while it is computed moves the generation on and the entry is not used.
 */
@ApplicationScoped
public class SimilarCache {

    /** The channel of the V33 triggers. */
    public static final String CHANNEL = "hindsight_similar_changed";
    /** Incidents whose panels are kept; each entry is a few short lists. */
    static final int MAX_INCIDENTS = 20_000;
    /** Ranges whose recurrences after fixes are kept (the insights panel: one entry per filter asked for). */
    static final int MAX_RANGES = 1_000;

    private record Key(long incidentId, long version, int limit) {
    }

    private record Entry<T>(long generation, T value) {
    }

    private record RangeKey(java.time.Instant from, java.time.Instant to, String service, int maxFixes) {
    }

    private final boolean enabled;
    private final AtomicLong similarGeneration = new AtomicLong();
    private final AtomicLong fixesGeneration = new AtomicLong();
    private final Cache<Key, Entry<List<SimilarIncident>>> panels = Caffeine.newBuilder().maximumSize(MAX_INCIDENTS).build();
    private final Cache<Long, Entry<Recurrences.OfIncident>> recurrences =
            Caffeine.newBuilder().maximumSize(MAX_INCIDENTS).build();
    /** Recurrences after the fixes of a range (the insights panel), per range, service and number of fixes examined. */
    private final Cache<RangeKey, Entry<List<Recurrence>>> rangeRecurrences = Caffeine.newBuilder().maximumSize(MAX_RANGES).build();
    private volatile RevocationListener listener;

    @Inject
    DedicatedConnections connections;

    SimilarCache(@ConfigProperty(name = "hindsight.similar.cache", defaultValue = "true") boolean enabled) {
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        listener = new RevocationListener("similar-changes", CHANNEL, () -> connections.open("hindsight similar changes"),
                this::onNotice, this::forgetAll);
    }

    void onStop(@Observes ShutdownEvent event) {
        RevocationListener current = listener;
        if (current != null) {
            current.close();
        }
    }

    /** Whether entries may be used: only while the changes of every instance are heard. */
    public boolean usable() {
        RevocationListener current = listener;
        return enabled && current != null && current.listening();
    }

    /**
     * The similar incidents of incident {@code id} at {@code version} (at most {@code limit}), computed by {@code compute}
     * when needed. The version is part of the key: a panel computed from an incident loaded before a change to it
     * (whose notice may arrive before the panel is stored) is never served for the changed incident.
     */
    List<SimilarIncident> panel(long id, long version, int limit, Supplier<List<SimilarIncident>> compute) {
        if (!usable()) {
            return compute.get();
        }
        long generation = similarGeneration.get();
        Key key = new Key(id, version, limit);
        Entry<List<SimilarIncident>> entry = panels.getIfPresent(key);
        if (entry != null && entry.generation() == generation) {
            return entry.value();
        }
        List<SimilarIncident> value = List.copyOf(compute.get());
        panels.put(key, new Entry<>(generation, value));
        return value;
    }

    /** The recurrences of incident {@code id}, computed by {@code compute} when needed. */
    Recurrences.OfIncident recurrences(long id, Supplier<Recurrences.OfIncident> compute) {
        if (!usable()) {
            return compute.get();
        }
        long generation = fixesGeneration.get();
        Entry<Recurrences.OfIncident> entry = recurrences.getIfPresent(id);
        if (entry != null && entry.generation() == generation) {
            return entry.value();
        }
        Recurrences.OfIncident value = compute.get();
        recurrences.put(id, new Entry<>(generation, value));
        return value;
    }

    /**
     * The recurrences after the fixes done in [{@code from}, {@code to}) on {@code service} (null: any), computed by
     * {@code compute} when needed; like {@link #recurrences}, kept until any incident, action item or checklist changes.
     */
    List<Recurrence> recurrencesAfterFixes(java.time.Instant from, java.time.Instant to, String service, int maxFixes,
                                           Supplier<List<Recurrence>> compute) {
        if (!usable()) {
            return compute.get();
        }
        long generation = fixesGeneration.get();
        RangeKey key = new RangeKey(from, to, service, maxFixes);
        Entry<List<Recurrence>> entry = rangeRecurrences.getIfPresent(key);
        if (entry != null && entry.generation() == generation) {
            return entry.value();
        }
        List<Recurrence> value = List.copyOf(compute.get());
        rangeRecurrences.put(key, new Entry<>(generation, value));
        return value;
    }

    /** A notice from the V33 triggers: {@code similar} or {@code fixes}. Anything else counts as both. */
    void onNotice(String payload) {
        if ("fixes".equals(payload)) {
            fixesGeneration.incrementAndGet();
        } else {
            forgetAll();
        }
    }

    /** Something may have changed anything: no entry kept so far is used again. */
    public void forgetAll() {
        // Recurrences read incidents too, so a change of incidents moves both on.
        similarGeneration.incrementAndGet();
        fixesGeneration.incrementAndGet();
    }
}
