package io.hindsight.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Optional;

/**
 * {@code hindsight.public-base-url}: the address people open Hindsight at, when an operator fixes it.
 * Unset by default: then the address recorded at first-run setup (Admin → Settings) is used.
 */
@ConfigMapping(prefix = "hindsight.public-base-url")
public interface PublicUrlConfig {

    @WithParentName
    Optional<String> base();
}
