package io.hindsight.audit;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No code path of the portal changes or removes an audit event: the entity's fields are written only
 * while {@link Audit#record} builds a new one, nothing calls Panache's update or delete on it, and no
 * query (HQL or SQL, in code or migrations) updates or deletes from its table.
 */
class AuditNeverRewrittenTest {

    private static final Path MAIN = Path.of("src/main");
    private static final Set<String> REWRITING_METHODS = Set.of("delete", "deleteAll", "deleteById", "update", "merge");
    private static final Pattern REWRITING_QUERY = Pattern.compile(
            "(?i)\\b(?:update\\s+(?:only\\s+)?|delete\\s+from\\s+(?:only\\s+)?)(?:public\\.)?(audit_event|AuditEvent)\\b"
                    + "|(?i)\\bAuditEvent\\.(?:delete|deleteAll|deleteById|update)\\s*\\(");

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.hindsight");

    @Test
    void onlyTheRecorderWritesTheFieldsOfAnEvent() {
        JavaClass event = MAIN_CLASSES.get(AuditEvent.class);
        List<String> writes = event.getFieldAccessesToSelf().stream()
                .filter(access -> access.getAccessType() == JavaFieldAccess.AccessType.SET)
                .filter(access -> !access.getOrigin().getOwner().isEquivalentTo(AuditEvent.class))
                .filter(access -> !(access.getOrigin().getOwner().isEquivalentTo(Audit.class)
                        && access.getOrigin().getName().equals("record")))
                .map(access -> access.getDescription())
                .toList();

        assertEquals(List.of(), writes, "only Audit.record sets the fields of a new event");
        assertTrue(event.getFieldAccessesToSelf().stream().anyMatch(a -> a.getOrigin().getOwner().isEquivalentTo(Audit.class)),
                "the check sees the recorder's own writes, so it can see others'");
    }

    @Test
    void nothingCallsUpdateOrDeleteOnTheEntity() {
        JavaClass event = MAIN_CLASSES.get(AuditEvent.class);
        List<String> calls = event.getMethodCallsToSelf().stream()
                .filter(call -> REWRITING_METHODS.contains(call.getName()))
                .map(call -> call.getDescription())
                .toList();

        assertEquals(List.of(), calls);
    }

    @Test
    void noQueryUpdatesOrDeletesAuditRows() {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".sql") || f.toString().endsWith(".properties"))
                    .toList()) {
                Matcher query = REWRITING_QUERY.matcher(Files.readString(file));
                while (query.find()) {
                    found.add(file + ": " + query.group());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        assertEquals(List.of(), found);
    }

    @Test
    void theQueryCheckRecognisesWhatItLooksFor() {
        for (String rewriting : List.of("UPDATE audit_event SET detail = ''", "delete from audit_event where id = 1",
                "DELETE FROM ONLY public.audit_event", "update AuditEvent e set e.detail = ''", "AuditEvent.delete(\"id\", 1)",
                "AuditEvent.deleteAll()")) {
            assertTrue(REWRITING_QUERY.matcher(rewriting).find(), rewriting);
        }
        for (String harmless : List.of("INSERT INTO audit_event", "BEFORE UPDATE OR DELETE ON audit_event",
                "SELECT * FROM audit_event", "UPDATE user_session SET revoked_at = now()")) {
            assertTrue(!REWRITING_QUERY.matcher(harmless).find(), harmless);
        }
    }
}
