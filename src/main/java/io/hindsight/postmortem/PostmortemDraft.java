package io.hindsight.postmortem;

import jakarta.validation.constraints.Size;

import java.util.EnumMap;
import java.util.Map;

/** The text of every section as an author submits it. */
public record PostmortemDraft(
        @Size(max = MAX, message = MESSAGE) String summary,
        @Size(max = MAX, message = MESSAGE) String impact,
        @Size(max = MAX, message = MESSAGE) String timelineNotes,
        @Size(max = MAX, message = MESSAGE) String laugh,
        @Size(max = MAX, message = MESSAGE) String learn,
        @Size(max = MAX, message = MESSAGE) String fix,
        @Size(max = MAX, message = MESSAGE) String share) {

    static final int MAX = 50_000;
    static final String MESSAGE = "Keep a section under 50,000 characters; link to longer material instead.";

    /** The text of every section of {@code postmortem} as it is now. */
    public static PostmortemDraft of(Postmortem postmortem) {
        return new PostmortemDraft(postmortem.summary, postmortem.impact, postmortem.timelineNotes, postmortem.laugh,
                postmortem.learn, postmortem.fix, postmortem.share);
    }

    public Map<Section, String> bySection() {
        Map<Section, String> map = new EnumMap<>(Section.class);
        for (Section section : Section.values()) {
            map.put(section, clean(section.textOf(this)));
        }
        return map;
    }

    /** Browsers send CRLF; store LF and no trailing blanks so exports stay stable. */
    private static String clean(String text) {
        return text == null ? "" : text.replace("\r\n", "\n").replace('\r', '\n').strip();
    }
}
