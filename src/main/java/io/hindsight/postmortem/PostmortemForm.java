package io.hindsight.postmortem;

import org.jboss.resteasy.reactive.RestForm;

/** The postmortem editor as submitted; kept as typed so nothing is lost when it comes back. */
public class PostmortemForm {

    @RestForm public String summary = "";
    @RestForm public String impact = "";
    @RestForm public String timelineNotes = "";
    @RestForm public String laugh = "";
    @RestForm public String learn = "";
    @RestForm public String fix = "";
    @RestForm public String share = "";
    @RestForm public Long version;

    public static PostmortemForm of(Postmortem postmortem) {
        PostmortemForm form = new PostmortemForm();
        form.summary = postmortem.summary;
        form.impact = postmortem.impact;
        form.timelineNotes = postmortem.timelineNotes;
        form.laugh = postmortem.laugh;
        form.learn = postmortem.learn;
        form.fix = postmortem.fix;
        form.share = postmortem.share;
        form.version = postmortem.version;
        return form;
    }

    /** The editor of a published postmortem, showing its amendment's text. */
    public static PostmortemForm of(Postmortem postmortem, PostmortemDraft text) {
        PostmortemForm form = of(postmortem);
        form.summary = text.summary();
        form.impact = text.impact();
        form.timelineNotes = text.timelineNotes();
        form.laugh = text.laugh();
        form.learn = text.learn();
        form.fix = text.fix();
        form.share = text.share();
        return form;
    }

    public PostmortemDraft toDraft() {
        return new PostmortemDraft(summary, impact, timelineNotes, laugh, learn, fix, share);
    }

    /** The text of a section as typed, for the editor's textareas. */
    public String text(Section section) {
        return section.textOf(toDraft());
    }
}
