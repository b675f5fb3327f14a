package io.hindsight.review;

import io.hindsight.account.User;
import io.hindsight.postmortem.Postmortem;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** Someone asked to review a postmortem, and what they decided. */
@Entity
@Table(name = "postmortem_reviewer")
public class Reviewer extends PanacheEntityBase {

    public enum Decision {
        PENDING("Not yet reviewed"), APPROVED("Approved"), CHANGES_REQUESTED("Changes requested");

        private final String label;

        Decision(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String key() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "postmortem_id")
    public Postmortem postmortem;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public User user;

    @Enumerated(EnumType.STRING)
    public Decision decision = Decision.PENDING;

    public Instant decidedAt;

    /** When they were (last) asked: the comments they wrote since belong to this round of review (null: all do). */
    public Instant askedAt;

    /** The reviewers of a postmortem with the people they are, in the order they were asked, in one query. */
    public static List<Reviewer> listWithPeople(long postmortemId) {
        return list("FROM Reviewer r JOIN FETCH r.user WHERE r.postmortem.id = ?1 ORDER BY r.id", postmortemId);
    }
}
