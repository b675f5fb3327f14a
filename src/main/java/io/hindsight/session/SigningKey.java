package io.hindsight.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A key pair that signs tokens, kept in the database so all instances share it. */
@Entity
@Table(name = "signing_key")
public class SigningKey extends PanacheEntityBase {

    @Id
    public String kid;

    public String algorithm;

    public String privateKey;

    public String publicKey;

    public Instant createdAt;

    public Instant retiredAt;
}
