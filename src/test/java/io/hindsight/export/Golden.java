package io.hindsight.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Golden files under {@code src/test/resources/export/}, compared byte for byte. After a deliberate
 * change to the report, run the test once with {@code -Dexport.golden.update=true}, read the diff of
 * the golden file, and commit it with the change.
 */
public final class Golden {

    private static final Path SOURCE = Path.of("src/test/resources/export");

    private Golden() {
    }

    public static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/export/" + name)) {
            assertNotNull(in, "golden file export/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readSource(String name) {
        try {
            return Files.readString(SOURCE.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertMatches(String name, String actual) {
        if (Boolean.getBoolean("export.golden.update")) {
            try {
                Files.writeString(SOURCE.resolve(name), actual, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // Strings first for a readable diff, then bytes, which is what the promise is about.
        String expected = Boolean.getBoolean("export.golden.update") ? readSource(name) : read(name);
        assertEquals(expected, actual, "report differs from golden file export/" + name);
        assertEquals(java.util.Arrays.toString(expected.getBytes(StandardCharsets.UTF_8)),
                java.util.Arrays.toString(actual.getBytes(StandardCharsets.UTF_8)));
    }
}
