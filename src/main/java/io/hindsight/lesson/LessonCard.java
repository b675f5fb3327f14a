package io.hindsight.lesson;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the library and the feed show of one published postmortem, extracted from its Markdown by {@link LessonCards}. */
@Entity
@Table(name = "lesson_card")
public class LessonCard extends PanacheEntityBase {

    @Id
    public Long postmortemId;

    public long incidentId;

    public Instant publishedAt;

    /** The lessons (or the summary, when the Learn section has none) as safe HTML. */
    public String lessonsHtml;

    /** The lessons, then the summary, as safe HTML: a feed entry's content. */
    public String feedHtml;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> factors = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "text[]")
    public List<String> factorKeys = new ArrayList<>();

    public Instant extractedAt;
}
