package io.hindsight.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the {@code .env} file Quarkus itself reads from the working directory, so the launcher
 * sees a database configured there and does not start the embedded one instead.
 */
final class DotEnv {

    private DotEnv() {
    }

    static Map<String, String> read(Path file) {
        Map<String, String> values = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String text = line.strip();
                int eq = text.indexOf('=');
                if (text.isEmpty() || text.startsWith("#") || eq <= 0) {
                    continue;
                }
                String value = text.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                values.put(text.substring(0, eq).strip(), value);
            }
        } catch (IOException e) {
            // Unreadable: Quarkus will not read it either, so it configures nothing.
        }
        return values;
    }
}
