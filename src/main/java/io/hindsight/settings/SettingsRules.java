package io.hindsight.settings;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.hindsight.account.AdminConfig;
import io.hindsight.apitoken.ApiConfig;
import io.hindsight.notify.NotifyConfig;
import io.hindsight.session.JwtConfig;
import io.hindsight.session.LoginConfig;
import io.hindsight.session.SessionConfig;
import io.hindsight.share.ShareConfig;
import io.hindsight.system.EnvironmentConfig;
import io.hindsight.system.InstallationConfig;
import io.hindsight.trash.TrashConfig;
import io.hindsight.web.HttpAddress;
import io.smallrye.config.SmallRyeConfig;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The settings that cannot work, alone or together, checked in one place. Each setting is read as
 * the portal itself reads it (the typed configuration of its feature, defaults included), so a rule
 * sees exactly what the portal would run with. The rules are listed in docs/operations.md.
 */
public final class SettingsRules {

    /** Every configuration this checker reads; a configuration built for the checker must know them all. */
    public static final List<Class<?>> MAPPINGS = List.of(SessionConfig.class, ApiConfig.class, JwtConfig.class,
            LoginConfig.class, NotifyConfig.class, ShareConfig.class, TrashConfig.class, EnvironmentConfig.class,
            InstallationConfig.class, AdminConfig.class);

    static final String PUBLIC_URL = "hindsight.public-base-url";
    static final String DIGEST_CRON = "hindsight.digest.cron";
    static final String PURGE_CRON = "hindsight.trash.purge-cron";
    /** The values by which the scheduler switches a cron job off. */
    private static final Set<String> OFF = Set.of("off", "disabled");
    /** The cron dialect of the scheduler ({@code quarkus.scheduler.cron-type}, Quartz by default). */
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    /** SECURITY 13: access tokens for programs live at most five minutes. */
    static final Duration API_ACCESS_TOKEN_MAX = Duration.ofMinutes(5);

    private final List<BadSetting> found = new ArrayList<>();

    private SettingsRules() {
    }

    /** Every setting of {@code config} that breaks a rule, in the order of docs/operations.md; empty when all can work. */
    public static List<BadSetting> check(SmallRyeConfig config) {
        SettingsRules rules = new SettingsRules();
        rules.session(config.getConfigMapping(SessionConfig.class));
        rules.api(config.getConfigMapping(ApiConfig.class));
        rules.jwt(config.getConfigMapping(JwtConfig.class), config.getConfigMapping(ApiConfig.class));
        rules.login(config.getConfigMapping(LoginConfig.class));
        rules.notify(config.getConfigMapping(NotifyConfig.class));
        rules.positive("hindsight.share.lifetime", config.getConfigMapping(ShareConfig.class).lifetime(),
                "a share link would stop working as soon as it is made");
        rules.trash(config.getConfigMapping(TrashConfig.class));
        rules.cron(DIGEST_CRON, config.getOptionalValue(DIGEST_CRON, String.class));
        rules.publicUrl(config.getOptionalValue(PUBLIC_URL, String.class));
        rules.system(config.getConfigMapping(EnvironmentConfig.class), config.getConfigMapping(InstallationConfig.class));
        rules.admin(config.getConfigMapping(AdminConfig.class));
        return List.copyOf(rules.found);
    }

    private void session(SessionConfig s) {
        String idle = "hindsight.session.idle-timeout";
        String absolute = "hindsight.session.absolute-timeout";
        String lifetime = "hindsight.session.access-token-lifetime";
        String renew = "hindsight.session.renew-after";
        boolean allPositive = positive(idle, s.idleTimeout(), "everyone would be signed out at once")
                & positive(absolute, s.absoluteTimeout(), "everyone would be signed out at once")
                & positive(lifetime, s.accessTokenLifetime(), "the session cookie would expire as soon as it is set")
                & positive(renew, s.renewAfter(), "every request would re-issue the token");
        if (allPositive) {
            if (s.accessTokenLifetime().compareTo(s.renewAfter()) <= 0) {
                add(lifetime, s.accessTokenLifetime(), "must be longer than " + renew + " (" + show(s.renewAfter())
                        + "): the token would expire before it is renewed, signing active people out");
            }
            if (s.idleTimeout().compareTo(s.renewAfter()) <= 0) {
                add(idle, s.idleTimeout(), "must be longer than " + renew + " (" + show(s.renewAfter())
                        + "): activity counts when the token is renewed, so active people would be signed out as idle");
            }
            if (s.accessTokenLifetime().compareTo(s.idleTimeout()) < 0) {
                add(lifetime, s.accessTokenLifetime(), "must be at least " + idle + " (" + show(s.idleTimeout())
                        + "): the token would expire before the idle timeout, signing out people who only paused");
            }
            if (s.absoluteTimeout().compareTo(s.idleTimeout()) < 0) {
                add(absolute, s.absoluteTimeout(), "must be at least " + idle + " (" + show(s.idleTimeout())
                        + "): the idle timeout could never apply; check the units (PT12H is 12 hours, PT12M 12 minutes)");
            }
        }
        if (s.cacheTtl().isNegative()) {
            add("hindsight.session.cache-ttl", s.cacheTtl(), "must not be negative (PT0S turns the session cache off)");
        } else if (s.cacheTtl().compareTo(Duration.ofMinutes(1)) > 0) {
            add("hindsight.session.cache-ttl", s.cacheTtl(), "must be at most PT1M: it bounds how long a revoked session "
                    + "could still be served when an instance misses a revocation notice (SECURITY B5: within seconds)");
        }
        if (s.cacheSize() < 0) {
            add("hindsight.session.cache-size", String.valueOf(s.cacheSize()), "must not be negative");
        }
        if (!Set.of("auto", "always", "never").contains(s.secureCookie())) {
            add("hindsight.session.secure-cookie", s.secureCookie(), "must be auto, always or never");
        }
    }

