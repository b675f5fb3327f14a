package io.hindsight.account;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The first admin of an unattended install, from {@code HINDSIGHT_ADMIN_EMAIL} and
 * {@code HINDSIGHT_ADMIN_PASSWORD}; used once, while nobody exists. No defaults: secrets come only
 * from the environment.
 */
@ConfigMapping(prefix = "hindsight.admin")
public interface AdminConfig {

    Optional<String> email();

    Optional<String> password();
}
