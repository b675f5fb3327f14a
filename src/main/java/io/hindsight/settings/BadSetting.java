package io.hindsight.settings;

/**
 * A setting that cannot work, alone or with another one: its key, the value it has, and the rule it
 * breaks, said so that the operator knows what to change ("must be longer than …: why").
 */
public record BadSetting(String key, String value, String rule) {

    @Override
    public String toString() {
        return key + " (" + value + ") " + rule;
    }
}