    private void api(ApiConfig a) {
        String access = "hindsight.api.access-token-lifetime";
        String refresh = "hindsight.api.refresh-token-lifetime";
        String overlap = "hindsight.api.refresh-overlap";
        boolean lifetimes = positive(access, a.accessTokenLifetime(), "every token would be expired when issued")
                & positive(refresh, a.refreshTokenLifetime(), "programs could never refresh their tokens");
        if (lifetimes && a.accessTokenLifetime().compareTo(API_ACCESS_TOKEN_MAX) > 0) {
            add(access, a.accessTokenLifetime(), "must be at most " + show(API_ACCESS_TOKEN_MAX)
                    + ": access tokens for programs are short-lived and refreshed (SECURITY 13)");
        }
        if (lifetimes && a.refreshTokenLifetime().compareTo(a.accessTokenLifetime()) <= 0) {
            add(refresh, a.refreshTokenLifetime(), "must be longer than " + access + " (" + show(a.accessTokenLifetime())
                    + "): a program could not refresh before its access token expires");
        }
        if (a.refreshOverlap().isNegative()) {
            add(overlap, a.refreshOverlap(), "must not be negative");
        } else if (lifetimes && a.refreshOverlap().compareTo(a.refreshTokenLifetime()) >= 0) {
            add(overlap, a.refreshOverlap(), "must be shorter than " + refresh + " (" + show(a.refreshTokenLifetime())
                    + "): a used refresh token would work for as long as a fresh one");
        }
    }

    private void jwt(JwtConfig j, ApiConfig a) {
        if (j.issuer().isBlank()) {
            add("hindsight.jwt.issuer", j.issuer(), "must not be empty: every token names its issuer");
        }
        if (j.audience().isBlank()) {
            add("hindsight.jwt.audience", j.audience(), "must not be empty: every token names its audience");
        }
        String skew = "hindsight.jwt.clock-skew";
        if (j.clockSkew().isNegative()) {
            add(skew, j.clockSkew(), "must not be negative");
        } else if (a.accessTokenLifetime().compareTo(Duration.ZERO) > 0 && j.clockSkew().compareTo(a.accessTokenLifetime()) >= 0) {
            add(skew, j.clockSkew(), "must be shorter than hindsight.api.access-token-lifetime (" + show(a.accessTokenLifetime())
                    + "): expired tokens would be accepted for longer than they live; a few seconds are enough (SECURITY 2)");
        }
        if (j.privateKey().isPresent() != j.publicKey().isPresent()) {
            String given = j.privateKey().isPresent() ? "hindsight.jwt.private-key" : "hindsight.jwt.public-key";
            String missing = j.privateKey().isPresent() ? "hindsight.jwt.public-key" : "hindsight.jwt.private-key";
            add(given, "set", "needs " + missing + " as well: set both halves of the key pair, or neither to keep the generated one");
        }
    }

    private void login(LoginConfig l) {
        atLeastOne("hindsight.login.max-failures-per-account", l.maxFailuresPerAccount(), "the first attempt would be refused");
        atLeastOne("hindsight.login.max-failures-per-ip", l.maxFailuresPerIp(), "the first attempt would be refused");
        atLeastOne("hindsight.login.max-failures-per-device", l.maxFailuresPerDevice(), "the first attempt would be refused");
        positive("hindsight.login.window", l.window(), "failures would never count");
        positive("hindsight.login.lockout", l.lockout(), "a lock-out would end before it began");
        positive("hindsight.login.max-ip-delay", l.maxIpDelay(), "a slowed-down address would not be slowed");
        positive("hindsight.login.device-cookie-lifetime", l.deviceCookieLifetime(), "no browser could ever be trusted");
    }

