package io.hindsight.audit;

import io.hindsight.TestAccounts;
import io.hindsight.account.AccountService;
import io.hindsight.account.Role;
import io.hindsight.incident.Incidents;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database itself keeps the audit log append-only: UPDATE and DELETE on audit_event are refused
 * with a message saying why, whoever sends them, and removing an account leaves its events as written.
 */
@QuarkusTest
class AuditAppendOnlyTest {

    @Inject
    Audit audit;

    @Inject
    AccountService accounts;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anUpdateIsRefused() throws SQLException {
        String subject = "append-only:" + Incidents.shortId();
        long id = recorded(subject);

        SQLException refused = assertThrows(SQLException.class,
                () -> execute("UPDATE audit_event SET detail = 'rewritten' WHERE id = " + id));

        assertTrue(refused.getMessage().contains("audit_event is append-only: UPDATE of audit event " + id + " refused"),
                refused.getMessage());
        assertEquals("", detailOf(id), "the row is as written");
    }

    @Test
    void aDeleteIsRefused() throws SQLException {
        String subject = "append-only:" + Incidents.shortId();
        long id = recorded(subject);

        SQLException refused = assertThrows(SQLException.class, () -> execute("DELETE FROM audit_event WHERE id = " + id));

        assertTrue(refused.getMessage().contains("audit_event is append-only: DELETE of audit event " + id + " refused"),
                refused.getMessage());
        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE id = " + id));
    }

    @Test
    void hibernateNeverWritesAChangeToAnEvent() {
        String subject = "append-only:" + Incidents.shortId();
        long id = recorded(subject);

        QuarkusTransaction.requiringNew().run(() -> AuditEvent.<AuditEvent>findById(id).detail = "changed in memory");

        assertEquals("", QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>findById(id).detail),
                "an immutable entity is never flushed");
    }

    @Test
    void removingAnAccountLeavesItsEventsAsWritten() throws SQLException {
        long admin = TestAccounts.of(Role.ADMIN).id();
        String email = "leaving-" + Incidents.shortId() + "@test.hindsight.example";
        long user = accounts.invite(admin, email, "Lee Leaving", Role.VIEWER, "a quiet river at dawn").id;
        QuarkusTransaction.requiringNew().run(() -> audit.record(user, AuditAction.PAT_REVOKED, AuditSubject.token(0), "by " + email, ""));

        execute("DELETE FROM app_user WHERE id = " + user);

        assertEquals(1, count("SELECT count(*) FROM audit_event WHERE actor_id = " + user + " AND action = 'pat.revoked'"),
                "the actor stays named by number");
    }

    private long recorded(String subject) {
        QuarkusTransaction.requiringNew().run(() -> audit.record(null, "test.append-only", subject, "", ""));
        return QuarkusTransaction.requiringNew().call(() -> AuditEvent.<AuditEvent>find("subject", subject).firstResult().id);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private String detailOf(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT detail FROM audit_event WHERE id = " + id);
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }
}
