package io.hindsight.review;

import io.hindsight.account.User;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.postmortem.BlamelessFinding;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.postmortem.PostmortemStatus;
import io.hindsight.postmortem.Section;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Review and publishing. A postmortem reaches the Lessons library only when every section is
 * written or marked not applicable, it has action items or says why not, every blameless finding
 * is fixed or acknowledged with a reason, and a reviewer approved it with nobody asking for changes.
 */
@ApplicationScoped
@Transactional
public class ReviewService {

    @Inject
    PostmortemService postmortems;

    @Inject
    Clock clock;

    @Inject
    Event<PostmortemSentForReview> sentForReview;

    @Inject
    Event<PostmortemPublished> published;

    /** One finding in one section, and whether the authors acknowledged it. */
    public record SectionFinding(Section section, BlamelessFinding finding, BlamelessAck ack) {
        public boolean open() {
            return ack == null;
        }

        /** The sentence before the flagged phrase, for highlighting it. */
        public String before() {
            int at = indexOfPhrase();
            return at < 0 ? finding.sentence() : finding.sentence().substring(0, at);
        }

        public String after() {
            int at = indexOfPhrase();
            return at < 0 ? "" : finding.sentence().substring(at + finding.phrase().length());
        }

        public String highlighted() {
            int at = indexOfPhrase();
            return at < 0 ? finding.phrase() : finding.sentence().substring(at, at + finding.phrase().length());
        }

