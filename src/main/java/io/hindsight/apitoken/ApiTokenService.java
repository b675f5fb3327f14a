package io.hindsight.apitoken;

import io.hindsight.account.AccountChanged;
import io.hindsight.account.User;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditSubject;
import io.hindsight.audit.AuditAction;
import io.hindsight.security.Secrets;
import io.hindsight.session.BearerTokens;
import io.hindsight.session.SigningKeys;
import io.hindsight.session.TokenUse;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import io.hindsight.validation.Names;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tokens for programs: short access JWTs, rotating refresh tokens with reuse detection, and
 * personal access tokens. Only hashes of opaque tokens are stored.
 */
@ApplicationScoped
@Transactional
public class ApiTokenService implements BearerTokens {

    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);
    /** The {@code sid} of access tokens exchanged from a personal access token: {@code pat:<id>}. */
    static final String PAT_SID = "pat:";

    @Inject
    ApiConfig config;

    @Inject
    SigningKeys keys;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    /** What the token endpoint answers. */
    public record Issued(String accessToken, long expiresIn, String refreshToken, Scope scope) {
    }

    /** A new personal access token and its value, shown exactly once. */
    public record Created(PersonalAccessToken token, String value) {
    }

    /**
     * Opens a refresh family for a person who proved who they are, and issues its first tokens.
     *
     * @param authTime when they proved it; null for now
     */
    public Issued open(User user, Scope scope, Instant authTime) {
        Instant now = clock.instant();
        authTime = authTime == null ? now : authTime;
        RefreshFamily family = new RefreshFamily();
        family.id = UUID.randomUUID();
        family.user = user;
        family.scope = scope;
        family.authTime = authTime;
        family.createdAt = now;
        family.persist();
        String raw = RefreshToken.VALUE_PREFIX + Secrets.random();
        store(family, raw, now);
        return issued(family, raw, now);
    }

    /** Exchanges a personal access token for an access token and a refresh family of its scope. */
    /**
     * Exchanges a personal access token for a short access token bound to it: no refresh token
     * (the program exchanges the PAT again), never past the PAT's expiry, refused once it is revoked.
     */
    public Optional<Issued> exchange(String patValue) {
        Instant now = clock.instant();
        return usablePat(patValue).map(p -> {
            Instant expires = now.plus(config.accessTokenLifetime());
            if (expires.isAfter(p.expiresAt)) {
                expires = p.expiresAt;
            }
            String access = keys.sign(Jwt.subject(String.valueOf(p.user.id))
                    .upn(p.user.email)
                    .groups(p.scope.roles(p.user))
                    .claim("sid", PAT_SID + p.id)
                    .claim("auth_time", now.getEpochSecond())
                    .claim("use", TokenUse.API.claim())
                    .claim("scope", p.scope.name().toLowerCase())
                    .issuedAt(now)
                    .expiresAt(expires));
            return new Issued(access, java.time.Duration.between(now, expires).toSeconds(), null, p.scope);
        });
    }

    /**
     * Rotates a refresh token. Row-locked, so concurrent refreshes (even on several instances)
     * serialise: the first mints the successor, the others within the overlap window get that same
     * successor; an older token, or the previous one after the window, revokes the whole family.
     */
    public Optional<Issued> refresh(String raw, Consumer<String> whyNot) {
        if (raw == null || !raw.startsWith(RefreshToken.VALUE_PREFIX)) {
            whyNot.accept("That is not a refresh token.");
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<RefreshToken> found = RefreshToken.find("tokenHash", Secrets.hash(raw))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
        if (found.isEmpty()) {
            whyNot.accept("The refresh token is not known.");
            return Optional.empty();
        }
        RefreshToken token = found.get();
        RefreshFamily family = token.family;
        if (family.revokedAt != null || !family.user.isActive()) {
            whyNot.accept("The refresh token was revoked. Sign in again.");
            return Optional.empty();
        }
        if (!now.isBefore(token.expiresAt)) {
            whyNot.accept("The refresh token has expired. Sign in again.");
            return Optional.empty();
        }
        // The successor is derived with a server secret instead of stored, so the previous token can be
        // answered with the same successor during the overlap window.
        String successorRaw = RefreshToken.VALUE_PREFIX + Secrets.hmac(successorSecret(), raw);
        if (token.usedAt == null) {
            token.usedAt = now;
            token.successor = store(family, successorRaw, now);
            return Optional.of(issued(family, successorRaw, now));
        }
        boolean withinOverlap = !now.isAfter(token.usedAt.plus(config.refreshOverlap()));
        RefreshToken successor = token.successor;
        if (withinOverlap && successor != null && successor.usedAt == null
                && successor.tokenHash.equals(Secrets.hash(successorRaw))) {
            return Optional.of(issued(family, successorRaw, now));
        }
        family.revokedAt = now;
        family.revokedReason = "reuse-detected";
        audit.record(family.user.id, AuditAction.API_REFRESH_REUSE, AuditSubject.account(family.user.id),
                family.user.email + ": family " + family.id + " revoked", "");
        whyNot.accept("That refresh token was already used. Every token of this sign-in is now revoked; sign in again.");
        return Optional.empty();
    }

    /** Ends a program's sign-in (its whole refresh family). */
    public void revokeFamily(String raw) {
        if (raw == null) {
            return;
        }
        RefreshToken.<RefreshToken>find("tokenHash", Secrets.hash(raw)).firstResultOptional().ifPresent(t -> {
            if (t.family.revokedAt == null) {
                t.family.revokedAt = clock.instant();
                t.family.revokedReason = "revoked";
            }
        });
    }

    public Created createPat(User owner, String nameInput, Scope scope, Integer days) {
        String name = nameInput == null ? "" : nameInput.strip();
        List<FieldError> errors = new ArrayList<>();
        if (name.isEmpty() || name.length() > 80) {
            errors.add(new FieldError("name", "Name the token after what uses it, in at most 80 characters."));
        } else {
            Names.directionError("name", name).ifPresent(errors::add);
        }
        if (scope == null) {
            errors.add(new FieldError("scope", "Choose read or write."));
        }
        if (days == null || days < 1 || days > 366) {
            errors.add(new FieldError("days", "Choose how long it lasts: 1 to 366 days."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        String value = PersonalAccessToken.VALUE_PREFIX + Secrets.random();
        PersonalAccessToken pat = new PersonalAccessToken();
        pat.user = owner;
        pat.name = name;
        pat.scope = scope;
        pat.tokenHash = Secrets.hash(value);
        pat.prefix = value.substring(0, PersonalAccessToken.VALUE_PREFIX.length() + 4);
        pat.createdAt = clock.instant();
        pat.expiresAt = pat.createdAt.plus(Duration.ofDays(days));
        pat.persist();
        audit.record(owner.id, AuditAction.PAT_CREATED, AuditSubject.token(pat.id), name + " (" + scope + ")", "");
        return new Created(pat, value);
    }

    public void revokePat(long ownerId, long patId) {
        PersonalAccessToken pat = PersonalAccessToken.<PersonalAccessToken>find("id = ?1 AND user.id = ?2", patId, ownerId)
                .firstResultOptional().orElseThrow(() -> new jakarta.ws.rs.NotFoundException("No such token"));
        if (pat.revokedAt == null) {
            pat.revokedAt = clock.instant();
            audit.record(ownerId, AuditAction.PAT_REVOKED, AuditSubject.token(pat.id), pat.name, "");
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PersonalAccessToken> pats(long ownerId) {
        return PersonalAccessToken.ownedBy(ownerId);
    }

    @Override
    public boolean handles(String token) {
        return token.startsWith(PersonalAccessToken.VALUE_PREFIX) || token.chars().filter(c -> c == '.').count() == 2;
    }

    @Override
    public Optional<Bearer> check(String token, Consumer<String> whyNot) {
        if (token.startsWith(PersonalAccessToken.VALUE_PREFIX)) {
            Optional<PersonalAccessToken> pat = usablePat(token);
            if (pat.isEmpty()) {
                whyNot.accept("The personal access token is unknown, expired or revoked.");
                return Optional.empty();
            }
            PersonalAccessToken p = pat.get();
            Instant now = clock.instant();
            if (p.lastUsedAt == null || p.lastUsedAt.plus(LAST_USED_PRECISION).isBefore(now)) {
                p.lastUsedAt = now;
            }
            return Optional.of(new Bearer(p.user.id, p.user.email, p.scope.roles(p.user), "pat:" + p.id, p.user.role.grants()));
        }
        JsonWebToken jwt;
        try {
            jwt = keys.verify(token);
        } catch (ParseException e) {
            whyNot.accept("The access token could not be verified or has expired.");
            return Optional.empty();
        }
        if (!TokenUse.API.claim().equals(jwt.getClaim("use"))) {
            whyNot.accept("That token is not an API access token.");
            return Optional.empty();
        }
        String sid = jwt.getClaim("sid");
        if (sid != null && sid.startsWith(PAT_SID)) {
            Optional<PersonalAccessToken> pat = patById(sid.substring(PAT_SID.length()));
            if (pat.isEmpty()) {
                whyNot.accept("The personal access token behind this access token was revoked or has expired.");
                return Optional.empty();
            }
            PersonalAccessToken p = pat.get();
            return Optional.of(new Bearer(p.user.id, p.user.email, p.scope.roles(p.user), sid, p.user.role.grants()));
        }
        Optional<RefreshFamily> family;
        try {
            family = RefreshFamily.find("FROM RefreshFamily f JOIN FETCH f.user WHERE f.id = ?1",
                    UUID.fromString(jwt.getClaim("sid"))).firstResultOptional();
        } catch (IllegalArgumentException e) {
            family = Optional.empty();
        }
        if (family.isEmpty() || family.get().revokedAt != null || !family.get().user.isActive()) {
            whyNot.accept("The access token was revoked.");
            return Optional.empty();
        }
        RefreshFamily f = family.get();
        return Optional.of(new Bearer(f.user.id, f.user.email, f.scope.roles(f.user), f.id.toString(), f.user.role.grants()));
    }

    /** A changed password, role or status ends every program sign-in of that person too. */
    void onAccountChanged(@Observes AccountChanged change) {
        RefreshFamily.update("revokedAt = ?1, revokedReason = ?2 WHERE user.id = ?3 AND revokedAt IS NULL",
                clock.instant(), change.reason(), change.userId());
    }

    private Optional<PersonalAccessToken> usablePat(String value) {
        if (value == null || !value.startsWith(PersonalAccessToken.VALUE_PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return PersonalAccessToken.<PersonalAccessToken>find("FROM PersonalAccessToken p JOIN FETCH p.user WHERE p.tokenHash = ?1",
                        Secrets.hash(value)).firstResultOptional()
                .filter(p -> p.isUsableAt(now) && p.user.isActive());
    }

    private Optional<PersonalAccessToken> patById(String id) {
        try {
            Instant now = clock.instant();
            return PersonalAccessToken.<PersonalAccessToken>find("FROM PersonalAccessToken p JOIN FETCH p.user WHERE p.id = ?1",
                    Long.valueOf(id)).firstResultOptional().filter(p -> p.isUsableAt(now) && p.user.isActive());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private RefreshToken store(RefreshFamily family, String raw, Instant now) {
        RefreshToken token = new RefreshToken();
        token.family = family;
        token.tokenHash = Secrets.hash(raw);
        token.createdAt = now;
        token.expiresAt = now.plus(config.refreshTokenLifetime());
        token.persist();
        return token;
    }

    private Issued issued(RefreshFamily family, String refreshRaw, Instant now) {
        User user = family.user;
        String access = keys.sign(Jwt.subject(String.valueOf(user.id))
                .upn(user.email)
                .groups(family.scope.roles(user))
                .claim("sid", family.id.toString())
                .claim("auth_time", family.authTime.getEpochSecond())
                .claim("use", TokenUse.API.claim())
                .claim("scope", family.scope.name().toLowerCase())
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenLifetime())));
        return new Issued(access, config.accessTokenLifetime().toSeconds(), refreshRaw, family.scope);
    }

    private byte[] successorSecret() {
        return Secrets.sha256("hindsight refresh successor".getBytes(StandardCharsets.UTF_8),
                keys.signer().privateKey().getEncoded());
    }
}
