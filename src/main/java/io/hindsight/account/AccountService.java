package io.hindsight.account;

import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditSubject;
import io.hindsight.audit.AuditAction;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.validation.Names;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * People and their roles. There is no default password: the first admin comes from the one-time
 * setup page or from {@code HINDSIGHT_ADMIN_EMAIL} / {@code HINDSIGHT_ADMIN_PASSWORD} at start.
 */
@ApplicationScoped
@Transactional
public class AccountService {

    private static final Logger LOG = Logger.getLogger(AccountService.class);
    /**
     * An address mail can be sent to, as people type it: RFC 5322's dot-atom before the {@code @} and host-name labels
     * after it (letters, digits and inner hyphens, at least two labels, no trailing dot), in ASCII. Refused: angle
     * brackets, quotes and brackets that belong around an address, not in it ({@code <a@b.example>},
     * {@code javascript:alert(1)@x.example}), and letters that only look like ASCII (full-width {@code ＡＤＡ}, Cyrillic
     * {@code а}), which would make a second account that reads like someone else's. An internationalised domain is
     * written in its {@code xn--} form.
     */
    private static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
            + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$");
    private static final long SETUP_LOCK = 0x5365747570L;
    private static final long ADMIN_LOCK = 0x41646d696eL;

    @Inject
    Passwords passwords;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    Event<AccountChanged> changed;

    @Inject
    AdminConfig firstAdmin;

