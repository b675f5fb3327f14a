package io.hindsight.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one reading of an http(s) address that people paste (a webhook, an issue tracker's API, the portal's public
 * address): each feature says in its own words what is wrong, from the same findings, so that no check is left out of
 * one of them.
 */
public final class HttpAddress {

    /** What can be wrong with an address, in the order it is looked at. */
    public enum Problem {
        /** Not an address at all (Java's URI cannot read it). */
        UNREADABLE,
        /** Not absolute, or a scheme other than http and https. */
        NOT_HTTP,
        NO_HOST,
        /** A port outside 1–65535 (Java's URI reads any number). */
        PORT_OUT_OF_RANGE,
        USER_INFO,
        QUERY,
        FRAGMENT
    }

    private HttpAddress() {
    }

    /**
     * The first problem of {@code address} as an absolute http(s) address with a host, or empty when it has none; a
     * {@code ?query} is a problem only when {@code queryAllowed} is false.
     */
    public static Optional<Problem> problem(String address, boolean queryAllowed) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.of(Problem.UNREADABLE);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            return Optional.of(Problem.NOT_HTTP);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of(Problem.NO_HOST);
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            return Optional.of(Problem.PORT_OUT_OF_RANGE);
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of(Problem.USER_INFO);
        }
        if (!queryAllowed && uri.getRawQuery() != null) {
            return Optional.of(Problem.QUERY);
        }
        if (uri.getRawFragment() != null) {
            return Optional.of(Problem.FRAGMENT);
        }
        return Optional.empty();
    }
}
