package io.hindsight.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a backup archive holds ({@code manifest.json}): the format and schema version, the
 * installation it came from, and each table's row count and checksum. See docs/operations.md.
 */
public record Manifest(int formatVersion, String hindsightVersion, String schemaVersion, String installationId,
                       String installationName, Instant createdAt, List<CanonicalRows.TableSum> tables) {

    public static final String FORMAT = "hindsight-backup";
    /** The only format this Hindsight writes and reads. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public long totalRows() {
        return tables.stream().mapToLong(CanonicalRows.TableSum::rows).sum();
    }

    public Optional<CanonicalRows.TableSum> table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst();
    }

    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", formatVersion);
        root.put("hindsight_version", hindsightVersion);
        root.put("schema_version", schemaVersion);
        ObjectNode installation = root.putObject("installation");
        installation.put("id", installationId);
        installation.put("name", installationName);
        root.put("created_at", createdAt.toString());
        ArrayNode list = root.putArray("tables");
        for (CanonicalRows.TableSum table : tables) {
            list.addObject().put("name", table.table()).put("rows", table.rows()).put("sha256", table.sha256());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("A manifest always serialises", e);
        }
    }

    /** Reads a manifest strictly; anything missing or of another format is an {@link ArchiveProblem}. */
    static Manifest parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new ArchiveProblem("manifest.json is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ").");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new ArchiveProblem("manifest.json does not describe a Hindsight backup (format is not \"" + FORMAT + "\").");
        }
        int formatVersion = root.path("format_version").asInt(-1);
        if (formatVersion != FORMAT_VERSION) {
            throw new ArchiveProblem("The archive uses backup format version " + root.path("format_version").asText("?")
                    + "; this Hindsight reads version " + FORMAT_VERSION + " only.");
        }
        String schemaVersion = required(root, "schema_version");
        Instant createdAt;
        try {
            createdAt = Instant.parse(required(root, "created_at"));
        } catch (DateTimeParseException e) {
            throw new ArchiveProblem("manifest.json has an unreadable created_at.");
        }
        List<CanonicalRows.TableSum> tables = new ArrayList<>();
        for (JsonNode table : root.path("tables")) {
            String name = required(table, "name");
            if (!name.matches("[a-z_][a-z0-9_]*")) {
                throw new ArchiveProblem("manifest.json names a table \"" + name + "\" that cannot be a Hindsight table.");
            }
            if (!table.path("rows").canConvertToLong() || table.path("rows").asLong() < 0) {
                throw new ArchiveProblem("manifest.json has no row count for table " + name + ".");
            }
            tables.add(new CanonicalRows.TableSum(name, table.path("rows").asLong(), required(table, "sha256")));
        }
        if (tables.isEmpty()) {
            throw new ArchiveProblem("manifest.json lists no tables.");
        }
        JsonNode installation = root.path("installation");
        return new Manifest(formatVersion, root.path("hindsight_version").asText(""), schemaVersion,
                installation.path("id").asText(""), installation.path("name").asText(""), createdAt, List.copyOf(tables));
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isValueNode() || value.asText().isBlank()) {
            throw new ArchiveProblem("manifest.json lacks " + field + ".");
        }
        return value.asText();
    }
}
