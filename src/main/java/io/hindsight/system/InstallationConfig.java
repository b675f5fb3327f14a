package io.hindsight.system;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/** Which installation this portal expects to find in its database (docs/operations.md, "Which database am I on?"). */
@ConfigMapping(prefix = "hindsight.installation")
public interface InstallationConfig {

    /** The installation's name, given to the installation row on the first start (when it has no environment yet). */
    Optional<String> name();

    /**
     * The installation id this portal must find in its database. Without it, the id recorded in the
     * identity file on the first successful start is expected.
     */
    Optional<UUID> expectedId();

    /**
     * Starts on a database whose installation is not the expected one, or that is empty where data
     * was expected. Must name the id of the installation found, so it cannot stay on by accident
     * and let a later, different database through.
     */
    Optional<String> override();

    /**
     * Where the identity seen on the first successful start is recorded. Default:
     * {@code ~/.hindsight/installation.json}; with the embedded database, beside its data directory.
     */
    Optional<Path> identityFile();

    /** Whether the identity file is written (off for development and tests, which only warn). */
    @WithDefault("true")
    boolean recordLocally();
}
