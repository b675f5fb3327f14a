package io.hindsight.postmortem;

import io.hindsight.account.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Someone who wrote part of a postmortem: they started it or saved it, here or through the API.
 * Rows are written only by {@link #record}, an upsert, so two saves at once never collide.
 */
@Entity
@Table(name = "postmortem_contributor")
public class Contributor extends PanacheEntityBase {

    /** The postmortem and the person. */
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "postmortem_id")
        public Long postmortemId;

        @Column(name = "user_id")
        public Long userId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(postmortemId, key.postmortemId) && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(postmortemId, userId);
        }
    }

    @EmbeddedId
    public Key id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", insertable = false, updatable = false)
    public User user;

    public Instant firstEditAt;
    public Instant lastEditAt;
    public int edits;

    /** Counts one edit by {@code userId} at {@code at}: the first makes them a contributor. Joins the caller's transaction. */
    static void record(long postmortemId, long userId, Instant at) {
        getEntityManager().createNativeQuery("""
                        INSERT INTO postmortem_contributor (postmortem_id, user_id, first_edit_at, last_edit_at, edits)
                        VALUES (:postmortem, :user, :at, :at, 1)
                        ON CONFLICT (postmortem_id, user_id) DO UPDATE
                        SET last_edit_at = GREATEST(postmortem_contributor.last_edit_at, EXCLUDED.last_edit_at),
                            edits = postmortem_contributor.edits + 1""")
                .setParameter("postmortem", postmortemId)
                .setParameter("user", userId)
                .setParameter("at", at)
                .executeUpdate();
    }

    /** The contributors of a postmortem with the people they are, in the order they first edited it. */
    public static List<Contributor> ofPostmortem(long postmortemId) {
        return list("FROM Contributor c JOIN FETCH c.user WHERE c.id.postmortemId = ?1 ORDER BY c.firstEditAt, c.id.userId",
                postmortemId);
    }

    public static boolean wrote(long postmortemId, long userId) {
        return count("id.postmortemId = ?1 AND id.userId = ?2", postmortemId, userId) > 0;
    }
}
