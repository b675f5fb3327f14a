package io.hindsight.share;

import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemStatus;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Share links: 256 random bits in the address, only a hash stored, expiring after
 * {@code hindsight.share.lifetime} (7 days), revocable, and only for published postmortems.
 */
@ApplicationScoped
@Transactional
public class ShareService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Clock clock;

    @ConfigProperty(name = "hindsight.share.lifetime", defaultValue = "P7D")
    Duration lifetime;

    /** A new link and its token, shown once. */
    public record Created(ShareLink link, String token) {
    }

    public Created create(long incidentId, Long userId) {
        Postmortem postmortem = Postmortem.findByIncident(incidentId)
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " has no postmortem yet"));
        if (postmortem.status != PostmortemStatus.PUBLISHED) {
            throw new InvalidInputException("share", "Only published postmortems can be shared outside Hindsight.");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ShareLink link = new ShareLink();
        link.postmortem = postmortem;
        link.tokenHash = hash(token);
        link.createdBy = userId;
        link.createdAt = clock.instant();
        link.expiresAt = link.createdAt.plus(lifetime);
        link.persist();
        return new Created(link, token);
    }

    public void revoke(long incidentId, long linkId) {
        ShareLink link = ShareLink.<ShareLink>find("id = ?1 AND postmortem.incident.id = ?2", linkId, incidentId)
                .firstResultOptional().orElseThrow(() -> new NotFoundException("No such share link"));
        if (link.revokedAt == null) {
            link.revokedAt = clock.instant();
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ShareLink> links(long incidentId) {
        return ShareLink.list("postmortem.incident.id = ?1 ORDER BY createdAt DESC", incidentId);
    }

    /** The postmortem a usable link opens; empty for unknown, expired, revoked or unpublished. */
    public Optional<Postmortem> open(String token) {
        if (token == null || token.length() < 40 || token.length() > 64) {
            return Optional.empty();
        }
        return ShareLink.<ShareLink>find("tokenHash", hash(token)).firstResultOptional()
                .filter(l -> l.isUsableAt(clock.instant()))
                .map(l -> Postmortem.findByIncident(l.postmortem.incident.id).orElse(null))
                .filter(p -> p != null && p.status == PostmortemStatus.PUBLISHED);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
