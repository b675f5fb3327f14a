package io.hindsight.checklist;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** One thing to check, why it matters, and whether it must be proven and re-verified. */
@Entity
@Table(name = "checklist_template_item")
public class ChecklistTemplateItem extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "template_id")
    public ChecklistTemplate template;

    public int position;
    public String text;
    public String why = "";
    public String guidanceUrl;
    /** When set, a done item comes back as "re-verify" after this many days. */
    public Integer verifyEveryDays;
    /** Done needs a note or link that shows it. */
    public boolean requiresEvidence;
}
