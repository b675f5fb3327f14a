package io.hindsight.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application tables of a schema as the database itself describes them (information_schema and
 * pg_constraint), so that a table added by any later migration is backed up without anyone
 * remembering to list it. Flyway's own history is not data: it describes the schema version, which
 * the manifest carries. Neither are tables the database derives from others by triggers (their comment starts with
 * "Derived "): loading the tables they are derived from fills them again (see V19, the incident list's counts).
 */
final class SchemaCatalog {

    static final String FLYWAY_HISTORY = "flyway_schema_history";

    /** One table: its columns that hold data (generated columns are recomputed, never stored) and its key. */
    record Table(String name, List<String> columns, List<String> generated, List<String> orderBy, List<String> identityColumns) {
    }

    private SchemaCatalog() {
    }

    /** The tables of {@code schema}, parents before the tables that refer to them. */
    static List<Table> tables(Connection connection, String schema) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, List<String>> generated = new HashMap<>();
        Map<String, List<String>> identity = new HashMap<>();
        Map<String, Map<String, String>> types = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.table_name, c.column_name, c.is_generated, c.is_identity, c.column_default, c.data_type
                FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = ? AND t.table_type = 'BASE TABLE' AND c.table_name <> ?
                  AND coalesce(obj_description(format('%I.%I', c.table_schema, c.table_name)::regclass, 'pg_class'), '')
                      NOT LIKE 'Derived %'
                ORDER BY c.table_name, c.ordinal_position""")) {
            statement.setString(1, schema);
            statement.setString(2, FLYWAY_HISTORY);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String table = rs.getString(1);
                    String column = rs.getString(2);
                    columns.computeIfAbsent(table, k -> new ArrayList<>());
                    types.computeIfAbsent(table, k -> new HashMap<>()).put(column, rs.getString(6));
                    if ("ALWAYS".equals(rs.getString(3))) {
                        generated.computeIfAbsent(table, k -> new ArrayList<>()).add(column);
                        continue;
                    }
                    columns.get(table).add(column);
                    String columnDefault = rs.getString(5);
                    if ("YES".equals(rs.getString(4)) || columnDefault != null && columnDefault.startsWith("nextval(")) {
                        identity.computeIfAbsent(table, k -> new ArrayList<>()).add(column);
                    }
                }
            }
        }
        Map<String, List<String>> keys = primaryKeys(connection, schema);
        Map<String, Set<String>> parents = foreignKeyParents(connection, schema);
        List<Table> tables = new ArrayList<>();
        for (String name : dependencyOrder(columns.keySet(), parents)) {
            List<String> key = keys.getOrDefault(name, List.of());
            List<String> orderBy = new ArrayList<>();
            for (String column : key) {
                String type = types.get(name).get(column);
                // Text keys sort by bytes, so the order (and the checksum) is the same under any collation.
                boolean text = type.contains("char") || type.equals("text");
                orderBy.add(quote(column) + (text ? " COLLATE \"C\"" : ""));
            }
            tables.add(new Table(name, List.copyOf(columns.get(name)), generated.getOrDefault(name, List.of()),
                    orderBy, identity.getOrDefault(name, List.of())));
        }
        return tables;
    }

    private static Map<String, List<String>> primaryKeys(Connection connection, String schema) throws SQLException {
        Map<String, List<String>> keys = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT k.table_name, k.column_name FROM information_schema.table_constraints c
                JOIN information_schema.key_column_usage k
                  ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
                WHERE c.table_schema = ? AND c.constraint_type = 'PRIMARY KEY'
                ORDER BY k.table_name, k.ordinal_position""")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return keys;
    }

    private static Map<String, Set<String>> foreignKeyParents(Connection connection, String schema) throws SQLException {
        Map<String, Set<String>> parents = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT child.relname, parent.relname FROM pg_constraint f
                JOIN pg_class child ON child.oid = f.conrelid
                JOIN pg_class parent ON parent.oid = f.confrelid
                JOIN pg_namespace n ON n.oid = child.relnamespace
                WHERE f.contype = 'f' AND n.nspname = ?""")) {
            statement.setString(1, schema);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(rs.getString(2))) {
                        parents.computeIfAbsent(rs.getString(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
                    }
                }
            }
        }
        return parents;
    }

    /** Tables ordered so that every table comes after the tables its foreign keys point to; alphabetical otherwise. */
    static List<String> dependencyOrder(Set<String> tables, Map<String, Set<String>> parents) {
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        List<String> remaining = new ArrayList<>(tables);
        remaining.sort(null);
        while (!remaining.isEmpty()) {
            String next = remaining.stream()
                    .filter(t -> placed.containsAll(parents.getOrDefault(t, Set.of()).stream().filter(tables::contains).toList()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The foreign keys between " + remaining + " form a cycle"));
            ordered.add(next);
            placed.add(next);
            remaining.remove(next);
        }
        return ordered;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
