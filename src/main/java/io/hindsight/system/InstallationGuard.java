package io.hindsight.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Never the wrong database (SECURITY.md 28): before anything is served or written, the installation
 * found in the database is compared with the one this portal expects (configured, or recorded in
 * the identity file on its first successful start). In production a mismatch, or an empty database
 * where data was, stops the start with a message naming both, unless the override names the
 * installation found; development and tests warn instead.
 */
@ApplicationScoped
public class InstallationGuard {

    private static final Logger LOG = Logger.getLogger(InstallationGuard.class);
    /**
     * Runs first among the start-up observers: before the first admin or the demo incidents are written, and before
     * the scheduler starts (it observes start-up at {@code PLATFORM_BEFORE}, 0), so that a refused start never runs a
     * scheduled job against the wrong database or while the refused portal is shutting down.
     */
    static final int FIRST = Interceptor.Priority.PLATFORM_BEFORE - 1;
    /** Runs last: the identity is recorded once everything else has started. */
    static final int LAST = 100_000;

    @Inject
    InstallationConfig config;

    @Inject
    EnvironmentConfig environment;

    @Inject
    Environment where;

    @Inject
    EntityManager entityManager;

    @Inject
    Audit audit;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private volatile GuardDecision.Verdict verdict;

    /** Stops the start: the message says what was expected, what was found, and what to do. */
    public static final class WrongDatabase extends ConfigurationException {
        WrongDatabase(String message) {
            super(message);
        }
    }

    /** What the identity file holds. */
    public record IdentityRecord(UUID id, String name, String environment, String database, boolean hadData, String recordedAt) {
    }

    /**
     * Set (as a system property) by the launcher for the restore command: restoring is the sanctioned way to fill an
     * empty database or replace another installation's data, and the restore itself names both installations and
     * refuses a database with data unless told to replace it. The guard then warns instead of stopping, and once the
     * restore succeeded ({@link #restored()}) the identity file follows the restored installation.
     */
    public static final String RESTORING = "hindsight.restoring";

    private volatile boolean restored;

    void onStart(@Observes @Priority(FIRST) StartupEvent event) {
        check(expected(), config.override().orElse(null), LaunchMode.current() == LaunchMode.NORMAL && !Boolean.getBoolean(RESTORING));
    }

    /** A restore replaced this database's data and installation: this portal now expects the restored installation. */
    public void restored() {
        restored = true;
        recordIdentity();
    }

    void recordAtStart(@Observes @Priority(LAST) StartupEvent event) {
        recordIdentity();
    }

    void recordAtShutdown(@Observes ShutdownEvent event) {
        try {
            recordIdentity();
        } catch (RuntimeException e) {
            LOG.debug("The identity file was not updated at shutdown", e);
        }
    }

    /**
     * Compares, then acts: stops the start (enforce) or warns; records an override in the audit log;
     * gives a fresh installation row its environment and name.
     *
     * @throws WrongDatabase when enforcing and the database is not the expected one
     */
    public GuardDecision.Verdict check(GuardDecision.Expected expected, String override, boolean enforce) {
        GuardDecision.Identity found = found();
        boolean empty = isEmpty();
        GuardDecision.Verdict result = GuardDecision.decide(expected, found, empty, override);
        switch (result.outcome()) {
            case MISMATCH -> {
                if (enforce) {
                    // Quarkus prints a ConfigurationException's message alone, no stack trace, and exits with 1.
                    throw new WrongDatabase(result.message());
                }
                LOG.warn(result.message() + "\n(Development and test profiles only warn; production stops here.)");
            }
            case OVERRIDDEN -> {
                LOG.warn(result.message());
                audit.record(null, AuditAction.GUARD_OVERRIDE, AuditSubject.installation(found.id()),
                        "expected " + expected.identity().describe() + " (from " + expected.source() + "); found "
                                + found.describe() + (empty ? ", empty" : ""), null);
            }
            case FIRST_START -> LOG.info(result.message());
            case MATCH -> LOG.debug(result.message());
        }
        claim();
        verdict = result;
        return result;
    }

    /** The outcome of the check at start, for the readiness report. */
    public Optional<GuardDecision.Verdict> verdict() {
        return Optional.ofNullable(verdict);
    }

