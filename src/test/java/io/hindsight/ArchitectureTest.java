package io.hindsight;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dependencies between the feature packages point one way: no package reaches back, directly or
 * through others, to a package that uses it.
 */
class ArchitectureTest {

    private static final Path MAIN_SOURCES = Path.of("src/main/java/io/hindsight");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.hindsight\\.([a-z]+)\\.[A-Z]");

    /** Every use in the compiled main classes counts: fields, calls, annotations, generic types. */
    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.hindsight");
        slices().matching("io.hindsight.(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .check(main);
    }

    /**
     * Compile-time constants ({@code Role.VIEW} in {@code @RolesAllowed}, ...) leave no trace in class
     * files, so the sources' references to other feature packages (imports, static imports and
     * qualified names) are checked as well.
     */
    @Test
    void featurePackagesReferToEachOtherWithoutCyclesInTheSources() {
        Map<String, Set<String>> uses = sourceReferences();
        assertEquals(List.of(), cycle(uses), () -> "a cycle between feature packages; all references: " + uses);
    }

    /** Feature package → the other feature packages its main sources name. */
    static Map<String, Set<String>> sourceReferences() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = MAIN_SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the launcher at the package root belongs to no feature
                }
                String feature = relative.getName(0).toString();
                Set<String> used = uses.computeIfAbsent(feature, f -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(Files.readString(file));
                while (reference.find()) {
                    if (!reference.group(1).equals(feature)) {
                        used.add(reference.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    /** One cycle as a path that ends where it starts, or an empty list when there is none. */
    static List<String> cycle(Map<String, Set<String>> uses) {
        Set<String> done = new HashSet<>();
        for (String start : uses.keySet()) {
            List<String> found = cycleFrom(start, uses, new ArrayList<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> cycleFrom(String feature, Map<String, Set<String>> uses, List<String> path, Set<String> done) {
        int seen = path.indexOf(feature);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(feature);
            return cycle;
        }
        if (done.contains(feature)) {
            return List.of();
        }
        path.add(feature);
        for (String used : uses.getOrDefault(feature, Set.of())) {
            List<String> cycle = cycleFrom(used, uses, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(feature);
        return List.of();
    }
}
