package io.hindsight.session;

import io.hindsight.Jwts;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints JWTs the way an attacker (or a buggy client) would: from the claims of a real token, signed
 * with the portal's real key, with exactly one thing wrong. {@link Defect#NONE} is the control: the
 * same recipe without a defect must be accepted, or the refusals prove nothing.
 */
final class TokenMint {

    /** What is wrong with a minted token. */
    enum Defect {
        NONE,
        EXPIRED,
        NOT_YET_VALID,
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        TAMPERED_PAYLOAD,
        TAMPERED_SIGNATURE,
        ALG_NONE,
        ALG_NONE_WITHOUT_KID,
        HS256_SIGNED_WITH_PUBLIC_KEY_BYTES,
        HS256_SIGNED_WITH_PUBLIC_KEY_PEM,
        UNKNOWN_KID,
        FOREIGN_KEY_UNDER_REAL_KID,
        FOREIGN_KEY_IN_JWK_HEADER,
        FOREIGN_KEY_BEHIND_JKU_HEADER,
        MISSING_SID,
        MISSING_AUTH_TIME,
        MISSING_USE,
        SID_OF_NO_SESSION,
        OTHER_USE
    }

    /** An attacker's own key pair, made once: 2048-bit RSA like the real one. */
    private static final KeyPair FOREIGN = generate();

    private final SigningKeys.Signer signer;
    private final String issuer;
    private final String audience;

    TokenMint(SigningKeys keys, JwtConfig config) {
        this.signer = keys.signer();
        this.issuer = config.issuer();
        this.audience = config.audience();
    }

    String kid() {
        return signer.kid();
    }

    /**
     * The claims of {@code realToken} (sub, sid, auth_time, use, groups …) with this installation's
     * issuer and audience, issued now and valid for ten minutes.
     */
    Map<String, Object> claimsOf(String realToken) {
        Map<String, Object> claims = new LinkedHashMap<>(Jwts.claims(realToken));
        Instant now = Instant.now();
        claims.remove("jti");
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(Duration.ofMinutes(10)).getEpochSecond());
        return claims;
    }

    /** Signs {@code claims} exactly as the portal does: RS256, its key, its kid. */
    String sign(Map<String, Object> claims) {
        return Jwt.claims(claims).jws().keyId(signer.kid()).algorithm(SignatureAlgorithm.RS256).sign(signer.privateKey());
    }

    /** {@code claims}, signed, with {@code defect}. */
    String mint(Map<String, Object> claims, Defect defect) {
        Map<String, Object> c = new LinkedHashMap<>(claims);
        Instant now = Instant.now();
        return switch (defect) {
            case NONE -> sign(c);
            case EXPIRED -> {
                // A minute past exp: well beyond the five seconds of tolerated clock skew.
                c.put("iat", now.minus(Duration.ofMinutes(31)).getEpochSecond());
                c.put("exp", now.minus(Duration.ofMinutes(1)).getEpochSecond());
                yield sign(c);
            }
            case NOT_YET_VALID -> {
                c.put("nbf", now.plus(Duration.ofMinutes(5)).getEpochSecond());
                yield sign(c);
            }
            case WRONG_ISSUER -> {
                c.put("iss", "https://evil.example/issuer");
                yield sign(c);
            }
            case WRONG_AUDIENCE -> {
                c.put("aud", "some-other-service");
                yield sign(c);
            }
            case TAMPERED_PAYLOAD -> {
                // A valid signature over the original claims, then the payload promotes its holder to admin.
                String signed = sign(c);
                String[] parts = signed.split("\\.");
                Map<String, Object> promoted = new LinkedHashMap<>(Jwts.claims(signed));
                promoted.put("groups", List.of("viewer", "editor", "admin"));
                promoted.put("exp", now.plus(Duration.ofHours(10)).getEpochSecond());
                yield parts[0] + "." + Jwts.encode(promoted) + "." + parts[2];
            }
            case TAMPERED_SIGNATURE -> {
                String[] parts = sign(c).split("\\.");
                char[] signature = parts[2].toCharArray();
                int middle = signature.length / 2;
                signature[middle] = signature[middle] == 'A' ? 'B' : 'A';
                yield parts[0] + "." + parts[1] + "." + new String(signature);
            }
            case ALG_NONE -> unsigned(c, true);
            case ALG_NONE_WITHOUT_KID -> unsigned(c, false);
            case HS256_SIGNED_WITH_PUBLIC_KEY_BYTES -> Jwt.claims(c).jws().keyId(signer.kid())
                    .algorithm(SignatureAlgorithm.HS256)
                    .sign(new SecretKeySpec(signer.publicKey().getEncoded(), "HmacSHA256"));
            case HS256_SIGNED_WITH_PUBLIC_KEY_PEM -> Jwt.claims(c).jws().keyId(signer.kid())
                    .algorithm(SignatureAlgorithm.HS256)
                    .sign(new SecretKeySpec(SigningKeys.pem("PUBLIC KEY", signer.publicKey().getEncoded())
                            .getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            case UNKNOWN_KID -> Jwt.claims(c).jws().keyId("attacker-key-1").algorithm(SignatureAlgorithm.RS256)
                    .sign(FOREIGN.getPrivate());
            case FOREIGN_KEY_UNDER_REAL_KID -> Jwt.claims(c).jws().keyId(signer.kid()).algorithm(SignatureAlgorithm.RS256)
                    .sign(FOREIGN.getPrivate());
            case FOREIGN_KEY_IN_JWK_HEADER -> Jwt.claims(c).jws().keyId(signer.kid()).jwk(FOREIGN.getPublic())
                    .algorithm(SignatureAlgorithm.RS256).sign(FOREIGN.getPrivate());
            case FOREIGN_KEY_BEHIND_JKU_HEADER -> Jwt.claims(c).jws().keyId(signer.kid())
                    .header("jku", "https://evil.example/.well-known/jwks.json")
                    .algorithm(SignatureAlgorithm.RS256).sign(FOREIGN.getPrivate());
            case MISSING_SID -> {
                c.remove("sid");
                yield sign(c);
            }
            case MISSING_AUTH_TIME -> {
                c.remove("auth_time");
                yield sign(c);
            }
            case MISSING_USE -> {
                c.remove("use");
                yield sign(c);
            }
            case SID_OF_NO_SESSION -> {
                c.put("sid", UUID.randomUUID().toString());
                yield sign(c);
            }
            case OTHER_USE -> {
                c.put("use", "session".equals(c.get("use")) ? "api" : "session");
                yield sign(c);
            }
        };
    }

    /** {"alg":"none"}: header and payload with an empty signature. */
    private String unsigned(Map<String, Object> claims, boolean withKid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "none");
        header.put("typ", "JWT");
        if (withKid) {
            header.put("kid", signer.kid());
        }
        return Jwts.encode(header) + "." + Jwts.encode(claims) + ".";
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
