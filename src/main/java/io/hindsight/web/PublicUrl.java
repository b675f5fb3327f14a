package io.hindsight.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * The address people open Hindsight at, {@code hindsight.public-base-url}. Every link that leaves
 * the portal (Slack messages, share links, the Atom feed) starts here; the default is the only one.
 */
@ConfigMapping(prefix = "hindsight.public-base-url")
public interface PublicUrl {

    @WithParentName
    @WithDefault("http://localhost:8080")
    String base();

    /** The address of {@code path} (which starts with {@code /}, or is empty for the base itself). */
    default String of(String path) {
        return base().replaceAll("/+$", "") + path;
    }
}
