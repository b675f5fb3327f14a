package io.hindsight.apitoken;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import java.time.Instant;

/** One refresh token, stored only as a hash; {@code usedAt} and {@code successor} record its rotation. */
@Entity
@Table(name = "refresh_token")
public class RefreshToken extends PanacheEntityBase {

    /** How every refresh token value starts, so a token tells what it is. */
    static final String VALUE_PREFIX = "hs_rt_";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "family_id")
    public RefreshFamily family;

    public String tokenHash;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;

    @OneToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "successor_id")
    public RefreshToken successor;
}
