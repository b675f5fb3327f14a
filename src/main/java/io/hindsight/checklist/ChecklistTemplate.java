package io.hindsight.checklist;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One version of a library checklist: the failure pattern it answers and its ordered items. */
@Entity
@Table(name = "checklist_template")
public class ChecklistTemplate extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String slug;
    public int version;
    public String name;
    public String failurePattern;
    /** The version new attachments get; older versions stay for the incidents that use them. */
    public boolean current;
    public Instant createdAt;
    public Long createdBy;

    /**
     * The row's lock counter (not {@link #version}, which numbers the checklist's published versions):
     * two admins saving over the same version both retire this row, and only the first of them can.
     */
    @Version
    @Column(name = "lock_version")
    public long lockVersion;

    @OneToMany(mappedBy = "template", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("position")
    public List<ChecklistTemplateItem> items = new ArrayList<>();

    /** The library, with each checklist's items in the same query (the library shows how many each has). */
    public static List<ChecklistTemplate> currentVersions() {
        return list("FROM ChecklistTemplate t LEFT JOIN FETCH t.items WHERE t.current = true ORDER BY t.name");
    }

    public static Optional<ChecklistTemplate> currentBySlug(String slug) {
        return find("FROM ChecklistTemplate t LEFT JOIN FETCH t.items WHERE t.slug = ?1 AND t.current = true", slug)
                .singleResultOptional();
    }

    public static List<ChecklistTemplate> history(String slug) {
        return list("slug = ?1 ORDER BY version DESC", slug);
    }
}
