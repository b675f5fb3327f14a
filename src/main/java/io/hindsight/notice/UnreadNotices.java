package io.hindsight.notice;

import io.hindsight.account.CurrentUser;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.BlockingOperationControl;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The header's "Notices (n)" on every page: {@code {notices.label}}. Counted once per request, and
 * only when a page asks (one indexed count of the signed-in person's unread notices). A page
 * rendered where the database may not be used (an error answered on the I/O thread, such as a
 * refusal before any resource ran) shows the link without the count.
 */
@RequestScoped
@Unremovable
public class UnreadNotices {

    @Inject
    CurrentUser me;

    @Inject
    NoticeService service;

    private Long unread;

    /** How many notices the signed-in person has not read, or null when it cannot be counted here. */
    public Long unread() {
        if (unread == null && BlockingOperationControl.isBlockingAllowed()) {
            Long id = me.id();
            unread = id == null ? 0 : service.unreadFor(id);
        }
        return unread;
    }

    public boolean hasUnread() {
        Long count = unread();
        return count != null && count > 0;
    }

    /** "Notices (2)", or "Notices" when it cannot be counted. */
    public String label() {
        Long count = unread();
        return count == null ? "Notices" : "Notices (" + count + ")";
    }
}
