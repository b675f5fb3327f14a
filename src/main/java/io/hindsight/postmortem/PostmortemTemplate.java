package io.hindsight.postmortem;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A starting point for a postmortem: a prompt and starter text per section for one failure pattern. */
@Entity
@Table(name = "postmortem_template")
public class PostmortemTemplate extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String slug;

    public String name;

    public String description;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "contributing_factors", columnDefinition = "text[]")
    public List<String> contributingFactors = new ArrayList<>();

    public int position;

    /** Slugs of the library checklists that usually answer this failure pattern. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "suggested_checklists", columnDefinition = "text[]")
    public List<String> suggestedChecklists = new ArrayList<>();

    @OneToMany(mappedBy = "template", cascade = CascadeType.ALL, orphanRemoval = true)
    public List<TemplateSection> sections = new ArrayList<>();

    public static List<PostmortemTemplate> listInOrder() {
        return list("ORDER BY position, name");
    }

    public static Optional<PostmortemTemplate> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    public Optional<TemplateSection> section(Section section) {
        return sections.stream().filter(s -> s.section == section).findFirst();
    }

    public String prompt(Section section) {
        return section(section).map(s -> s.prompt).orElse("");
    }

    public String starter(Section section) {
        return section(section).map(s -> s.starter).orElse("");
    }
}
