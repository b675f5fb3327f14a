package io.hindsight.review;

import io.hindsight.account.User;
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

/** A reviewer's remark on one section. Internal: never in shared or exported reports. */
@Entity
@Table(name = "postmortem_comment")
public class ReviewComment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "postmortem_id")
    public Postmortem postmortem;

    @Enumerated(EnumType.STRING)
    public Section section;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "author_id")
    public User author;

    public String body;

    public Instant createdAt;
}
