package io.hindsight.web;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address people open Hindsight at: the one source of every absolute link that leaves the portal
 * (Slack messages, share links, the Atom feeds, backup drill notes). In order: the configured
 * {@code hindsight.public-base-url}; else the address recorded at first-run setup or set by an admin on
 * Admin → Settings ({@code installation.public_address}); else {@value #FALLBACK}.
 *
 * <p>The recorded address is read from the database and kept for a few seconds, so that every instance
 * sees an admin's change soon without a query per link.
 */
@ApplicationScoped
public class PublicUrl {

    /** What links start with before anyone set up the portal. */
    public static final String FALLBACK = "http://localhost:8080";
    static final Duration CACHE = Duration.ofSeconds(10);
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    /** Where the address in use comes from. */
    public enum Source { CONFIGURED, RECORDED, FALLBACK }

    @Inject
    PublicUrlConfig config;

    @Inject
    AgroalDataSource dataSource;

    private volatile Recorded cached;

    private record Recorded(Optional<String> address, long readAtNanos) {
    }

    /** The address in use, without a trailing slash. */
    public String base() {
        return configured().or(this::recorded).orElse(FALLBACK);
    }

    /** The address of {@code path} (which starts with {@code /}, or is empty for the base itself). */
    public String of(String path) {
        return base() + path;
    }

    public Source source() {
        if (configured().isPresent()) {
            return Source.CONFIGURED;
        }
        return recorded().isPresent() ? Source.RECORDED : Source.FALLBACK;
    }

    /** The configured address, normalised; a value that is not an absolute http(s) address counts as unset. */
    public Optional<String> configured() {
        return config.base().flatMap(PublicUrl::normalize);
    }

    /** The address recorded in the database (at setup, or by an admin). */
    public Optional<String> recorded() {
        Recorded current = cached;
        if (current == null || System.nanoTime() - current.readAtNanos() > CACHE.toNanos()) {
            current = new Recorded(read(), System.nanoTime());
            cached = current;
        }
        return current.address();
    }

    /** Whether links point at this machine only (localhost, 127.0.0.0/8, ::1), useless to anyone else. */
    public boolean isLoopback() {
        return loopback(base());
    }

    /**
     * Stores {@code address} as the recorded public address (already normalised by {@link #normalize}).
     * Runs in the caller's transaction when there is one.
     */
    public void record(String address) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE installation SET public_address = ?")) {
            update.setString(1, address);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not record the public address", e);
        }
        cached = null;
    }

    /** Forgets the remembered value, e.g. after a restore replaced the installation row. */
    public void forget() {
        cached = null;
    }

    private Optional<String> read() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT public_address FROM installation LIMIT 1");
             ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)).flatMap(PublicUrl::normalize) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /**
     * An absolute http(s) address with a host and nothing after the path (no query, fragment or user
     * info, a port in range), without a trailing slash; empty when {@code input} is not one.
     */
    public static Optional<String> normalize(String input) {
        if (input == null || input.isBlank() || input.length() > 2000) {
            return Optional.empty();
        }
        if (HttpAddress.problem(input.strip(), false).isPresent()) {
            return Optional.empty();
        }
        URI uri = URI.create(input.strip());
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path);
    }

    /** Whether the host of {@code address} is localhost, in 127.0.0.0/8 or ::1. */
    public static boolean loopback(String address) {
        String host;
        try {
            host = new URI(address).getHost();
        } catch (URISyntaxException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.endsWith(".localhost") || IPV4_LOOPBACK.matcher(host).matches()) {
            return true;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            try {
                // A literal, never a name lookup.
                return InetAddress.getByName(host.substring(1, host.length() - 1)).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
