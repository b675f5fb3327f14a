package io.hindsight.apitoken;

import io.hindsight.account.User;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Every refresh token descended from one sign-in of a program; revoked together on reuse. */
@Entity
@Table(name = "refresh_family")
public class RefreshFamily extends PanacheEntityBase {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id")
    public User user;

    @Enumerated(EnumType.STRING)
    public Scope scope;

    public Instant authTime;
    public Instant createdAt;
    public Instant revokedAt;
    public String revokedReason;
}
