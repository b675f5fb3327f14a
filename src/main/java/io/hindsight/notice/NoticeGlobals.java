package io.hindsight.notice;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;

/** The signed-in person's unread notices, available to every template as {@code notices} (the header shows the count). */
@TemplateGlobal
public class NoticeGlobals {

    static UnreadNotices notices() {
        return Arc.container().instance(UnreadNotices.class).get();
    }
}