    public GuardDecision.Identity found() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Installation installation = Installation.current();
            if (installation == null) {
                throw new WrongDatabase("The database " + databaseName() + " has Hindsight's tables but no installation row, "
                        + "which the first migration creates and nothing deletes. Restore it from a backup, or point "
                        + "QUARKUS_DATASOURCE_JDBC_URL at the right database.");
            }
            return new GuardDecision.Identity(installation.id, installation.name, installation.environment, databaseName());
        });
    }

    /** No incident and no account: what a database looks like right after its first migration. */
    boolean isEmpty() {
        // EXISTS stops at the first row: the check costs the same with a hundred thousand incidents as with one.
        return QuarkusTransaction.requiringNew().call(() -> (Boolean) entityManager.createNativeQuery(
                "SELECT NOT EXISTS (SELECT 1 FROM incident) AND NOT EXISTS (SELECT 1 FROM app_user)").getSingleResult());
    }

    /** The expectation: the configured id, else the identity file; null on the first start. */
    GuardDecision.Expected expected() {
        Optional<IdentityRecord> recorded = readRecord();
        if (config.expectedId().isPresent()) {
            UUID id = config.expectedId().get();
            IdentityRecord same = recorded.filter(r -> id.equals(r.id())).orElse(null);
            GuardDecision.Identity identity = same == null
                    ? new GuardDecision.Identity(id, null, null, null)
                    : new GuardDecision.Identity(id, same.name(), same.environment(), same.database());
            return new GuardDecision.Expected(identity, same != null && same.hadData(),
                    "configuration: hindsight.installation.expected-id");
        }
        return recorded.map(r -> new GuardDecision.Expected(new GuardDecision.Identity(r.id(), r.name(), r.environment(), r.database()),
                r.hadData(), "the identity file " + identityFile() + ", recorded " + r.recordedAt())).orElse(null);
    }

    /** Gives a fresh installation row (no environment yet) this portal's environment and, when configured, name. */
    private void claim() {
        QuarkusTransaction.requiringNew().run(() -> {
            Installation installation = Installation.current();
            if (installation.environment == null) {
                installation.environment = environment.name();
                config.name().filter(n -> !n.isBlank()).ifPresent(n -> installation.name = n.strip());
            } else if (!installation.environment.equalsIgnoreCase(environment.name())) {
                LOG.warnf("This portal is configured as environment '%s', but its database's installation %s is '%s'.",
                        environment.name(), installation.id, installation.environment);
            }
        });
    }

    /** Writes the identity file: the installation this portal runs on, where, and whether it holds data. */
    void recordIdentity() {
        if (!config.recordLocally() || verdict == null || verdict.refused() && !restored) {
            return;
        }
        GuardDecision.Identity found = found();
        boolean hadData = !isEmpty() || readRecord().filter(r -> r.id().equals(found.id())).map(IdentityRecord::hadData).orElse(false);
        IdentityRecord record = new IdentityRecord(found.id(), found.name(), found.environment(), found.database(), hadData,
                clock.instant().toString());
        Path file = identityFile();
        try {
            Path directory = Files.createDirectories(file.toAbsolutePath().getParent());
            // A temporary file of its own: several instances on one machine may share the identity file and record
            // it at the same moment (they record the same installation); each replaces the file whole.
            Path temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp");
            try {
                json.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), record);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            LOG.warnf("Could not record this installation's identity in %s (%s); set hindsight.installation.expected-id=%s instead.",
                    file, e.getMessage(), found.id());
        }
    }

    Optional<IdentityRecord> readRecord() {
        Path file = identityFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), IdentityRecord.class));
        } catch (IOException e) {
            throw new WrongDatabase("The identity file " + file + " cannot be read (" + e.getMessage()
                    + "). Repair or delete it, or set HINDSIGHT_INSTALLATION_EXPECTED_ID.");
        }
    }

    Path identityFile() {
        return config.identityFile().orElseGet(() -> Path.of(System.getProperty("user.home"), ".hindsight", "installation.json"));
    }

    private String databaseName() {
        return where.databaseTarget();
    }
}
