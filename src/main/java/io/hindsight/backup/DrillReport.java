package io.hindsight.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a restore drill found: which archive, each table's count and checksum against the manifest,
 * how long it took, and the scratch schema it used and dropped. Kept as the detail of its
 * {@code backup.drill} audit event, so the evidence is on the append-only record. An archive of an
 * older schema version is migrated in the scratch schema: {@code migratedFrom} and {@code migratedTo}
 * name the versions (both null otherwise).
 */
public record DrillReport(Long id, Instant ranAt, String archive, String installation, String archiveCreatedAt,
                          String schemaVersion, String schema, long durationMillis, List<ArchiveLoader.TableCheck> checks,
                          String error, String migratedFrom, String migratedTo) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean ok() {
        return error == null && !checks.isEmpty() && checks.stream().allMatch(ArchiveLoader.TableCheck::ok);
    }

    public long rows() {
        return checks.stream().mapToLong(ArchiveLoader.TableCheck::actualRows).sum();
    }

    public long mismatches() {
        return checks.stream().filter(c -> !c.ok()).count();
    }

    public String duration() {
        Duration d = Duration.ofMillis(durationMillis);
        return d.toSeconds() >= 60 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : String.format("%.1f s", durationMillis / 1000.0);
    }

    public boolean migrated() {
        return migratedFrom != null && migratedTo != null;
    }

    /** One sentence for a checklist item's evidence. */
    public String summary() {
        if (!ok()) {
            return "Restore drill FAILED: " + (error != null ? error : mismatches() + " of " + checks.size() + " tables differ from the manifest") + ".";
        }
        return "Restore drill passed: " + checks.size() + " tables, " + rows() + " rows restored into a scratch schema; every row count "
                + "and SHA-256 checksum matched the archive's manifest (archive of \"" + installation + "\" taken " + archiveCreatedAt
                + ", schema version " + schemaVersion + ")"
                + (migrated() ? "; its rows were then migrated from schema version " + migratedFrom + " to " + migratedTo : "")
                + "; took " + duration() + "; the scratch schema was dropped.";
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("ok", ok());
        root.put("archive", archive);
        root.put("installation", installation);
        root.put("archive_created_at", archiveCreatedAt);
        root.put("schema_version", schemaVersion);
        root.put("schema", schema);
        root.put("duration_ms", durationMillis);
        if (error != null) {
            root.put("error", error);
        }
        if (migrated()) {
            root.put("migrated_from", migratedFrom);
            root.put("migrated_to", migratedTo);
        }
        ArrayNode tables = root.putArray("tables");
        for (ArchiveLoader.TableCheck check : checks) {
            tables.addObject().put("name", check.table()).put("expected_rows", check.expectedRows()).put("rows", check.actualRows())
                    .put("expected_sha256", check.expectedSha256()).put("sha256", check.actualSha256()).put("ok", check.ok());
        }
        return root.toString();
    }

    static DrillReport fromJson(long id, Instant ranAt, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            root = JSON.createObjectNode();
        }
        List<ArchiveLoader.TableCheck> checks = new ArrayList<>();
        for (JsonNode t : root.path("tables")) {
            checks.add(new ArchiveLoader.TableCheck(t.path("name").asText(), t.path("expected_rows").asLong(), t.path("rows").asLong(),
                    t.path("expected_sha256").asText(), t.path("sha256").asText()));
        }
        return new DrillReport(id, ranAt, root.path("archive").asText(""), root.path("installation").asText(""),
                root.path("archive_created_at").asText(""), root.path("schema_version").asText(""), root.path("schema").asText(""),
                root.path("duration_ms").asLong(), List.copyOf(checks), root.hasNonNull("error") ? root.get("error").asText() : null,
                root.hasNonNull("migrated_from") ? root.get("migrated_from").asText() : null,
                root.hasNonNull("migrated_to") ? root.get("migrated_to").asText() : null);
    }
}
