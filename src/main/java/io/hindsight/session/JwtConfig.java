package io.hindsight.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Who signs Hindsight's tokens and for whom. */
@ConfigMapping(prefix = "hindsight.jwt")
public interface JwtConfig {

    @WithDefault("https://hindsight.local/issuer")
    String issuer();

    @WithDefault("hindsight")
    String audience();

    /** Tolerated clock difference between instances when checking {@code exp}; keep it small. */
    @WithDefault("PT5S")
    Duration clockSkew();

    /**
     * RSA private key (PKCS#8 PEM) to sign with. When absent, a 2048-bit key pair is generated on
     * first start and kept in the database, so every instance sharing it signs with the same key.
     */
    Optional<String> privateKey();

    /** The matching public key (X.509 PEM); required with {@link #privateKey()}. */
    Optional<String> publicKey();
}
