package io.hindsight.session;

import io.hindsight.security.Secrets;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs Hindsight's JWTs (RS256 only) and verifies them against the keys this installation knows,
 * chosen by the token's {@code kid}; a token naming any other key, any other algorithm, issuer or
 * audience, or lacking {@code sid}, {@code auth_time} or {@code use}, is refused.
 */
@ApplicationScoped
public class SigningKeys {

    static final int RSA_BITS = 2048;
    private static final long KEY_LOCK = 0x48696e6473L; // pg_advisory_xact_lock id for key creation
    private static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "sid", "auth_time", "use", "iat", "exp");

    @Inject
    JwtConfig config;

    @Inject
    Clock clock;

    @Inject
    SessionConfig sessionConfig;

    private static final com.fasterxml.jackson.databind.ObjectMapper HEADER_READER = new com.fasterxml.jackson.databind.ObjectMapper();

    private volatile Signer signer;
    /** How long a key's verification context is trusted before its row is read again (retirement). */
    static final java.time.Duration KEY_RECHECK = java.time.Duration.ofSeconds(30);

    private record Verifier(JWTAuthContextInfo context, java.time.Instant loadedAt) {
    }

    private final Map<String, Verifier> verifiers = new ConcurrentHashMap<>();

    /** A token whose signature and claims were verified at {@code at} (application clock). */
    private record Verified(JsonWebToken jwt, java.time.Instant at) {
    }

    /**
     * Verified tokens by the SHA-256 of their text, for a few seconds: checking an RS256 signature and
     * the claims is a good part of what a signed-in request costs. Expiry is still checked every time.
     */
    private volatile com.github.benmanes.caffeine.cache.Cache<String, Verified> verified;

    /** The key new tokens are signed with. */
    public record Signer(String kid, PrivateKey privateKey, PublicKey publicKey) {
    }

    public String sign(JwtClaimsBuilder claims) {
        Signer current = signer();
        return claims.issuer(config.issuer()).audience(config.audience())
                .jws().keyId(current.kid()).algorithm(SignatureAlgorithm.RS256)
                .sign(current.privateKey());
    }

    /**
     * Verifies signature, algorithm, issuer, audience, expiry (with the configured skew, against both
     * the system clock and the application clock) and the required claims.
     */
    public JsonWebToken verify(String token) throws ParseException {
        java.time.Instant now = clock.instant();
        String hash = Secrets.hash(token);
        Verified hit = verifiedTokens().getIfPresent(hash);
        if (hit != null && !now.isBefore(hit.at()) && now.isBefore(hit.at().plus(sessionConfig.cacheTtl()))) {
            return unexpired(hit.jwt(), now);
        }
        String kid = keyId(token).orElseThrow(() -> new ParseException("The token names no key"));
        Verifier verifier = verifiers.compute(kid, (k, cached) -> cached != null
                && cached.loadedAt().plus(KEY_RECHECK).isAfter(now) ? cached : new Verifier(contextFor(k), now));
        JWTAuthContextInfo context = verifier.context();
        if (context == null) {
            throw new ParseException("The token names an unknown or retired key");
        }
        JsonWebToken jwt = unexpired(new DefaultJWTParser(context).parse(token, context), now);
        verifiedTokens().put(hash, new Verified(jwt, now));
        return jwt;
    }

    private JsonWebToken unexpired(JsonWebToken jwt, java.time.Instant now) throws ParseException {
        if (jwt.getExpirationTime() + config.clockSkew().toSeconds() < now.getEpochSecond()) {
            throw new ParseException("The token has expired");
        }
        return jwt;
    }

    private com.github.benmanes.caffeine.cache.Cache<String, Verified> verifiedTokens() {
        var current = verified;
        if (current == null) {
            synchronized (this) {
                if (verified == null) {
                    verified = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                            .maximumSize(sessionConfig.cacheSize())
                            .expireAfterWrite(sessionConfig.cacheTtl())
                            .build();
                }
                current = verified;
            }
        }
        return current;
    }

    /**
     * Verifies everything but expiry: only to tell a person why their session ended (idle, cap)
     * when its token expired together with it. Never grants access.
     */
    public JsonWebToken verifyExpired(String token, java.time.Duration maxAge) throws ParseException {
        String kid = keyId(token).orElseThrow(() -> new ParseException("The token names no key"));
        JWTAuthContextInfo current = verifiers.computeIfAbsent(kid, k -> new Verifier(contextFor(k), clock.instant())).context();
        if (current == null) {
            throw new ParseException("The token names an unknown or retired key");
        }
        JWTAuthContextInfo lenient = new JWTAuthContextInfo(current);
        lenient.setExpGracePeriodSecs((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
        return new DefaultJWTParser(lenient).parse(token, lenient);
    }

    public Signer signer() {
        Signer current = signer;
        if (current == null) {
            synchronized (this) {
                if (signer == null) {
                    signer = load();
                }
                current = signer;
            }
        }
        return current;
    }

    private Signer load() {
        if (config.privateKey().isPresent()) {
            PublicKey publicKey = publicKey(config.publicKey().orElseThrow(() -> new IllegalStateException(
                    "hindsight.jwt.private-key is set but hindsight.jwt.public-key is not; set both")));
            PrivateKey privateKey = privateKey(config.privateKey().get());
            return new Signer(kidOf(publicKey), privateKey, publicKey);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Panache.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(" + KEY_LOCK + ")").getSingleResult();
            List<SigningKey> active = SigningKey.list("retiredAt IS NULL ORDER BY createdAt DESC");
            if (!active.isEmpty()) {
                SigningKey key = active.get(0);
                return new Signer(key.kid, privateKey(key.privateKey), publicKey(key.publicKey));
            }
            KeyPair pair = generate();
            SigningKey key = new SigningKey();
            key.kid = kidOf(pair.getPublic());
            key.algorithm = "RS256";
            key.privateKey = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
            key.publicKey = pem("PUBLIC KEY", pair.getPublic().getEncoded());
            key.createdAt = clock.instant();
            key.persist();
            return new Signer(key.kid, pair.getPrivate(), pair.getPublic());
        });
    }

    private JWTAuthContextInfo contextFor(String kid) {
        Optional<PublicKey> key = Optional.empty();
        Signer current = signer();
        if (config.privateKey().isPresent()) {
            key = current.kid().equals(kid) ? Optional.of(current.publicKey()) : Optional.empty();
        } else {
            key = QuarkusTransaction.requiringNew().call(() -> SigningKey.<SigningKey>findByIdOptional(kid)
                    .filter(k -> k.retiredAt == null).map(k -> publicKey(k.publicKey)));
        }
        if (key.isEmpty()) {
            return null;
        }
        JWTAuthContextInfo context = new JWTAuthContextInfo(key.get(), config.issuer());
        context.setExpectedAudience(Set.of(config.audience()));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        context.setRequiredClaims(REQUIRED_CLAIMS);
        context.setClockSkew((int) config.clockSkew().toSeconds());
        context.setExpGracePeriodSecs((int) config.clockSkew().toSeconds());
        context.setTokenKeyId(kid);
        return context;
    }

    /** The {@code kid} of a compact JWS, read from its header before anything is trusted. */
    static Optional<String> keyId(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            var kid = HEADER_READER.readTree(header).get("kid");
            return kid != null && kid.isTextual() ? Optional.of(kid.asText()) : Optional.empty();
        } catch (RuntimeException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The {@code exp} of a token this portal signed itself (read, not verified), or 0. */
    static long expiresAt(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return 0;
        }
        try {
            var exp = HEADER_READER.readTree(Base64.getUrlDecoder().decode(parts[1])).get("exp");
            return exp == null ? 0 : exp.asLong();
        } catch (RuntimeException | java.io.IOException e) {
            return 0;
        }
    }

    static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String kidOf(PublicKey key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.sha256(key.getEncoded())).substring(0, 16);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }

    static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The signing key is not an RSA PKCS#8 private key", e);
        }
    }

    static PublicKey publicKey(String pem) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
            if (((RSAPublicKey) key).getModulus().bitLength() < RSA_BITS) {
                throw new IllegalStateException("Signing keys need at least " + RSA_BITS + " bits");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The public key is not an RSA X.509 public key", e);
        }
    }
}
