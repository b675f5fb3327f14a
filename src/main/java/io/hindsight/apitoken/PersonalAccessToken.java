package io.hindsight.apitoken;

import io.hindsight.account.User;
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

/** A named, scoped, expiring token a person creates for a script; shown once, stored hashed. */
@Entity
@Table(name = "personal_access_token")
public class PersonalAccessToken extends PanacheEntityBase {

    /** How every personal access token value starts, so a token tells what it is. */
    static final String VALUE_PREFIX = "hs_pat_";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public User user;

    public String name;
    public String tokenHash;
    /** The first characters, so people can tell their tokens apart. */
    public String prefix;

    @Enumerated(EnumType.STRING)
    public Scope scope;

    public Instant createdAt;
    public Instant expiresAt;
    public Instant lastUsedAt;
    public Instant revokedAt;

    public boolean isUsableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    public static List<PersonalAccessToken> ownedBy(long userId) {
        return list("user.id = ?1 ORDER BY createdAt DESC", userId);
    }
}
