package io.hindsight.apitoken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Opaque token values: 256 random bits, stored only as SHA-256 hashes. */
final class Secrets {

    static final String REFRESH_PREFIX = "hs_rt_";
    static final String PAT_PREFIX = "hs_pat_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String random(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The successor of a refresh token, derived with a server secret instead of stored, so the
     * previous token can be answered with the same successor during the overlap window.
     */
    static String successor(String previous, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return REFRESH_PREFIX + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(previous.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