        private int indexOfPhrase() {
            return finding.sentence().toLowerCase(java.util.Locale.ROOT).indexOf(finding.phrase().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Everything the review page shows about a postmortem. */
    public record Review(Postmortem postmortem, List<Reviewer> reviewers, List<ReviewComment> comments,
                         Map<Section, SectionNotApplicable> notApplicable, List<SectionFinding> findings,
                         long actionItems, List<String> blockers) {

        public List<ReviewComment> commentsOn(Section section) {
            return comments.stream().filter(c -> c.section == section).toList();
        }

        public List<SectionFinding> findingsIn(Section section) {
            return findings.stream().filter(f -> f.section() == section).toList();
        }

        public SectionNotApplicable na(Section section) {
            return notApplicable.get(section);
        }

        public boolean publishable() {
            return blockers.isEmpty();
        }
    }

    public Review review(long incidentId) {
        Postmortem postmortem = postmortem(incidentId);
        List<Reviewer> reviewers = Reviewer.listWithPeople(postmortem.id);
        List<ReviewComment> comments = ReviewComment.list(
                "FROM ReviewComment c LEFT JOIN FETCH c.author WHERE c.postmortem.id = ?1 ORDER BY c.createdAt, c.id", postmortem.id);
        Map<Section, SectionNotApplicable> na = new EnumMap<>(Section.class);
        SectionNotApplicable.<SectionNotApplicable>list("postmortem.id", postmortem.id).forEach(n -> na.put(n.section, n));
        List<SectionFinding> findings = findings(postmortem);
        long actionItems = ActionItem.count("incident.id = ?1 AND status <> ?2", incidentId, ActionItem.Status.WONT_DO);
        return new Review(postmortem, reviewers, comments, na, findings, actionItems,
                blockers(postmortem, reviewers, na, findings, actionItems));
    }

    /** The blameless findings of every section, each with its acknowledgement if there is one. */
    public List<SectionFinding> findings(Postmortem postmortem) {
        List<BlamelessAck> acks = BlamelessAck.list("postmortem.id", postmortem.id);
        List<SectionFinding> result = new ArrayList<>();
        postmortems.findings(postmortem).forEach((section, findings) -> {
            for (BlamelessFinding finding : findings) {
                BlamelessAck ack = acks.stream().filter(a -> a.section == section && a.ruleId.equals(finding.ruleId())
                        && a.phrase.equalsIgnoreCase(finding.phrase())).findFirst().orElse(null);
                result.add(new SectionFinding(section, finding, ack));
            }
        });
        return result;
    }

    public void sendForReview(long incidentId, List<Long> reviewerIds) {
        Postmortem postmortem = postmortem(incidentId);
        addReviewers(postmortem, reviewerIds);
        if (Reviewer.count("postmortem.id", postmortem.id) == 0) {
            throw new InvalidInputException("reviewers", "Ask at least one person to review it.");
        }
        if (postmortem.status == PostmortemStatus.DRAFT) {
            postmortem.status = PostmortemStatus.IN_REVIEW;
            if (!postmortem.incident.status.isResolved() || postmortem.incident.status == IncidentStatus.RESOLVED) {
                postmortem.incident.status = IncidentStatus.IN_REVIEW;
            }
            sentForReview.fire(new PostmortemSentForReview(postmortem));
        }
    }

    /** A reviewer approves or asks for changes. Only the people asked can decide. */
    public void decide(long incidentId, long userId, Reviewer.Decision decision) {
        Postmortem postmortem = postmortem(incidentId);
        Reviewer reviewer = Reviewer.<Reviewer>find("postmortem.id = ?1 AND user.id = ?2", postmortem.id, userId)
                .firstResultOptional()
                .orElseThrow(() -> new InvalidInputException("decision", "Only the reviewers of this postmortem can decide."));
        if (decision == null || decision == Reviewer.Decision.PENDING) {
            throw new InvalidInputException("decision", "Approve, or ask for changes.");
        }
        reviewer.decision = decision;
        reviewer.decidedAt = clock.instant();
    }

    public void comment(long incidentId, long authorId, Section section, String bodyInput) {
        Postmortem postmortem = postmortem(incidentId);
        String body = bodyInput == null ? "" : bodyInput.strip();
        if (section == null) {
            throw new InvalidInputException("section", "Choose the section the comment is about.");
        }
        if (body.isEmpty() || body.length() > 5000) {
            throw new InvalidInputException("body", "Write a comment of up to 5,000 characters.");
        }
        ReviewComment comment = new ReviewComment();
        comment.postmortem = postmortem;
        comment.section = section;
        comment.author = User.findById(authorId);
        comment.body = body;
        comment.createdAt = clock.instant();
        comment.persist();
    }

    /** Marks a section not applicable (a reason is required), or clears that with a blank reason. */
    public void setNotApplicable(long incidentId, Section section, String reasonInput, boolean applicable) {
        Postmortem postmortem = postmortem(incidentId);
        if (section == null) {
            throw new InvalidInputException("section", "Choose a section.");
        }
        SectionNotApplicable.delete("postmortem.id = ?1 AND section = ?2", postmortem.id, section);
        if (applicable) {
            return;
        }
        String reason = reasonInput == null ? "" : reasonInput.strip();
        if (reason.isEmpty()) {
            throw new InvalidInputException("reason", "Say why this section does not apply.");
        }
        SectionNotApplicable na = new SectionNotApplicable();
        na.postmortem = postmortem;
        na.section = section;
        na.reason = reason;
        na.persist();
    }

    public void setNoActionReason(long incidentId, String reason) {
        postmortem(incidentId).noActionReason = reason == null ? "" : reason.strip();
    }

    /** Keeps a flagged phrase on purpose; the reason stays in the record. */
    public void acknowledge(long incidentId, long userId, Section section, String ruleId, String phrase, String reasonInput) {
        Postmortem postmortem = postmortem(incidentId);
        String reason = reasonInput == null ? "" : reasonInput.strip();
        if (reason.isEmpty()) {
            throw new InvalidInputException("reason", "Say why this wording stays; the reason is kept with the postmortem.");
        }
        boolean present = findings(postmortem).stream().anyMatch(f -> f.section() == section
                && f.finding().ruleId().equals(ruleId) && f.finding().phrase().equalsIgnoreCase(phrase));
        if (!present) {
            throw new InvalidInputException("phrase", "That finding is no longer in the text.");
        }
        if (BlamelessAck.count("postmortem.id = ?1 AND section = ?2 AND ruleId = ?3 AND lower(phrase) = lower(?4)",
                postmortem.id, section, ruleId, phrase) > 0) {
            return;
        }
        BlamelessAck ack = new BlamelessAck();
        ack.postmortem = postmortem;
        ack.section = section;
        ack.ruleId = ruleId;
        ack.phrase = phrase.length() > 300 ? phrase.substring(0, 300) : phrase;
        ack.reason = reason;
        ack.acknowledgedBy = userId;
        ack.acknowledgedAt = clock.instant();
        ack.persist();
    }

    /** Publishes when nothing blocks it; otherwise says what does. */
    public Postmortem publish(long incidentId) {
        Review review = review(incidentId);
        if (!review.publishable()) {
            throw new InvalidInputException("publish", String.join(" ", review.blockers()));
        }
        Postmortem postmortem = review.postmortem();
        postmortem.status = PostmortemStatus.PUBLISHED;
        postmortem.publishedAt = clock.instant();
        postmortem.incident.status = IncidentStatus.PUBLISHED;
        published.fire(new PostmortemPublished(postmortem));
        return postmortem;
    }

    private List<String> blockers(Postmortem postmortem, List<Reviewer> reviewers, Map<Section, SectionNotApplicable> na,
                                  List<SectionFinding> findings, long actionItems) {
        List<String> blockers = new ArrayList<>();
        if (postmortem.status == PostmortemStatus.DRAFT) {
            blockers.add("Send it for review first.");
        }
        List<String> unwritten = new ArrayList<>();
        for (Section section : Section.values()) {
            if (!na.containsKey(section) && !written(postmortem, section)) {
                unwritten.add(section.title());
            }
        }
        if (!unwritten.isEmpty()) {
            blockers.add("Write or mark not applicable: " + String.join(", ", unwritten) + ".");
        }
        if (actionItems == 0 && postmortem.noActionReason.isBlank()) {
            blockers.add("Add an action item, or say why none is needed.");
        }
        long open = findings.stream().filter(SectionFinding::open).count();
        if (open > 0) {
            blockers.add("Reword or acknowledge " + open + " blameless finding" + (open == 1 ? "" : "s") + ".");
        }
        if (reviewers.stream().anyMatch(r -> r.decision == Reviewer.Decision.CHANGES_REQUESTED)) {
            blockers.add("A reviewer asked for changes; they approve once they are made.");
        } else if (reviewers.stream().noneMatch(r -> r.decision == Reviewer.Decision.APPROVED)) {
            blockers.add("Wait for a reviewer to approve.");
        }
        return blockers;
    }

    /** Written means more than the template's starter: the author changed it. */
    static boolean written(Postmortem postmortem, Section section) {
        String text = postmortem.text(section);
        if (section == Section.TIMELINE && !postmortem.incident.timeline.isEmpty()) {
            return true;
        }
        if (text == null || text.isBlank()) {
            return false;
        }
        String starter = postmortem.template.starter(section);
        return !normalize(text).equals(normalize(starter));
    }

    private static String normalize(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private void addReviewers(Postmortem postmortem, List<Long> reviewerIds) {
        for (Long id : reviewerIds == null ? List.<Long>of() : reviewerIds) {
            Optional<User> user = User.<User>findByIdOptional(id).filter(User::isActive);
            if (user.isEmpty()) {
                throw new InvalidInputException("reviewers", "Choose reviewers who have an active account.");
            }
            if (Reviewer.count("postmortem.id = ?1 AND user.id = ?2", postmortem.id, id) == 0) {
                Reviewer reviewer = new Reviewer();
                reviewer.postmortem = postmortem;
                reviewer.user = user.get();
                reviewer.persist();
            }
        }
    }

    private Postmortem postmortem(long incidentId) {
        return Postmortem.findByIncident(incidentId)
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " has no postmortem yet"));
    }
}
