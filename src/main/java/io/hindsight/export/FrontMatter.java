package io.hindsight.export;

import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.api.lowlevel.Present;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.CommentEvent;
import org.snakeyaml.engine.v2.events.DocumentEndEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ImplicitTuple;
import org.snakeyaml.engine.v2.events.MappingEndEvent;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceEndEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.events.StreamEndEvent;
import org.snakeyaml.engine.v2.events.StreamStartEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The YAML front matter at the top of a report, written and read with SnakeYAML Engine (YAML 1.2).
 *
 * <p>Writing: keys are fixed and given in order; every text value is a double-quoted scalar on one
 * line, so that nothing a person typed can end the block early, add a key, or be read as another
 * type (a title of {@code "no"} stays a string). The emitter is driven event by event, which is what
 * lets one report mix flow lists ({@code ["a", "b"]}) with a block list of mappings and carry
 * comments, and keeps the bytes the same for the same values.
 *
 * <p>Reading: the core schema only (strings, numbers, booleans, null, lists and mappings; no Java
 * types are ever constructed, an unknown tag is an error), few aliases, and a size limit.
 */
public final class FrontMatter {

    /** Far more than any front matter Hindsight writes; a file beyond it is not one of ours. */
    private static final int MAX_CODE_POINTS = 1_000_000;
    /** A report uses none; a few are allowed for hand-written files, never a billion laughs. */
    private static final int MAX_ALIASES = 10;
    /**
     * A report nests a list of mappings in the top mapping (three levels); hand-written files a little more. The
     * library builds nested lists and mappings recursively, so a file of thousands of {@code [} would exhaust the stack.
     */
    static final int MAX_NESTING = 20;

    private static final DumpSettings WRITE = DumpSettings.builder()
            .setSplitLines(false)
            .setWidth(Integer.MAX_VALUE)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setDumpComments(true)
            .build();

    private static final LoadSettings READ = LoadSettings.builder()
            .setSchema(new CoreSchema())
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setAllowRecursiveKeys(false)
            .setAllowNonScalarKeys(false)
            .setCodePointLimit(MAX_CODE_POINTS)
            .setLabel("front matter")
            .build();

    private static final ImplicitTuple PLAIN_OR_QUOTED = new ImplicitTuple(true, true);

    private final List<Event> events = new ArrayList<>(List.of(new StreamStartEvent(),
            new DocumentStartEvent(false, Optional.empty(), Map.of()),
            new MappingStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.BLOCK)));

    FrontMatter number(String key, Long value) {
        return entry(key, value == null ? nullValue() : plain(value.toString()));
    }

    /** A quoted string, or {@code null} when there is no value. */
    FrontMatter string(String key, String value) {
        return entry(key, text(value));
    }

    /** A flow sequence of quoted strings: {@code ["a", "b"]}, or {@code []}. */
    FrontMatter strings(String key, List<String> values) {
        events.add(plain(key));
        events.add(new SequenceStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.FLOW));
        values.forEach(value -> events.add(text(value)));
        events.add(new SequenceEndEvent());
        return this;
    }

    /** A block sequence of mappings with quoted values, in the order given; {@code []} when empty. */
    FrontMatter mappings(String key, List<Map<String, String>> values) {
        events.add(plain(key));
        events.add(new SequenceStartEvent(Optional.empty(), Optional.empty(), true,
                values.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK));
        for (Map<String, String> mapping : values) {
            events.add(new MappingStartEvent(Optional.empty(), Optional.empty(), true, FlowStyle.BLOCK));
            mapping.forEach((k, v) -> events.addAll(List.of(plain(k), text(v))));
            events.add(new MappingEndEvent());
        }
        events.add(new SequenceEndEvent());
        return this;
    }

    /** A comment line; only for the report's own fixed words, never for people's text. */
    FrontMatter comment(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("A comment is one line");
        }
        events.add(new CommentEvent(CommentType.BLOCK, " " + text, Optional.empty(), Optional.empty()));
        return this;
    }

    /** The block between its {@code ---} lines; the closing line has no newline (the report adds a blank line). */
    String end() {
        events.addAll(List.of(new MappingEndEvent(), new DocumentEndEvent(false), new StreamEndEvent()));
        return "---\n" + yaml11Safe(new Present(WRITE).emitToString(events.iterator())) + "---";
    }

    /**
     * Reads a front-matter block (without its {@code ---} lines, the first of which is line 1 of the file) into keys and plain values: strings,
     * numbers, booleans, null, lists and maps, in the order written. An empty block is an empty map.
     *
     * @throws IllegalArgumentException when it is not YAML, or not a mapping of keys to values
     */
    public static Map<String, Object> read(String yaml) {
        Object document;
        try {
            requireShallow(yaml);
            document = new Load(READ).loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(mark -> " (line " + (mark.getLine() + 2) + " of the file)").orElse("");
            throw new IllegalArgumentException(firstLine(e.getProblem()) + where, e);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(firstLine(e.getMessage()), e);
        }
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("it is not a list of keys and values");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        map.forEach((key, value) -> values.put(String.valueOf(key), value));
        return values;
    }

    /**
     * Refuses lists and mappings nested deeper than {@link #MAX_NESTING}, read from the parser's events (it keeps its
     * state on a stack of its own, so any depth reads safely) before anything is built from them.
     */
    private static void requireShallow(String yaml) {
        int depth = 0;
        for (Event event : new Parse(READ).parseString(yaml)) {
            Event.ID id = event.getEventId();
            if (id == Event.ID.SequenceStart || id == Event.ID.MappingStart) {
                // The front matter itself is the top mapping: one level more than the nesting people write.
                if (++depth > MAX_NESTING + 1) {
                    String where = event.getStartMark().map(mark -> " (line " + (mark.getLine() + 2) + " of the file)").orElse("");
                    throw new IllegalArgumentException("lists and mappings nest more than " + MAX_NESTING + " deep" + where);
                }
            } else if (id == Event.ID.SequenceEnd || id == Event.ID.MappingEnd) {
                depth--;
            }
        }
    }

    private FrontMatter entry(String key, Event value) {
        events.add(plain(key));
        events.add(value);
        return this;
    }

    private static ScalarEvent plain(String value) {
        return new ScalarEvent(Optional.empty(), Optional.empty(), PLAIN_OR_QUOTED, value, ScalarStyle.PLAIN);
    }

    private static ScalarEvent nullValue() {
        return plain("null");
    }

    private static ScalarEvent text(String value) {
        return value == null ? nullValue()
                : new ScalarEvent(Optional.empty(), Optional.empty(), PLAIN_OR_QUOTED, wellFormed(value), ScalarStyle.DOUBLE_QUOTED);
    }

    /**
     * YAML 1.2 lets DEL, the line and paragraph separators and the byte order mark stand unescaped,
     * and the emitter writes them so; many front-matter readers are YAML 1.1, which reads the two
     * separators as line breaks and refuses the other two. They can only occur inside a
     * double-quoted value (keys, numbers, null and comments are the report's own ASCII words), where
     * an escape means exactly the same character to every YAML reader.
     */
    private static String yaml11Safe(String yaml) {
        return yaml.replace("\u007F", "\\x7F").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\uFEFF", "\\uFEFF");
    }

    /** A lone surrogate is not text at all (PostgreSQL cannot store it) and a YAML reader would refuse it. */
    private static String wellFormed(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c) && !pairedSurrogate(value, i)) {
                if (out == null) {
                    out = new StringBuilder(value);
                }
                out.setCharAt(i, '\uFFFD');
            }
        }
        return out == null ? value : out.toString();
    }

    private static boolean pairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "it is not valid YAML";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
