package io.hindsight.system;

import jakarta.persistence.Query;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A list of values in a query as a fixed number of single parameters, {@code a.id IN (:id0, :id1, …)}, instead of one
 * list-valued parameter. Hibernate keeps no translated SQL for a query with a list-valued parameter: it translates it
 * again on every run (see docs/performance.md, "What a page costs beyond its SQL"). The number of slots is the next
 * power of two, the spare slots repeat the last value, so a handful of query texts cover every list size and each is
 * translated once.
 */
public final class ParameterList {

    private final String name;
    private final List<?> values;
    private final int slots;

    private ParameterList(String name, List<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an empty list matches nothing: leave the condition out instead");
        }
        this.name = name;
        this.values = List.copyOf(values);
        this.slots = Integer.highestOneBit(values.size()) == values.size() ? values.size()
                : Integer.highestOneBit(values.size()) << 1;
    }

    /** The values (at least one) to be bound as {@code :name0, :name1, …}. */
    public static ParameterList of(String name, List<?> values) {
        return new ParameterList(name, values);
    }

    /** {@code (:name0, :name1, …)}, for {@code x IN} in the query text. */
    public String placeholders() {
        StringJoiner joined = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < slots; i++) {
            joined.add(":" + name + i);
        }
        return joined.toString();
    }

    /** Binds every slot on a query. */
    public <Q extends Query> Q bind(Q query) {
        for (int i = 0; i < slots; i++) {
            query.setParameter(name + i, value(i));
        }
        return query;
    }

    /** Adds every slot to named parameters (Panache's {@code find(query, Map)}). */
    public Map<String, Object> addTo(Map<String, Object> parameters) {
        for (int i = 0; i < slots; i++) {
            parameters.put(name + i, value(i));
        }
        return parameters;
    }

    private Object value(int slot) {
        return values.get(Math.min(slot, values.size() - 1));
    }
}
