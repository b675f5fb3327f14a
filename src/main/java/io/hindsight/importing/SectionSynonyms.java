package io.hindsight.importing;

import io.hindsight.postmortem.Section;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Which section a heading of a plain postmortem names: the section's own words, or a common synonym. */
final class SectionSynonyms {

    private static final Map<String, Section> SYNONYMS = new LinkedHashMap<>();

    static {
        for (Section s : Section.values()) {
            SYNONYMS.put(key(s.title()), s);
            if (s.habit() != null) {
                SYNONYMS.put(key(s.title() + " — " + s.habit()), s);
                SYNONYMS.put(key(s.habit()), s);
            }
        }
        for (String h : List.of("What happened", "Overview", "Description", "Incident summary", "Executive summary", "TL;DR",
                "Background", "Introduction", "Context", "Issue summary", "Incident overview")) {
            SYNONYMS.put(key(h), Section.SUMMARY);
        }
        for (String h : List.of("Customer impact", "User impact", "Business impact", "Impact assessment", "Data loss impact",
                "Affected services", "Affected customers", "Blast radius", "Scope")) {
            SYNONYMS.put(key(h), Section.IMPACT);
        }
        for (String h : List.of("Timeline of events", "Sequence of events", "Chronology", "Detection", "Time line", "Incident timeline")) {
            SYNONYMS.put(key(h), Section.TIMELINE);
        }
        for (String h : List.of("Root cause", "Root causes", "Root cause analysis", "Contributing factors", "Lessons learned",
                "Lessons", "What went well", "What went wrong", "Where we got lucky", "Learnings", "Trigger", "Triggers", "Cause",
                "Causes", "Analysis", "Postmortem", "Post-mortem", "Retrospective", "Five whys", "5 whys", "Why it happened",
                "Things that went well", "Things that went wrong", "What we learned")) {
            SYNONYMS.put(key(h), Section.LEARN);
        }
        for (String h : List.of("Action items", "Remediation", "Remediations", "Follow-ups", "Follow ups", "Next steps",
                "Corrective actions", "Resolution", "Resolution and recovery", "Recovery", "Mitigation", "Action taken", "Actions taken",
                "Future measures", "Preventive measures", "Preventative measures", "Corrective and preventative measures",
                "Improvements", "Improving recovery procedures", "Follow-up", "Follow up", "Followups", "Todo", "To do")) {
            SYNONYMS.put(key(h), Section.FIX);
        }
        for (String h : List.of("Communication", "Communications", "Sharing", "Conclusion", "Closing", "External communication")) {
            SYNONYMS.put(key(h), Section.SHARE);
        }
        for (String h : List.of("Story", "The story")) {
            SYNONYMS.put(key(h), Section.LAUGH);
        }
    }

    /**
     * Words that place a heading no synonym names, tried in order: "Impact on EU customers" is impact,
     * "Improving recovery procedures" a fix, "Root causes and triggers" learning.
     */
    private static final List<Map.Entry<Pattern, Section>> KEYWORDS = List.of(
            Map.entry(Pattern.compile("\\b(action items?|follow.?ups?|next steps|corrective|remediations?|preventi?v|preventative|"
                    + "improv\\w*|future measures|resolution|recovery|mitigation)\\b"), Section.FIX),
            Map.entry(Pattern.compile("\\b(timeline|chronolog\\w*|sequence of events|detection)\\b"), Section.TIMELINE),
            Map.entry(Pattern.compile("\\b(impact|impacts|affected|data loss)\\b"), Section.IMPACT),
            Map.entry(Pattern.compile("\\b(root causes?|causes?|contributing|triggers?|lessons?|learn\\w*|went (well|wrong)|lucky|"
                    + "analysis|post.?mortem|retrospective|whys)\\b"), Section.LEARN),
            Map.entry(Pattern.compile("\\b(summary|overview|background|what happened|tl;?dr)\\b"), Section.SUMMARY),
            Map.entry(Pattern.compile("\\b(communications?|sharing)\\b"), Section.SHARE));

    private SectionSynonyms() {
    }

    /**
     * The section a heading names, or null; case-insensitive, a trailing colon, a leading number
     * ("5. Action items") and emoji ignored; a synonym first, then the words above.
     */
    static Section sectionFor(String heading) {
        String key = key(heading);
        Section exact = SYNONYMS.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<Pattern, Section> rule : KEYWORDS) {
            if (rule.getKey().matcher(key).find()) {
                return rule.getValue();
            }
        }
        return null;
    }

    /** Whether a heading names follow-up work, whose lists and tables are action items. */
    static boolean namesActionItems(String heading) {
        return ACTION_ITEMS.matcher(key(heading)).find();
    }

    /** Whether a heading names a timeline, whose tables and timed lines are moments. */
    static boolean namesTimeline(String heading) {
        return TIMELINE.matcher(key(heading)).find();
    }

    private static final Pattern ACTION_ITEMS = Pattern.compile("\\b(action items?|actions|follow.?ups?|next steps|corrective|"
            + "remediations?|preventi?v\\w*|preventative|improv\\w*|future measures|to.?dos?|tasks)\\b");
    private static final Pattern TIMELINE = Pattern.compile("\\b(timeline|time line|chronolog\\w*|sequence of events|log of events)\\b");

    private static String key(String heading) {
        return heading.strip().replaceAll("[*_`]", "").replaceAll("^[^\\p{L}\\p{N}]+", "").replaceAll("^\\d+(\\.\\d+)*[.)]?\\s+", "")
                .replaceAll("[\\s:]+$", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
