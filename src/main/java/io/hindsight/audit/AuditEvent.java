package io.hindsight.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/**
 * One security or data event: who ({@code actorId}), did what ({@code action}, one of
 * {@link AuditAction}), to what ({@code subject}, see {@link AuditSubject}), from where. Written once
 * by {@link Audit}; Hibernate never writes changes to it ({@code @Immutable}) and the database
 * refuses UPDATE and DELETE on its table.
 */
@Entity
@Immutable
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Instant occurredAt;

    public Long actorId;

    public String action;

    public String subject = "";

    public String detail = "";

    public String ip = "";
}
