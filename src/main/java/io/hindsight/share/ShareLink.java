package io.hindsight.share;

import io.hindsight.postmortem.Postmortem;
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

/** A read-only link to a published postmortem for people without an account. */
@Entity
@Table(name = "share_link")
public class ShareLink extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "postmortem_id")
    public Postmortem postmortem;

    public String tokenHash;
    public Long createdBy;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant revokedAt;

    public boolean isUsableAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
