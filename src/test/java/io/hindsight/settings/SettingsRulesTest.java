package io.hindsight.settings;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule of {@link SettingsRules}, over a configuration built from properties exactly as the
 * portal builds its own: the features' typed settings with their defaults, plus what is given.
 */
@DisplayName("Settings that cannot work are named with their value and the rule")
class SettingsRulesTest {

    /** What application.properties gives outside the typed settings. */
    private static final Map<String, String> PACKAGED = Map.of("hindsight.digest.cron", "0 0 8 * * ?");

    static SmallRyeConfig configOf(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(PACKAGED);
        all.putAll(properties);
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 500));
        SettingsRules.MAPPINGS.forEach(builder::withMapping);
        return builder.build();
    }

    private static List<BadSetting> check(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return SettingsRules.check(configOf(properties));
    }

    /** The one bad setting expected, as the start-up message says it. */
    private static String only(String... keysAndValues) {
        List<BadSetting> bad = check(keysAndValues);
        assertEquals(1, bad.size(), () -> "exactly one bad setting expected: " + bad);
        return bad.get(0).toString();
    }

    private static void assertStartsWith(String expected, String actual) {
        assertTrue(actual.startsWith(expected), () -> "expected to start with\n  " + expected + "\nbut was\n  " + actual);
    }

    @Test
    @DisplayName("the defaults, and the test profile's shortened waits, can all work")
    void theDefaultsAreFine() {
        assertEquals(List.of(), check());
        assertEquals(List.of(), check("hindsight.notify.lease", "10s", "hindsight.notify.connect-timeout", "1s",
                "hindsight.notify.read-timeout", "2s", "hindsight.notify.pacing", "200ms", "hindsight.notify.backoff.base", "100ms",
                "hindsight.notify.backoff.max", "1s", "hindsight.digest.cron", "off", "hindsight.trash.purge-cron", "off",
                "hindsight.public-base-url", "https://hindsight.test.example"));
    }

    @Test
    @DisplayName("a session token that expires before it is renewed (users signed out after seconds)")
    void tokenLifetimeMustOutliveRenewal() {
        List<BadSetting> bad = check("hindsight.session.access-token-lifetime", "PT5S", "hindsight.session.renew-after", "PT10S",
                "hindsight.session.idle-timeout", "PT5S");
        assertTrue(bad.stream().anyMatch(b -> b.toString().startsWith("hindsight.session.access-token-lifetime (PT5S) must be longer "
                + "than hindsight.session.renew-after (PT10S): the token would expire before it is renewed")), bad::toString);
        assertStartsWith("hindsight.session.access-token-lifetime (PT1M) must be longer than hindsight.session.renew-after (PT1M)",
                check("hindsight.session.access-token-lifetime", "PT1M", "hindsight.session.idle-timeout", "PT1M").get(0).toString());
    }

    @Test
    @DisplayName("an idle timeout no longer than the renewal interval signs active people out as idle")
    void idleTimeoutMustOutliveRenewal() {
        assertStartsWith("hindsight.session.idle-timeout (PT2M) must be longer than hindsight.session.renew-after (PT5M)",
                only("hindsight.session.idle-timeout", "PT2M", "hindsight.session.renew-after", "PT5M",
                        "hindsight.session.access-token-lifetime", "PT30M"));
    }

    @Test
    @DisplayName("a session token that expires before the idle timeout; an absolute cap shorter than the idle timeout")
    void tokenLifetimeAndAbsoluteCapAgainstIdleTimeout() {
        assertStartsWith("hindsight.session.access-token-lifetime (PT10M) must be at least hindsight.session.idle-timeout (PT30M)",
                only("hindsight.session.access-token-lifetime", "PT10M"));
        assertStartsWith("hindsight.session.absolute-timeout (PT12M) must be at least hindsight.session.idle-timeout (PT30M)",
                only("hindsight.session.absolute-timeout", "PT12M"));
    }

    @ParameterizedTest
    @CsvSource({"hindsight.session.idle-timeout, PT0S", "hindsight.session.absolute-timeout, -PT1H",
            "hindsight.session.renew-after, PT0S", "hindsight.share.lifetime, PT0S", "hindsight.login.window, -PT1M",
            "hindsight.notify.relay-interval, 0s", "hindsight.notify.backoff.base, 0s"})
    @DisplayName("durations that must be longer than zero")
    void nonPositiveDurations(String key, String value) {
        assertTrue(check(key, value).stream().anyMatch(b -> b.key().equals(key) && b.rule().startsWith("must be longer than zero")),
                () -> check(key, value).toString());
    }

    @Test
    @DisplayName("the secure-cookie choice is one of three words")
    void secureCookieChoice() {
        assertEquals("hindsight.session.secure-cookie (sometimes) must be auto, always or never",
                only("hindsight.session.secure-cookie", "sometimes"));
    }

    @Test
    @DisplayName("API tokens: at most five minutes, refresh outlives access, overlap shorter than refresh")
    void apiTokenLifetimes() {
        assertStartsWith("hindsight.api.access-token-lifetime (PT1H) must be at most PT5M",
                only("hindsight.api.access-token-lifetime", "PT1H"));
        assertStartsWith("hindsight.api.refresh-token-lifetime (PT2M) must be longer than hindsight.api.access-token-lifetime (PT5M)",
                only("hindsight.api.refresh-token-lifetime", "PT2M", "hindsight.api.refresh-overlap", "PT20S"));
        assertStartsWith("hindsight.api.refresh-overlap (P30D) must be shorter than hindsight.api.refresh-token-lifetime (P30D)",
                only("hindsight.api.refresh-overlap", "P30D"));
        assertStartsWith("hindsight.api.refresh-overlap (PT-1S) must not be negative", only("hindsight.api.refresh-overlap", "-PT1S"));
    }

    @Test
    @DisplayName("signed tokens: issuer and audience, clock skew, both halves of a key pair")
    void signedTokens() {
        assertStartsWith("hindsight.jwt.issuer ( ) must not be empty", only("hindsight.jwt.issuer", " "));
        assertStartsWith("hindsight.jwt.audience ( ) must not be empty", only("hindsight.jwt.audience", " "));
        assertStartsWith("hindsight.jwt.clock-skew (PT10M) must be shorter than hindsight.api.access-token-lifetime (PT5M)",
                only("hindsight.jwt.clock-skew", "PT10M"));
        assertStartsWith("hindsight.jwt.clock-skew (PT-5S) must not be negative", only("hindsight.jwt.clock-skew", "-PT5S"));
        String half = only("hindsight.jwt.private-key", "-----BEGIN PRIVATE KEY-----secret");
        assertStartsWith("hindsight.jwt.private-key (set) needs hindsight.jwt.public-key as well", half);
        assertTrue(!half.contains("secret"), "a key is never printed");
        assertStartsWith("hindsight.jwt.public-key (set) needs hindsight.jwt.private-key", only("hindsight.jwt.public-key", "x"));
    }

    @Test
    @DisplayName("sign-in throttling needs at least one attempt")
    void throttling() {
        assertStartsWith("hindsight.login.max-failures-per-account (0) must be at least 1",
                only("hindsight.login.max-failures-per-account", "0"));
        assertStartsWith("hindsight.login.max-failures-per-ip (-1) must be at least 1", only("hindsight.login.max-failures-per-ip", "-1"));
        assertStartsWith("hindsight.login.max-failures-per-device (0) must be at least 1",
                only("hindsight.login.max-failures-per-device", "0"));
        assertStartsWith("hindsight.session.cache-ttl (PT-1S) must not be negative", only("hindsight.session.cache-ttl", "-PT1S"));
        assertStartsWith("hindsight.session.cache-ttl (PT5M) must be at most PT1M", only("hindsight.session.cache-ttl", "PT5M"));
        assertStartsWith("hindsight.session.cache-size (-1) must not be negative", only("hindsight.session.cache-size", "-1"));
        assertStartsWith("hindsight.login.lockout (PT0S) must be longer than zero", only("hindsight.login.lockout", "PT0S"));
        assertStartsWith("hindsight.login.device-cookie-lifetime (PT0S) must be longer than zero",
                only("hindsight.login.device-cookie-lifetime", "PT0S"));
    }

    @Test
    @DisplayName("notifications: the lease outlasts a send, the backoff grows, something is sent")
    void notifications() {
        assertStartsWith("hindsight.notify.lease (PT15S) must be longer than hindsight.notify.connect-timeout + read-timeout (PT15S)",
                only("hindsight.notify.lease", "15s"));
        assertStartsWith("hindsight.notify.backoff.max (PT1S) must be at least hindsight.notify.backoff.base (PT5S)",
                only("hindsight.notify.backoff.max", "1s"));
        assertStartsWith("hindsight.notify.batch-size (0) must be at least 1", only("hindsight.notify.batch-size", "0"));
        assertStartsWith("hindsight.notify.max-attempts (0) must be at least 1", only("hindsight.notify.max-attempts", "0"));
        assertStartsWith("hindsight.notify.pacing (PT-1S) must not be negative", only("hindsight.notify.pacing", "-PT1S"));
        assertStartsWith("hindsight.notify.connect-timeout (PT0S) must be longer than zero", only("hindsight.notify.connect-timeout", "0s"));
    }

    @Test
    @DisplayName("the Trash keeps a deleted incident at least a day")
    void trashRetention() {
        assertStartsWith("hindsight.trash.retention (PT12H) must be at least one day (P1D)", only("hindsight.trash.retention", "12h"));
        assertEquals(List.of(), check("hindsight.trash.retention", "1d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hindsight.trash.purge-cron", "hindsight.digest.cron"})
    @DisplayName("cron settings: off, or an expression that parses and fires again")
    void cron(String key) {
        assertStartsWith(key + " (0 0 0 30 2 ?) never fires", only(key, "0 0 0 30 2 ?"));
        assertStartsWith(key + " (0 0 0 1 1 ? 2001) never fires", only(key, "0 0 0 1 1 ? 2001"));
        assertStartsWith(key + " (every day) is not a Quartz cron expression", only(key, "every day"));
        assertStartsWith(key + " (0 0 25 * * ?) is not a Quartz cron expression", only(key, "0 0 25 * * ?"));
        assertEquals(List.of(), check(key, "off"));
        assertEquals(List.of(), check(key, "disabled"));
        assertEquals(List.of(), check(key, "0 */5 * * * ?"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8080", "hindsight.example.com", "/incidents", "ftp://hindsight.example.com",
            "https://", "https://hindsight.example.com/?x=1", "https://hindsight.example.com/#top", "https://user:pw@hindsight.example.com",
            "http://exa mple.com"})
    @DisplayName("the public address is an absolute http(s) address")
    void publicAddress(String url) {
        assertStartsWith("hindsight.public-base-url (" + url + ") must be the absolute http(s) address", only("hindsight.public-base-url", url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://hindsight.example.com", "http://localhost:8080", "https://example.com/hindsight/",
            "HTTPS://Hindsight.Example.com"})
    @DisplayName("usual public addresses are fine")
    void publicAddressesThatWork(String url) {
        assertEquals(List.of(), check("hindsight.public-base-url", url));
    }

    @Test
    @DisplayName("environment badge, installation override, first admin")
    void systemAndAdmin() {
        assertStartsWith("hindsight.environment.name ( ) must not be empty", only("hindsight.environment.name", " "));
        assertStartsWith("hindsight.installation.override (true) must be the id of the installation found",
                only("hindsight.installation.override", "true"));
        assertEquals(List.of(), check("hindsight.installation.override", "8c1f3a52-9a3e-4c3f-9a59-1d0e5e1b8f00"));
        assertStartsWith("hindsight.admin.email (first@example.com) needs hindsight.admin.password as well",
                only("hindsight.admin.email", "first@example.com"));
        String password = only("hindsight.admin.password", "lanterns over a harbour");
        assertStartsWith("hindsight.admin.password (set) needs hindsight.admin.email", password);
        assertTrue(!password.contains("lanterns"), "a password is never printed");
    }

    @Test
    @DisplayName("the start-up message names every bad setting at once, each with its value and rule")
    void theMessageNamesEveryBadSetting() {
        List<BadSetting> bad = check("hindsight.session.access-token-lifetime", "PT5S", "hindsight.session.renew-after", "PT10S",
                "hindsight.session.idle-timeout", "PT5S", "hindsight.public-base-url", "localhost:8080");
        String message = SettingsCheck.message(bad);

        assertTrue(message.startsWith("Hindsight did not start: " + bad.size() + " settings cannot work as given."), message);
        for (BadSetting b : bad) {
            assertTrue(message.contains("\n  - " + b + "\n") || message.contains("\n  - " + b), message);
        }
        assertTrue(message.contains("HINDSIGHT_SESSION_ACCESS_TOKEN_LIFETIME"), message);
        assertTrue(message.contains("hindsight.public-base-url (localhost:8080)"), message);
    }
}
