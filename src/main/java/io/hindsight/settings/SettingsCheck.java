package io.hindsight.settings;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stops the start when settings cannot work, alone or together (an access-token lifetime shorter than
 * the renewal interval once signed active people out after seconds), with one message that names
 * every bad setting, its value and the rule. It runs before every other start-up observer (only the
 * schema migration comes earlier), so nothing is created, scheduled or sent with settings that cannot work.
 */
@ApplicationScoped
public class SettingsCheck {

    /** Before every other start-up observer, the portal's own and the platform's (the scheduler starts its jobs at 0). */
    static final int BEFORE_EVERYTHING = -1_000_000;

    @Inject
    SmallRyeConfig config;

    void onStart(@Observes @Priority(BEFORE_EVERYTHING) StartupEvent event) {
        List<BadSetting> bad = SettingsRules.check(config);
        if (!bad.isEmpty()) {
            // Quarkus prints a ConfigurationException's message alone, without a stack trace, and exits with 1.
            throw new ConfigurationException(message(bad), keys(bad));
        }
    }

    /** What the operator reads: every bad setting on its own line, and how to set it. */
    public static String message(List<BadSetting> bad) {
        String example = bad.get(0).key();
        return "Hindsight did not start: " + (bad.size() == 1 ? "a setting cannot work" : bad.size() + " settings cannot work")
                + " as given. Change " + (bad.size() == 1 ? "it" : "them") + " and start again.\n"
                + bad.stream().map(b -> "  - " + b).collect(Collectors.joining("\n"))
                + "\nEach setting can also be given as an environment variable (" + example + " is "
                + environmentName(example) + "). The rules are in docs/operations.md (Settings checked at start).";
    }

    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static Set<String> keys(List<BadSetting> bad) {
        return bad.stream().map(BadSetting::key).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
