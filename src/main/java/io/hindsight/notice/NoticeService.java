package io.hindsight.notice;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/** Writes, lists and marks read the in-app notices of each person. */
@ApplicationScoped
@Transactional
public class NoticeService {

    /** Enough for anyone's recent notices; older ones stay in the table. */
    static final int PAGE = 100;

    @Inject
    Clock clock;

    /** Leaves a notice for {@code userId}; joins the caller's transaction, so it lands only with the change it tells of. */
    public Notice leave(long userId, Long incidentId, String text, String link) {
        Notice notice = new Notice();
        notice.userId = userId;
        notice.incidentId = incidentId;
        notice.text = text;
        notice.link = link;
        notice.createdAt = clock.instant();
        notice.persist();
        return notice;
    }

    /** A person's notices, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Notice> newestFor(long userId) {
        return Notice.newestFor(userId, PAGE);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long unreadFor(long userId) {
        return Notice.unreadFor(userId);
    }

    /** Marks every unread notice of a person read. */
    public void markAllRead(long userId) {
        Notice.update("readAt = ?1 WHERE userId = ?2 AND readAt IS NULL", clock.instant(), userId);
    }
}
