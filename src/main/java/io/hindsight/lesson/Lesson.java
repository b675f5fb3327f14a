package io.hindsight.lesson;

import io.hindsight.incident.Severity;
import io.quarkus.qute.RawString;

import java.time.Instant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lesson card as the Lessons library shows it: the incident it came from, the lessons (stored as HTML when the
 * postmortem was published or amended), the contributing factors the authors ticked and the checklists attached.
 * The static methods read a Learn section's Markdown; only {@link LessonCards} (and other features' exports) call
 * them, never a page of the library.
 */
public record Lesson(long postmortemId, long incidentId, String title, Severity severity, Instant publishedAt,
                     String templateName, RawString lessons, List<String> factors, List<String> tags,
                     List<String> checklists) {

    private static final Pattern HEADING = Pattern.compile("(?m)^(#{1,6})\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern TICKED = Pattern.compile("(?m)^\\s*[-*+]\\s+\\[[xX]\\]\\s+(.+?)\\s*$");

    /** The contributing factors the authors ticked under the Learn section's "Contributing factors" heading. */
    static List<String> factorsIn(String learn) {
        List<String> factors = new ArrayList<>();
        Matcher ticked = TICKED.matcher(subsection(learn == null ? "" : learn, "contributing factors"));
        while (ticked.find()) {
            factors.add(ticked.group(1));
        }
        return factors;
    }

    /** Whether the authors ticked {@code factor} (in any letter case) in this Learn section. */
    static boolean ticks(String learn, String factor) {
        return factorsIn(learn).stream().anyMatch(f -> f.equalsIgnoreCase(factor));
    }

    /** The authors' lessons: the text under the Learn section's "Lessons" heading, or "" when it has none. */
    public static String lessonsIn(String learn) {
        return learn == null ? "" : subsection(learn, "lessons");
    }

    /** The text under a heading whose title starts with {@code title}, up to the next heading of the same or a higher level. */
    public static String subsection(String markdown, String title) {
        Matcher heading = HEADING.matcher(markdown);
        while (heading.find()) {
            if (heading.group(2).toLowerCase(Locale.ROOT).startsWith(title)) {
                int level = heading.group(1).length();
                int start = heading.end();
                Matcher next = HEADING.matcher(markdown);
                int end = markdown.length();
                if (next.find(start)) {
                    do {
                        if (next.group(1).length() <= level) {
                            end = next.start();
                            break;
                        }
                    } while (next.find());
                }
                return markdown.substring(start, end).strip();
            }
        }
        return "";
    }
}
