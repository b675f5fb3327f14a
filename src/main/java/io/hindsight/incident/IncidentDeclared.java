package io.hindsight.incident;

/** Announced, inside the creating transaction, when a new incident is recorded. */
public record IncidentDeclared(Incident incident) {
}
