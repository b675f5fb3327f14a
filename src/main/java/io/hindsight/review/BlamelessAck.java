package io.hindsight.review;

import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.Section;
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

/** A blameless finding the authors kept on purpose, with their reason; part of the record. */
@Entity
@Table(name = "blameless_ack")
public class BlamelessAck extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "postmortem_id")
    public Postmortem postmortem;

    @Enumerated(EnumType.STRING)
    public Section section;

    public String ruleId;
    public String phrase;
    public String reason;
    public Long acknowledgedBy;
    public Instant acknowledgedAt;
}
