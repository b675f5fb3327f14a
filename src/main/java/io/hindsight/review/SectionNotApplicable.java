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

/** A section the authors say does not apply to this incident, and why. */
@Entity
@Table(name = "postmortem_section_na")
public class SectionNotApplicable extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "postmortem_id")
    public Postmortem postmortem;

    @Enumerated(EnumType.STRING)
    public Section section;

    public String reason;
}
