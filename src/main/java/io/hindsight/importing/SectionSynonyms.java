package io.hindsight.importing;

import io.hindsight.postmortem.Section;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        for (String h : List.of("What happened", "Overview", "Description", "Incident summary", "Executive summary", "TL;DR")) {
            SYNONYMS.put(key(h), Section.SUMMARY);
        }
        for (String h : List.of("Customer impact", "User impact", "Business impact", "Impact assessment")) {
            SYNONYMS.put(key(h), Section.IMPACT);
        }
        for (String h : List.of("Timeline of events", "Sequence of events", "Chronology")) {
            SYNONYMS.put(key(h), Section.TIMELINE);
        }
        for (String h : List.of("Root cause", "Root causes", "Root cause analysis", "Contributing factors", "Lessons learned",
                "Lessons", "What went well", "What went wrong", "Where we got lucky", "Learnings")) {
            SYNONYMS.put(key(h), Section.LEARN);
        }
        for (String h : List.of("Action items", "Remediation", "Remediations", "Follow-ups", "Follow ups", "Next steps",
                "Corrective actions")) {
            SYNONYMS.put(key(h), Section.FIX);
        }
        for (String h : List.of("Communication", "Communications", "Sharing")) {
            SYNONYMS.put(key(h), Section.SHARE);
        }
        for (String h : List.of("Story", "The story")) {
            SYNONYMS.put(key(h), Section.LAUGH);
        }
    }

    private SectionSynonyms() {
    }

    /** The section a heading names, or null; case-insensitive, a trailing colon ignored. */
    static Section sectionFor(String heading) {
        return SYNONYMS.get(key(heading));
    }

    private static String key(String heading) {
        return heading.strip().replaceAll("[\\s:]+$", "").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
