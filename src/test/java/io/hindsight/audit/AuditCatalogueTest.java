package io.hindsight.audit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue of actions is the one list: every action the code records is in it, every name in it
 * is dotted lower case, and docs/security.md shows the same list.
 */
class AuditCatalogueTest {

    private static final Path MAIN = Path.of("src/main/java/io/hindsight");
    private static final Path SECURITY_DOC = Path.of("docs/security.md");
    private static final Pattern RECORD_CALL = Pattern.compile("audit\\.record(?:Always)?\\(([^;]*)\\);", Pattern.DOTALL);
    private static final Pattern LITERAL_ACTION = Pattern.compile("\"([a-z0-9-]+\\.[a-z0-9.-]+)\"");
    private static final Pattern CATALOGUE_CONSTANT = Pattern.compile("AuditAction\\.([A-Z_]+)");
    private static final Pattern DOC_ROW = Pattern.compile("(?m)^\\| `([a-z0-9.-]+)` \\|");

    @Test
    void everyActionTheCodeRecordsIsInTheCatalogue() {
        List<String> unknown = new ArrayList<>();
        int calls = 0;
        for (Path file : mainSources()) {
            String source = read(file);
            Matcher call = RECORD_CALL.matcher(source);
            while (call.find()) {
                calls++;
                Matcher literal = LITERAL_ACTION.matcher(call.group(1));
                while (literal.find()) {
                    if (AuditAction.byKey(literal.group(1)).isEmpty()) {
                        unknown.add(file + ": " + literal.group(1));
                    }
                }
                Matcher constant = CATALOGUE_CONSTANT.matcher(call.group(1));
                while (constant.find()) {
                    String name = constant.group(1);
                    if (Arrays.stream(AuditAction.values()).noneMatch(a -> a.name().equals(name))) {
                        unknown.add(file + ": AuditAction." + name);
                    }
                }
            }
        }
        assertTrue(calls > 20, "the scan finds the calls (" + calls + ")");
        assertEquals(List.of(), unknown, "add these to AuditAction and to the table in docs/security.md");
    }

    @Test
    void actionNamesAreDottedLowerCaseAndFitTheColumn() {
        for (AuditAction action : AuditAction.values()) {
            assertTrue(action.key().matches("[a-z]+(\\.[a-z]+(-[a-z]+)*)+"), action.key());
            assertTrue(action.key().length() <= 60, action.key());
            assertTrue(!action.meaning().isBlank(), action.key());
        }
    }

    @Test
    void theSecurityDocumentListsTheCatalogue() {
        List<String> documented = new ArrayList<>();
        Matcher row = DOC_ROW.matcher(read(SECURITY_DOC));
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(new TreeSet<>(Arrays.stream(AuditAction.values()).map(AuditAction::key).toList()), new TreeSet<>(documented));
        assertEquals(documented.size(), new TreeSet<>(documented).size(), "each once");
    }

    private static List<Path> mainSources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
