package io.hindsight.session;

import io.hindsight.security.Secrets;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device cookie of OWASP's "Slow Down Online Guessing Attacks with Device Cookies": issued at
 * every successful sign-in, it names the account and a random nonce, carries its expiry and is signed
 * with HMAC-SHA-256 under a key derived from the portal's signing key. A browser presenting a valid
 * one for the account it signs in to is a trusted device. HttpOnly, SameSite=Strict, {@code __Host-}
 * and Secure over HTTPS like the session cookie.
 */
@ApplicationScoped
public class DeviceCookies {

    static final String PLAIN = "hindsight_device";
    static final String SECURE = "__Host-hindsight_device";
    private static final Pattern FORMAT = Pattern.compile("^([0-9]{1,18})\\.([A-Za-z0-9_-]{43})\\.([0-9]{1,12})\\.([A-Za-z0-9_-]{43})$");

    /** A verified device cookie: the account it was issued to and its nonce. */
    public record Device(long userId, String nonce) {
        /** What the database keeps for this device: the nonce's SHA-256, never the nonce. */
        public String key() {
            return Secrets.hash(nonce);
        }
    }

    @Inject
    SigningKeys keys;

    @Inject
    LoginConfig config;

    @Inject
    SessionCookies sessionCookies;

    @Inject
    Clock clock;

    /** The Set-Cookie header value of a new device cookie for this account. */
    public String issue(RoutingContext ctx, long userId) {
        long expires = clock.instant().plus(config.deviceCookieLifetime()).getEpochSecond();
        boolean secure = sessionCookies.secure(ctx);
        return Cookie.cookie(secure ? SECURE : PLAIN, value(userId, Secrets.random(), expires))
                .setPath("/")
                .setHttpOnly(true)
                .setSecure(secure)
                .setSameSite(CookieSameSite.STRICT)
                .setMaxAge(config.deviceCookieLifetime().toSeconds())
                .encode();
    }

    /** The device cookie this request carries, if it has one that is well formed, correctly signed and not expired. */
    public Optional<Device> read(RoutingContext ctx) {
        Cookie secure = ctx.request().getCookie(SECURE);
        Cookie plain = ctx.request().getCookie(PLAIN);
        return verify(secure != null ? secure.getValue() : plain == null ? null : plain.getValue());
    }

    Optional<Device> verify(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        long userId = Long.parseLong(m.group(1));
        String nonce = m.group(2);
        long expires = Long.parseLong(m.group(3));
        byte[] expected = mac(userId, nonce, expires).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, m.group(4).getBytes(StandardCharsets.US_ASCII))
                || expires <= clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new Device(userId, nonce));
    }

    String value(long userId, String nonce, long expires) {
        return userId + "." + nonce + "." + expires + "." + mac(userId, nonce, expires);
    }

    private String mac(long userId, String nonce, long expires) {
        return Secrets.hmac(key(), "hindsight-device-cookie|" + userId + "|" + nonce + "|" + expires);
    }

    /** Derived from the signing key, so rotating that key also retires every device cookie. */
    private byte[] key() {
        return Secrets.sha256("hindsight device cookie".getBytes(StandardCharsets.UTF_8),
                keys.signer().privateKey().getEncoded());
    }
}
