package io.hindsight.system;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The single row that says which Hindsight installation a database belongs to. */
@Entity
@Table(name = "installation")
public class Installation extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    /** production, staging, development, test …; set by the first start from hindsight.environment.name. */
    public String environment;

    public Instant createdAt;

    /** When the demo incidents were loaded, so they are loaded once and never come back after deletion. */
    public Instant demoLoadedAt;

    public static Installation current() {
        return Installation.<Installation>findAll().firstResult();
    }
}
