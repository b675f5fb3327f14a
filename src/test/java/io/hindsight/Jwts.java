package io.hindsight;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the parts of a compact JWS the way an attacker could, without checking anything: tests use
 * it to learn the {@code sid} of a real session and to build tampered variants of real tokens.
 */
public final class Jwts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwts() {
    }

    /** The claims of {@code jwt}, unverified. */
    public static Map<String, Object> claims(String jwt) {
        return decode(jwt.split("\\.", -1)[1]);
    }

    /** The protected header of {@code jwt}, unverified. */
    public static Map<String, Object> header(String jwt) {
        return decode(jwt.split("\\.", -1)[0]);
    }

    public static String sid(String jwt) {
        return (String) claims(jwt).get("sid");
    }

    public static long longClaim(String jwt, String name) {
        return ((Number) claims(jwt).get(name)).longValue();
    }

    /** Base64url without padding of a JSON object, as a JWS part. */
    public static String encode(Map<String, ?> json) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> decode(String part) {
        try {
            return JSON.readValue(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8),
                    new TypeReference<>() {
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
