package io.hindsight.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A person who signs in to Hindsight. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String email;

    public String name;

    @Enumerated(EnumType.STRING)
    public Role role;

    public String passwordHash;

    public Instant disabledAt;

    public Instant createdAt;

    public Instant passwordChangedAt;

    @Version
    public long version;

    public boolean isActive() {
        return disabledAt == null;
    }

    public static Optional<User> findByEmail(String email) {
        return find("lower(email) = ?1", normalize(email)).firstResultOptional();
    }

    public static List<User> listByName() {
        return list("ORDER BY lower(name), id");
    }

    /** People who may still sign in, by name: those who can be asked to review or own something. */
    public static List<User> listActiveByName() {
        return list("disabledAt IS NULL ORDER BY lower(name)");
    }

    public static String normalize(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
