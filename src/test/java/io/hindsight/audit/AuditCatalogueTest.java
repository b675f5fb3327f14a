package io.hindsight.audit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue of actions is the one list: every action the code records (as a literal, a constant of
 * its class or an {@link AuditAction}) is in it, every name in it is dotted lower case, and
 * docs/security.md shows the same list.
 */
class AuditCatalogueTest {

    private static final Path MAIN = Path.of("src/main/java/io/hindsight");
    private static final Path SECURITY_DOC = Path.of("docs/security.md");
    private static final Pattern RECORD_CALL = Pattern.compile("audit\\.record(?:Always)?\\(([^;]*)\\);", Pattern.DOTALL);
    private static final Pattern LITERAL_ACTION = Pattern.compile("\"([a-z0-9-]+\\.[a-z0-9.-]+)\"");
    private static final Pattern CATALOGUE_CONSTANT = Pattern.compile("AuditAction\\.([A-Z_]+)");
    private static final Pattern STRING_CONSTANT = Pattern.compile("static final String ([A-Z][A-Z0-9_]*) = \"([^\"]*)\";");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![.\\w])([A-Z][A-Z0-9_]{2,})\\b");
    private static final Pattern DOC_ROW = Pattern.compile("(?m)^\\| `([a-z0-9.-]+)` \\|");

    @Test
    void everyActionTheCodeRecordsIsInTheCatalogue() {
        List<String> unknown = new ArrayList<>();
        int calls = 0;
        for (Path file : mainSources()) {
            String source = read(file);
            calls += countCalls(source);
            unknownActions(source).forEach(action -> unknown.add(file + ": " + action));
        }
        assertTrue(calls > 20, "the scan finds the calls (" + calls + ")");
        assertEquals(List.of(), unknown, "add these to AuditAction and to the table in docs/security.md");
    }

    /** A subject written out in a call starts with its kind, like AuditSubject writes it: "incident:" + id. */
    @Test
    void subjectsWrittenInTheCallNameTheirKind() {
        List<String> unlike = new ArrayList<>();
        for (Path file : mainSources()) {
            Matcher call = RECORD_CALL.matcher(read(file));
            while (call.find()) {
                List<String> arguments = arguments(call.group(1));
                String subject = arguments.size() > 2 ? arguments.get(2) : "";
                if (subject.startsWith("\"") && !subject.matches("(?s)\"[a-z-]+:.*")) {
                    unlike.add(file + ": " + subject);
                }
            }
        }
        assertEquals(List.of(), unlike, "write subjects with AuditSubject (kind:id)");
    }

    @Test
    void theScanSeesLiteralsConstantsAndCatalogueNames() {
        String source = """
                static final String GONE = "made.up-constant";
                static final String KNOWN = "login.failed";
                void act() {
                    audit.record(1L, "made.up-literal", AuditSubject.account(1), "a.b", null);
                    audit.recordAlways(null, GONE, "email:x", "", ip);
                    audit.record(1L, KNOWN, "", "", null);
                    audit.record(1L, AuditAction.MADE_UP, "", "", null);
                    audit.record(1L, AuditAction.LOGIN_FAILED, "", "", null);
                }""";

        assertEquals(List.of("made.up-literal", "GONE = made.up-constant", "AuditAction.MADE_UP"), unknownActions(source));
        assertEquals(5, countCalls(source));
    }

    private static int countCalls(String source) {
        return (int) RECORD_CALL.matcher(source).results().count();
    }

    /** A call's arguments, split at the commas outside parentheses and string literals. */
    private static List<String> arguments(String call) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < call.length(); i++) {
            char c = call.charAt(i);
            if (inString) {
                if (c == '\\') {
                    current.append(c).append(call.charAt(++i));
                    continue;
                }
                inString = c != '"';
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        arguments.add(current.toString().strip());
        return arguments;
    }

    /** The actions {@code source} records that the catalogue does not know. */
    private static List<String> unknownActions(String source) {
        List<String> unknown = new ArrayList<>();
        Map<String, String> constants = new HashMap<>();
        Matcher declared = STRING_CONSTANT.matcher(source);
        while (declared.find()) {
            constants.put(declared.group(1), declared.group(2));
        }
        Matcher call = RECORD_CALL.matcher(source);
        while (call.find()) {
            List<String> all = arguments(call.group(1));
            String arguments = all.size() > 1 ? all.get(1) : "";
            Matcher literal = LITERAL_ACTION.matcher(arguments);
            while (literal.find()) {
                if (AuditAction.byKey(literal.group(1)).isEmpty()) {
                    unknown.add(literal.group(1));
                }
            }
            Matcher named = IDENTIFIER.matcher(arguments);
            while (named.find()) {
                String value = constants.get(named.group(1));
                if (value != null && AuditAction.byKey(value).isEmpty()) {
                    unknown.add(named.group(1) + " = " + value);
                }
            }
            Matcher constant = CATALOGUE_CONSTANT.matcher(arguments);
            while (constant.find()) {
                String name = constant.group(1);
                if (Arrays.stream(AuditAction.values()).noneMatch(a -> a.name().equals(name))) {
                    unknown.add("AuditAction." + name);
                }
            }
        }
        return unknown;
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