    /** Unattended installs: create the first admin from the environment, once, while nobody exists. */
    void onStart(@Observes StartupEvent event) {
        if (firstAdmin.email().isPresent() && firstAdmin.password().isPresent() && !anyone()) {
            try {
                User admin = createFirstAdmin(firstAdmin.email().get(), "Administrator", firstAdmin.password().get());
                LOG.infof("Created the first admin %s from HINDSIGHT_ADMIN_EMAIL", admin.email);
            } catch (InvalidInputException e) {
                if (io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> User.count() > 0)) {
                    // Several instances started together on an empty database: another one created the admin.
                    LOG.info("The first admin was created meanwhile (by another instance); HINDSIGHT_ADMIN_EMAIL is not needed any more");
                } else {
                    LOG.errorf("HINDSIGHT_ADMIN_EMAIL / HINDSIGHT_ADMIN_PASSWORD were not used: %s", e.byField().values());
                }
            }
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean anyone() {
        return User.count() > 0;
    }

    /** Creates the first admin; refused once anyone exists, even when two requests race. */
    public User createFirstAdmin(String email, String name, String password) {
        User.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(" + SETUP_LOCK + ")").getSingleResult();
        if (User.count() > 0) {
            throw new InvalidInputException("email", "Hindsight is already set up. Sign in instead.");
        }
        User admin = create(email, name, Role.ADMIN, password, null);
        audit.record(admin.id, AuditAction.SETUP_FIRST_ADMIN, AuditSubject.account(admin.id), admin.email, "");
        return admin;
    }

    /** An admin adds a person with a first password they pass on (and the person changes). */
    public User invite(long adminId, String email, String name, Role role, String password) {
        User user = create(email, name, role, password, adminId);
        audit.record(adminId, AuditAction.USER_CREATED, AuditSubject.account(user.id), user.email + ", role " + user.role, "");
        return user;
    }

    private User create(String emailInput, String nameInput, Role role, String password, Long adminId) {
        String email = User.normalize(emailInput);
        String name = nameInput == null ? "" : nameInput.strip();
        List<FieldError> errors = new ArrayList<>();
        if (!EMAIL.matcher(email).matches() || email.length() > 254) {
            errors.add(new FieldError("email", "Enter an email address like ada@example.com."));
        } else if (User.findByEmail(email).isPresent()) {
            errors.add(new FieldError("email", "Someone with this email already has an account."));
        }
        if (name.isEmpty() || name.length() > 120) {
            errors.add(new FieldError("name", "Enter a name of up to 120 characters."));
        } else {
            Names.directionError("name", name).ifPresent(errors::add);
        }
        if (role == null) {
            errors.add(new FieldError("role", "Choose a role."));
        }
        passwords.weakness(password, email).ifPresent(w -> errors.add(new FieldError("password", w)));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        User user = new User();
        user.email = email;
        user.name = name;
        user.role = role;
        user.passwordHash = passwords.hash(password);
        user.createdAt = clock.instant();
        user.passwordChangedAt = user.createdAt;
        user.persist();
        return user;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public User get(long id) {
        return User.<User>findByIdOptional(id).orElseThrow(() -> new NotFoundException("No user " + id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<User> everyone() {
        return User.listByName();
    }

    /** Everyone not disabled, by name. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<User> active() {
        return User.listActiveByName();
    }

    public void changeRole(long adminId, long userId, Role role) {
        User user = get(userId);
        if (role == null) {
            throw new InvalidInputException("role", "Choose a role.");
        }
        if (user.role == role) {
            return;
        }
        if (user.role == Role.ADMIN && role != Role.ADMIN && activeAdminsOtherThan(user.id) < 1) {
            throw new InvalidInputException("role", "Hindsight needs at least one active admin. Make someone else admin first.");
        }
        user.role = role;
        audit.record(adminId, AuditAction.USER_ROLE_CHANGED, AuditSubject.account(user.id), user.email + ", now " + role, "");
        changed.fire(new AccountChanged(user.id, "role-changed"));
    }

    /**
     * Single sign-on with roles from the identity provider: the provider's role replaces the one set here
     * (and the person's other sessions end, as with any role change). The last active admin is never
     * demoted this way; the refusal is in the audit log.
     */
    public void applyProviderRole(long userId, Role role) {
        User user = get(userId);
        if (user.role == role) {
            return;
        }
        if (user.role == Role.ADMIN && role != Role.ADMIN && activeAdminsOtherThan(user.id) < 1) {
            audit.record(null, AuditAction.USER_ROLE_CHANGED, AuditSubject.account(user.id),
                    user.email + ", kept ADMIN: the identity provider grants " + role + " but Hindsight needs an active admin", "");
            return;
        }
        user.role = role;
        audit.record(null, AuditAction.USER_ROLE_CHANGED, AuditSubject.account(user.id),
                user.email + ", now " + role + " (from the identity provider)", "");
        changed.fire(new AccountChanged(user.id, "role-changed"));
    }

    public void setDisabled(long adminId, long userId, boolean disabled) {
        User user = get(userId);
        if (disabled == !user.isActive()) {
            return;
        }
        if (disabled && user.role == Role.ADMIN && activeAdminsOtherThan(user.id) < 1) {
            throw new InvalidInputException("role", "Hindsight needs at least one active admin.");
        }
        user.disabledAt = disabled ? clock.instant() : null;
        audit.record(adminId, disabled ? AuditAction.USER_DISABLED : AuditAction.USER_ENABLED, AuditSubject.account(user.id),
                user.email, "");
        if (disabled) {
            changed.fire(new AccountChanged(user.id, "disabled"));
        }
    }

    /** An admin sets a new password for someone who lost theirs; their sessions end. */
    public void resetPassword(long adminId, long userId, String password) {
        User user = get(userId);
        passwords.weakness(password, user.email).ifPresent(w -> {
            throw new InvalidInputException("password", w);
        });
        setPassword(user, password);
        audit.record(adminId, AuditAction.USER_PASSWORD_RESET, AuditSubject.account(user.id), user.email, "");
        changed.fire(new AccountChanged(user.id, "password-reset"));
    }

    /** A person changes their own password; every session of theirs ends (they sign in again). */
    public void changeOwnPassword(long userId, String current, String password) {
        User user = get(userId);
        if (!passwords.matches(current, user.passwordHash)) {
            throw new InvalidInputException("current", "That is not your current password.");
        }
        passwords.weakness(password, user.email).ifPresent(w -> {
            throw new InvalidInputException("password", w);
        });
        setPassword(user, password);
        audit.record(userId, AuditAction.USER_PASSWORD_CHANGED, AuditSubject.account(user.id), user.email, "");
        changed.fire(new AccountChanged(user.id, "password-changed"));
    }

    private void setPassword(User user, String password) {
        user.passwordHash = passwords.hash(password);
        user.passwordChangedAt = clock.instant();
    }

    /**
     * Active admins, counted under a database lock held to the end of the transaction, so two
     * admins demoting or disabling each other at the same moment cannot both pass the check.
     */
    private long activeAdminsOtherThan(long userId) {
        User.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(" + ADMIN_LOCK + ")").getSingleResult();
        // A native count sees rows committed by whoever held the lock before us.
        Number count = (Number) User.getEntityManager().createNativeQuery(
                        "SELECT count(*) FROM app_user WHERE role = 'ADMIN' AND disabled_at IS NULL AND id <> ?1")
                .setParameter(1, userId).getSingleResult();
        return count.longValue();
    }

    /** An admin ends every session and program sign-in of a person without changing anything else. */
    public void endSessions(long adminId, long userId) {
        User user = get(userId);
        audit.record(adminId, AuditAction.USER_SESSIONS_REVOKED, AuditSubject.account(user.id), user.email, "");
        changed.fire(new AccountChanged(user.id, "revoked-by-admin"));
    }
}
