package io.hindsight.share;

import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemStatus;
import io.hindsight.security.Secrets;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Share links: 256 random bits in the address, only a hash stored, expiring after
 * {@code hindsight.share.lifetime} (7 days), revocable, and only for published postmortems.
 */
@ApplicationScoped
@Transactional
public class ShareService {

    @Inject
    Clock clock;

    @Inject
    ShareConfig config;

    /** A new link and its token, shown once. */
    public record Created(ShareLink link, String token) {
    }

    public Created create(long incidentId, Long userId) {
        Postmortem postmortem = Postmortem.findByIncident(incidentId)
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " has no postmortem yet"));
        if (postmortem.status != PostmortemStatus.PUBLISHED) {
            throw new InvalidInputException("share", "Only published postmortems can be shared outside Hindsight.");
        }
        String token = Secrets.random();
        ShareLink link = new ShareLink();
        link.postmortem = postmortem;
        link.tokenHash = Secrets.hash(token);
        link.createdBy = userId;
        link.createdAt = clock.instant();
        link.expiresAt = link.createdAt.plus(config.lifetime());
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

    /**
     * Whether {@code token} is a link whose incident was deleted (is in the Trash): the link page then says "gone"
     * rather than "not found". Plain SQL, as the incidents' filter hides such incidents from Hibernate.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean leadsToTrash(String token) {
        if (token == null || token.length() < 40 || token.length() > 64) {
            return false;
        }
        return !ShareLink.getEntityManager().createNativeQuery("""
                        SELECT 1 FROM share_link l JOIN postmortem p ON p.id = l.postmortem_id
                        JOIN incident i ON i.id = p.incident_id
                        WHERE l.token_hash = ?1 AND i.deleted_at IS NOT NULL""")
                .setParameter(1, Secrets.hash(token)).getResultList().isEmpty();
    }

    /** The postmortem a usable link opens; empty for unknown, expired, revoked or unpublished. */
    public Optional<Postmortem> open(String token) {
        if (token == null || token.length() < 40 || token.length() > 64) {
            return Optional.empty();
        }
        return ShareLink.<ShareLink>find("tokenHash", Secrets.hash(token)).firstResultOptional()
                .filter(l -> l.isUsableAt(clock.instant()))
                .map(l -> Postmortem.findByIncident(l.postmortem.incident.id).orElse(null))
                .filter(p -> p != null && p.status == PostmortemStatus.PUBLISHED);
    }
}
