package io.hindsight.notice;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** Something one person should know about, with a link to where to act; unread until they say so. */
@Entity
@Table(name = "notice")
public class Notice extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long userId;

    /** The incident it is about, if any. */
    public Long incidentId;

    public String text;

    /** A path inside the portal, such as {@code /incidents/42/postmortem/review}. */
    public String link;

    public Instant createdAt;

    public Instant readAt;

    public boolean unread() {
        return readAt == null;
    }

    /** Notices about an incident in the Trash are hidden with it, and come back when it is restored. */
    private static final String NOT_ABOUT_TRASH = " AND (incidentId IS NULL OR EXISTS "
            + "(SELECT 1 FROM Incident i WHERE i.id = incidentId AND i.deletedAt IS NULL))";

    static List<Notice> newestFor(long userId, int limit) {
        return find("userId = ?1" + NOT_ABOUT_TRASH + " ORDER BY createdAt DESC, id DESC", userId).page(0, limit).list();
    }

    /**
     * Counted on every page (the header's "Notices (n)"). A {@code SELECT count(*)} query rather than Panache's
     * {@code count(…)}: Hibernate derives the latter's SQL anew on every call, while a query of its own is
     * translated once and reused.
     */
    static long unreadFor(long userId) {
        return getEntityManager().createQuery("SELECT count(*) FROM Notice WHERE userId = ?1 AND readAt IS NULL"
                + NOT_ABOUT_TRASH, Long.class).setParameter(1, userId).getSingleResult();
    }
}