    private void notify(NotifyConfig n) {
        positive("hindsight.notify.relay-interval", n.relayInterval(), "the relay would never run");
        boolean timeouts = positive("hindsight.notify.connect-timeout", n.connectTimeout(), "no webhook could be reached")
                & positive("hindsight.notify.read-timeout", n.readTimeout(), "no webhook's answer could be read");
        if (timeouts) {
            Duration needed = n.connectTimeout().plus(n.readTimeout());
            if (n.lease().compareTo(needed) <= 0) {
                add("hindsight.notify.lease", n.lease(), "must be longer than hindsight.notify.connect-timeout + read-timeout ("
                        + show(needed) + "): another instance could claim a message while it is still being sent and post it twice");
            }
        }
        if (n.pacing().isNegative()) {
            add("hindsight.notify.pacing", n.pacing(), "must not be negative");
        }
        atLeastOne("hindsight.notify.batch-size", n.batchSize(), "the relay would send nothing");
        atLeastOne("hindsight.notify.max-attempts", n.maxAttempts(), "no message would ever be sent");
        if (positive("hindsight.notify.backoff.base", n.backoff().base(), "failed messages would be retried at once, without end")
                && n.backoff().max().compareTo(n.backoff().base()) < 0) {
            add("hindsight.notify.backoff.max", n.backoff().max(), "must be at least hindsight.notify.backoff.base ("
                    + show(n.backoff().base()) + ")");
        }
    }

    private void trash(TrashConfig t) {
        if (t.retention().compareTo(Duration.ofDays(1)) < 0) {
            add("hindsight.trash.retention", t.retention(), "must be at least one day (P1D): the Trash counts it in days, "
                    + "and a deleted incident must stay restorable until someone notices the mistake");
        }
        cron(PURGE_CRON, Optional.of(t.purgeCron()));
    }

    private void cron(String key, Optional<String> value) {
        if (value.isEmpty() || OFF.contains(value.get().strip().toLowerCase(Locale.ROOT))) {
            return;
        }
        try {
            Cron cron = CRON.parse(value.get().strip()).validate();
            if (ExecutionTime.forCron(cron).nextExecution(ZonedDateTime.now()).isEmpty()) {
                add(key, value.get(), "never fires (no such date comes again); use a date that exists, or off");
            }
        } catch (IllegalArgumentException e) {
            add(key, value.get(), "is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, "
                    + "e.g. 0 0 8 * * ?), or off: " + e.getMessage());
        }
    }

    private void publicUrl(Optional<String> value) {
        if (value.isEmpty()) {
            return;
        }
        String url = value.get().strip();
        String rule = "must be the absolute http(s) address people open Hindsight at, such as https://hindsight.example.com, "
                + "without query or fragment: every link in messages, feeds and share links starts with it";
        if (HttpAddress.problem(url, false).isPresent()) {
            add(PUBLIC_URL, value.get(), rule);
        }
    }

    private void system(EnvironmentConfig environment, InstallationConfig installation) {
        if (environment.name().isBlank()) {
            add("hindsight.environment.name", environment.name(), "must not be empty: every page shows it in the environment badge");
        }
        installation.override().filter(o -> !o.isBlank()).ifPresent(override -> {
            try {
                UUID.fromString(override.strip());
            } catch (IllegalArgumentException e) {
                add("hindsight.installation.override", override, "must be the id of the installation found (a UUID, which the "
                        + "refusal message prints), so that it cannot stay on and let another database through");
            }
        });
    }

    private void admin(AdminConfig admin) {
        boolean email = admin.email().filter(e -> !e.isBlank()).isPresent();
        boolean password = admin.password().filter(p -> !p.isEmpty()).isPresent();
        if (email != password) {
            add(email ? "hindsight.admin.email" : "hindsight.admin.password", email ? admin.email().get() : "set",
                    "needs " + (email ? "hindsight.admin.password" : "hindsight.admin.email")
                            + " as well: the first admin is created from both, or from the /setup page with neither");
        }
    }

    private boolean positive(String key, Duration value, String otherwise) {
        if (value.isNegative() || value.isZero()) {
            add(key, value, "must be longer than zero: " + otherwise);
            return false;
        }
        return true;
    }

    private void atLeastOne(String key, int value, String otherwise) {
        if (value < 1) {
            found.add(new BadSetting(key, String.valueOf(value), "must be at least 1: " + otherwise));
        }
    }

    private void add(String key, Duration value, String rule) {
        found.add(new BadSetting(key, show(value), rule));
    }

    private void add(String key, String value, String rule) {
        found.add(new BadSetting(key, value, rule));
    }

    /** ISO-8601, as the settings are documented ({@code PT30M}, {@code P30D}). */
    static String show(Duration duration) {
        boolean wholeDays = !duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.getNano() == 0;
        return wholeDays ? "P" + duration.toDays() + "D" : duration.toString();
    }
}
