package io.hindsight.lesson;

import io.hindsight.account.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** The secret of one person's private feed address; only its SHA-256 is stored. */
@Entity
@Table(name = "feed_token")
public class FeedToken extends PanacheEntityBase {

    /** How every feed secret starts, so a leaked one tells what it is (and that it opens feeds only). */
    static final String VALUE_PREFIX = "hs_feed_";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public User user;

    public String tokenHash;
    public Instant createdAt;
    public Instant lastUsedAt;
    public Instant revokedAt;
}
