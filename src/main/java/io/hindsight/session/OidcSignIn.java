package io.hindsight.session;

import io.hindsight.account.AccountService;
import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Single sign-on: the claims of an ID token that Quarkus OIDC has verified (signature, issuer, audience,
 * expiry, nonce) decide which Hindsight account signs in. Only an existing, active account whose email
 * the provider says it has verified; with a role claim configured, the claim sets the role. Every
 * outcome goes to the audit log with "oidc" in its detail.
 */
@ApplicationScoped
public class OidcSignIn {

    @Inject
    OidcConfig config;

    @Inject
    AccountService accounts;

    @Inject
    Audit audit;

    /** An account to open a session for, or a sentence for the person saying why not. */
    public record Outcome(User user, String problem) {
        public boolean succeeded() {
            return user != null;
        }
    }

    /** Why a provider's answer was refused before its claims were read; the sign-in page explains each. */
    public enum Refusal {
        EXPIRED("expired", "the ID token had expired",
                "%s's answer had already expired, so it cannot prove a sign-in that is happening now. Check that the clocks of "
                        + "Hindsight and %s agree, then try again."),
        AUDIENCE("audience", "the ID token was issued for another application",
                "%s's answer was meant for another application, not for Hindsight. An admin should check the client id "
                        + "Hindsight uses with %s."),
        NONCE("nonce", "the ID token's nonce did not match this sign-in",
                "%s's answer belongs to a different sign-in attempt than this one, so it was refused. Start again from the "
                        + "sign-in page. (If this keeps happening, tell an admin: %s may be misconfigured, or someone tried to "
                        + "replay an old answer.)"),
        INVALID("invalid", "the provider's answer could not be verified",
                "%s's answer could not be verified, so you are not signed in. Start again from the sign-in page; if it "
                        + "keeps happening, ask an admin to check the single sign-on settings for %s."),
        UNAVAILABLE("unavailable", "the provider could not be reached",
                "Hindsight could not reach %s just now. Try again in a moment, or sign in with your password.%s");

        private final String code;
        private final String audited;
        private final String message;

        Refusal(String code, String audited, String message) {
            this.code = code;
            this.audited = audited;
            this.message = message;
        }

        public String code() {
            return code;
        }

        String audited() {
            return audited;
        }

        public String message(String provider) {
            return message.formatted(provider, this == UNAVAILABLE ? "" : provider);
        }

        public static Optional<Refusal> of(String code) {
            for (Refusal r : values()) {
                if (r.code.equals(code)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Finds the account for a verified ID token's claims. {@code claim} reads one claim (null when absent).
     */
    @Transactional
    public Outcome accept(Function<String, Object> claim, String ip) {
        String provider = config.providerName();
        Object rawEmail = claim.apply("email");
        String email = rawEmail == null ? "" : User.normalize(text(rawEmail));
        if (email.isEmpty()) {
            return refuse(null, "", "no email claim in the ID token",
                    provider + " did not tell Hindsight your email address, so it cannot find your account. An admin should "
                            + "check that Hindsight asks " + provider + " for the email scope.", ip);
        }
        if (!isTrue(claim.apply("email_verified"))) {
            return refuse(null, email, "email not verified by the provider",
                    provider + " has not verified your email address " + email + ", so Hindsight cannot be sure it is yours. "
                            + "Verify it with " + provider + ", then sign in again.", ip);
        }
        Optional<User> found = User.findByEmail(email);
        if (found.isEmpty()) {
            return refuse(null, email, "no account with this email",
                    "There is no Hindsight account for " + email + ". Ask an admin to add you with this address, then sign in "
                            + "again.", ip);
        }
        User user = found.get();
        if (!user.isActive()) {
            return refuse(user.id, email, "account disabled",
                    "Your Hindsight account (" + email + ") is disabled. Ask an admin if you need it again.", ip);
        }
        if (config.roleClaim().isPresent()) {
            String claimName = config.roleClaim().get();
            Optional<Role> granted = roleFrom(claim.apply(claimName));
            if (granted.isEmpty()) {
                return refuse(user.id, email, "no Hindsight role in the " + claimName + " claim",
                        provider + " gives you no Hindsight role, so you cannot sign in this way. Ask an admin to add you to "
                                + "a group that grants one.", ip);
            }
            accounts.applyProviderRole(user.id, granted.get());
        }
        audit.record(user.id, AuditAction.LOGIN_SUCCEEDED, AuditSubject.email(email), "oidc", ip);
        return new Outcome(user, null);
    }

    /** Records a provider answer refused before its claims could be trusted (bad token, provider down). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordRefusal(Refusal refusal, String ip) {
        audit.record(null, AuditAction.LOGIN_FAILED, AuditSubject.email(""), "oidc: " + refusal.audited(), ip);
    }

    private Outcome refuse(Long actor, String email, String why, String message, String ip) {
        audit.recordAlways(actor, AuditAction.LOGIN_FAILED, AuditSubject.email(email), "oidc: " + why, ip);
        return new Outcome(null, message);
    }

    /** The highest role any value of the claim is mapped to. */
    Optional<Role> roleFrom(Object value) {
        Map<String, Role> mapping = mapping();
        Role best = null;
        for (String v : texts(value)) {
            Role role = mapping.get(v);
            if (role != null && (best == null || role.compareTo(best) > 0)) {
                best = role;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The configured {@code value=role} pairs; checked at start by {@link OidcTenant}. */
    Map<String, Role> mapping() {
        return parseMapping(config.roleMapping().orElse(List.of()));
    }

    static Map<String, Role> parseMapping(List<String> pairs) {
        Map<String, Role> mapping = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.lastIndexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("hindsight.oidc.role-mapping: \"" + pair + "\" is not value=role");
            }
            String role = pair.substring(eq + 1).strip().toUpperCase(Locale.ROOT);
            try {
                mapping.put(pair.substring(0, eq).strip(), Role.valueOf(role));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hindsight.oidc.role-mapping: \"" + pair.substring(eq + 1)
                        + "\" is not a role (viewer, editor or admin)");
            }
        }
        return mapping;
    }

    private static boolean isTrue(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof JsonValue json) {
            return json.getValueType() == JsonValue.ValueType.TRUE;
        }
        return value != null && "true".equals(value.toString());
    }

    private static String text(Object value) {
        return value instanceof JsonString s ? s.getString() : value.toString();
    }

    private static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        } else if (value instanceof Collection<?> many) {
            for (Object v : many) {
                if (v != null) {
                    out.add(text(v));
                }
            }
        } else {
            out.add(text(value));
        }
        return out;
    }
}
