package io.hindsight.review;

import io.hindsight.account.Role;
import io.hindsight.account.User;
import io.hindsight.actionitem.ActionItem;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditSubject;
import io.hindsight.audit.AuditAction;
import io.hindsight.incident.IncidentService;
import io.hindsight.incident.IncidentStatus;
import io.hindsight.postmortem.BlamelessFinding;
import io.hindsight.postmortem.Contributor;
import io.hindsight.postmortem.Postmortem;
import io.hindsight.postmortem.PostmortemAmendment;
import io.hindsight.postmortem.PostmortemService;
import io.hindsight.postmortem.PostmortemStatus;
import io.hindsight.postmortem.Section;
import io.hindsight.validation.FieldError;
import io.hindsight.validation.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Review and publishing. A postmortem reaches the Lessons library only when every section is
 * written or marked not applicable, it has action items or says why not, every blameless finding
 * is fixed or acknowledged with a reason, and every reviewer asked approved it. Nobody who wrote
 * part of it (a {@link Contributor}) can approve it. An admin may publish while reviewers have not
 * answered, with a written reason kept on the postmortem and in the audit log; a request for
 * changes blocks everyone.
 */
@ApplicationScoped
@Transactional
public class ReviewService {

    /** The rule as the review page states it. */
    public static final String RULE = "Publishing needs the approval of every reviewer asked, and nobody who wrote part "
            + "of the postmortem can approve it. A request for changes holds it back until that reviewer approves. "
            + "An admin may publish while a reviewer has not answered yet, with a written reason that is kept with the "
            + "postmortem and in the audit log. An editor may take off a reviewer who has not approved, with a reason kept "
            + "in the audit log; a postmortem in review always keeps at least one reviewer.";

    @Inject
    PostmortemService postmortems;

    @Inject
    IncidentService incidents;

    @Inject
    Audit audit;

    @Inject
    Clock clock;

    @Inject
    Event<PostmortemSentForReview> sentForReview;

    @Inject
    Event<PostmortemPublished> published;

    @Inject
    Event<ChangesRequested> changesRequested;

    @Inject
    Event<ReadyForAnotherLook> readyAgain;

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
    public record Review(Postmortem postmortem, List<Reviewer> reviewers, List<Contributor> contributors,
                         List<ReviewComment> comments, Map<Section, SectionNotApplicable> notApplicable,
                         List<SectionFinding> findings, long actionItems, List<String> blockers, boolean overridable,
                         String overrideBy, PostmortemAmendment amendment) {

        /** The text under review: the amendment's while a published postmortem is being amended. */
        public String text(Section section) {
            return amendment == null ? postmortem.text(section) : amendment.text(section);
        }

        /** Whether this review is of an amendment to a published postmortem. */
        public boolean amending() {
            return amendment != null;
        }

        /** Whether reviewers can still be asked: before publication, or for an amendment. */
        public boolean sendable() {
            return postmortem.status != PostmortemStatus.PUBLISHED || amendment != null;
        }

        /** Whether sending it for review starts a round (a draft, or an amendment not sent yet). */
        public boolean firstSend() {
            return amendment == null ? postmortem.status == PostmortemStatus.DRAFT
                    : amendment.status == PostmortemAmendment.Status.DRAFT;
        }

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

        /** Whether {@code userId} wrote part of the postmortem. */
        public boolean writer(Long userId) {
            return userId != null && contributors.stream().anyMatch(c -> c.id.userId.equals(userId));
        }

        /** Whether the reviewer wrote part of it, so their approval cannot count. */
        public boolean edited(Reviewer reviewer) {
            return writer(reviewer.user.id);
        }

        /** Whether sending it for review must first say when the incident was resolved. */
        public boolean needsResolvedTime() {
            return postmortem.status == PostmortemStatus.DRAFT
                    && (!postmortem.incident.status.isResolved() || postmortem.incident.resolvedAt == null);
        }

        /** An approval that counts: given by someone who did not write any of it. */
        public boolean approves(Reviewer reviewer) {
            return reviewer.decision == Reviewer.Decision.APPROVED && !edited(reviewer);
        }

        /** What the page says about a reviewer. */
        public String standing(Reviewer reviewer) {
            if (reviewer.decision != Reviewer.Decision.CHANGES_REQUESTED && edited(reviewer)) {
                return "Cannot approve — edited it";
            }
            return reviewer.decision.label();
        }

        /** The badge style of {@link #standing(Reviewer)}. */
        public String standingKey(Reviewer reviewer) {
            return reviewer.decision != Reviewer.Decision.CHANGES_REQUESTED && edited(reviewer) ? "cannot-approve"
                    : reviewer.decision.key();
        }

        /** Reviewers whose approval is still missing: not answered yet, or they edited it since. */
        public List<Reviewer> awaiting() {
            return reviewers.stream().filter(r -> r.decision != Reviewer.Decision.CHANGES_REQUESTED && !approves(r)).toList();
        }

        public List<Reviewer> askingForChanges() {
            return reviewers.stream().filter(r -> r.decision == Reviewer.Decision.CHANGES_REQUESTED).toList();
        }

        public boolean inReview() {
            return ReviewService.inReview(postmortem, amendment);
        }

        /** Whether {@code userId} may send it back to the reviewers who asked for changes. */
        public boolean canSendBack(Long userId) {
            return inReview() && !askingForChanges().isEmpty() && writer(userId);
        }

        /** The people who may still be asked: not asked yet and not among its writers. */
        public List<User> askable(List<User> people) {
            Set<Long> taken = reviewers.stream().map(r -> r.user.id).collect(Collectors.toSet());
            return people.stream().filter(u -> !taken.contains(u.id) && !writer(u.id)).toList();
        }
    }

    /** A postmortem someone wrote on which a reviewer asked for changes, for the writer's dashboard. */
    public record ChangesRequestedOn(long incidentId, String incidentTitle, String reviewer, long comments) {
    }

    public Review review(long incidentId) {
        Postmortem postmortem = postmortem(incidentId);
        PostmortemAmendment amendment = postmortem.status == PostmortemStatus.PUBLISHED
                ? postmortems.openAmendment(postmortem).orElse(null) : null;
        List<Reviewer> reviewers = Reviewer.listWithPeople(postmortem.id);
        List<Contributor> contributors = postmortems.contributors(postmortem);
        List<ReviewComment> comments = ReviewComment.list(
                "FROM ReviewComment c LEFT JOIN FETCH c.author WHERE c.postmortem.id = ?1 ORDER BY c.createdAt, c.id", postmortem.id);
        Map<Section, SectionNotApplicable> na = new EnumMap<>(Section.class);
        SectionNotApplicable.<SectionNotApplicable>list("postmortem.id", postmortem.id).forEach(n -> na.put(n.section, n));
        List<SectionFinding> findings = amendment == null ? findings(postmortem) : findings(postmortem, amendment::text);
        long actionItems = ActionItem.count("incident.id = ?1 AND status <> ?2", incidentId, ActionItem.Status.WONT_DO);
        Review draft = new Review(postmortem, reviewers, contributors, comments, na, findings, actionItems, List.of(), false, null,
                amendment);
        List<String> content = contentBlockers(draft);
        List<String> approval = approvalBlockers(draft);
        List<String> blockers = new ArrayList<>(content);
        blockers.addAll(approval);
        boolean overridable = content.isEmpty() && !approval.isEmpty() && draft.inReview()
                && draft.askingForChanges().isEmpty() && !draft.awaiting().isEmpty();
        return new Review(postmortem, reviewers, contributors, comments, na, findings, actionItems, List.copyOf(blockers),
                overridable, postmortem.publishOverrideBy == null ? null : postmortem.publishOverrideBy.name, amendment);
    }

    /** The blameless findings of every section, each with its acknowledgement if there is one. */
    public List<SectionFinding> findings(Postmortem postmortem) {
        return findings(postmortem, postmortem::text);
    }

    /** The blameless findings of every section of a text of the postmortem (an amendment's), with acknowledgements. */
    private List<SectionFinding> findings(Postmortem postmortem, java.util.function.Function<Section, String> textOf) {
        List<BlamelessAck> acks = BlamelessAck.list("postmortem.id", postmortem.id);
        List<SectionFinding> result = new ArrayList<>();
        postmortems.findings(textOf).forEach((section, findings) -> {
            for (BlamelessFinding finding : findings) {
                BlamelessAck ack = acks.stream().filter(a -> a.section == section && a.ruleId.equals(finding.ruleId())
                        && a.phrase.equalsIgnoreCase(finding.phrase())).findFirst().orElse(null);
                result.add(new SectionFinding(section, finding, ack));
            }
        });
        return result;
    }

    /**
     * Asks people to review the postmortem; the first time, it goes from draft to review. An incident
     * not resolved yet needs to say when it was: {@code resolvedAt} resolves it first, through the
     * incident's own rules, and without it nothing changes. Nobody who wrote part of it can be asked.
     *
     * @param resolvedAt when the incident was resolved, for one that is not yet; null otherwise
     */
    public void sendForReview(long incidentId, List<Long> reviewerIds, Instant resolvedAt) {
        Postmortem postmortem = postmortem(incidentId);
        if (postmortem.status == PostmortemStatus.PUBLISHED) {
            sendAmendmentForReview(postmortem, reviewerIds);
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        List<User> asked = askable(postmortem, reviewerIds, errors);
        if (asked.isEmpty() && errors.isEmpty() && Reviewer.count("postmortem.id", postmortem.id) == 0) {
            errors.add(new FieldError("reviewers", "Ask at least one person to review it."));
        }
        boolean toReview = postmortem.status == PostmortemStatus.DRAFT;
        boolean unresolved = !postmortem.incident.status.isResolved() || postmortem.incident.resolvedAt == null;
        if (toReview && unresolved && resolvedAt == null) {
            errors.add(new FieldError("resolvedAt", "This incident is not resolved yet: say when it was resolved, or resolve it first."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (toReview && unresolved) {
            incidents.resolve(incidentId, resolvedAt);
        }
        Instant now = clock.instant();
        for (User user : asked) {
            Reviewer reviewer = new Reviewer();
            reviewer.postmortem = postmortem;
            reviewer.user = user;
            reviewer.askedAt = now;
            reviewer.persist();
        }
        if (toReview) {
            postmortem.status = PostmortemStatus.IN_REVIEW;
            if (postmortem.incident.status == IncidentStatus.RESOLVED) {
                postmortem.incident.status = IncidentStatus.IN_REVIEW;
            }
            sentForReview.fire(new PostmortemSentForReview(postmortem));
        }
    }

    /**
     * An amendment goes through the review of the first publication: the reviewers asked then are asked again (their
     * earlier approval was of the old text), with anyone added now; nobody who wrote part of it can be asked.
     */
    private void sendAmendmentForReview(Postmortem postmortem, List<Long> reviewerIds) {
        PostmortemAmendment amendment = postmortems.openAmendment(postmortem).orElseThrow(() -> new InvalidInputException(
                "reviewers", "This postmortem is published: edit it to propose an amendment, then send that for review."));
        List<FieldError> errors = new ArrayList<>();
        List<User> asked = askable(postmortem, reviewerIds, errors);
        boolean firstSend = amendment.status == PostmortemAmendment.Status.DRAFT;
        List<Reviewer> earlier = Reviewer.listWithPeople(postmortem.id);
        if (firstSend && asked.isEmpty() && errors.isEmpty()
                && earlier.stream().allMatch(r -> Contributor.wrote(postmortem.id, r.user.id))) {
            errors.add(new FieldError("reviewers", "Ask at least one person who did not write it to review the amendment."));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Instant now = clock.instant();
        if (firstSend) {
            for (Reviewer reviewer : earlier) {
                reviewer.decision = Reviewer.Decision.PENDING;
                reviewer.decidedAt = null;
                reviewer.askedAt = now;
            }
            amendment.status = PostmortemAmendment.Status.IN_REVIEW;
        }
        for (User user : asked) {
            Reviewer reviewer = new Reviewer();
            reviewer.postmortem = postmortem;
            reviewer.user = user;
            reviewer.askedAt = now;
            reviewer.persist();
        }
    }

    /**
     * A reviewer approves or asks for changes. Only the people asked can decide, only while it is in
     * review, and nobody who wrote part of it can approve it.
     */
    public void decide(long incidentId, long userId, Reviewer.Decision decision) {
        Postmortem postmortem = postmortem(incidentId);
        Reviewer reviewer = Reviewer.<Reviewer>find("postmortem.id = ?1 AND user.id = ?2", postmortem.id, userId)
                .firstResultOptional()
                .orElseThrow(() -> new InvalidInputException("decision", "Only the reviewers of this postmortem can decide."));
        if (decision == null || decision == Reviewer.Decision.PENDING) {
            throw new InvalidInputException("decision", "Approve, or ask for changes.");
        }
        if (!inReview(postmortem, postmortems.openAmendment(postmortem).orElse(null))) {
            throw new InvalidInputException("decision", "This postmortem is not in review.");
        }
        if (decision == Reviewer.Decision.APPROVED && Contributor.wrote(postmortem.id, userId)) {
            throw new InvalidInputException("decision",
                    "You wrote part of this postmortem, so your approval cannot count: someone who did not write it approves it.");
        }
        Reviewer.Decision previous = reviewer.decision;
        reviewer.decision = decision;
        reviewer.decidedAt = clock.instant();
        if (previous != decision) {
            audit.record(userId, decision == Reviewer.Decision.APPROVED ? AuditAction.REVIEW_APPROVED
                    : AuditAction.REVIEW_CHANGES_REQUESTED, AuditSubject.incident(incidentId), "", null);
        }
        if (decision == Reviewer.Decision.CHANGES_REQUESTED && previous != decision) {
            changesRequested.fire(new ChangesRequested(postmortem, reviewer.user, commentsThisRound(reviewer)));
        }
    }

    /**
     * A writer made the changes asked for: the reviewers who asked are asked again (pending), and hear
     * of it. Only someone who wrote part of it can say so.
     */
    public void readyForAnotherLook(long incidentId, long userId) {
        Postmortem postmortem = postmortem(incidentId);
        if (!Contributor.wrote(postmortem.id, userId)) {
            throw new InvalidInputException("ready", "Only the people who wrote this postmortem can send it back to the reviewers.");
        }
        List<Reviewer> asking = Reviewer.<Reviewer>listWithPeople(postmortem.id).stream()
                .filter(r -> r.decision == Reviewer.Decision.CHANGES_REQUESTED).toList();
        if (!inReview(postmortem, postmortems.openAmendment(postmortem).orElse(null)) || asking.isEmpty()) {
            throw new InvalidInputException("ready", "No reviewer is waiting for changes.");
        }
        Instant now = clock.instant();
        for (Reviewer reviewer : asking) {
            reviewer.decision = Reviewer.Decision.PENDING;
            reviewer.decidedAt = null;
            reviewer.askedAt = now;
        }
        readyAgain.fire(new ReadyForAnotherLook(postmortem, User.findById(userId), asking.stream().map(r -> r.user).toList()));
    }

    /**
     * Takes a person off the reviewers (away, or asked by mistake), with a reason kept in the audit log. Not
     * once it is published, not someone who already approved (nothing to undo), and never the last reviewer
     * of a postmortem in review: ask someone else first, so that it still needs somebody's approval.
     */
    public void removeReviewer(long incidentId, long actorId, long reviewerUserId, String reasonInput) {
        Postmortem postmortem = postmortem(incidentId);
        if (postmortem.status == PostmortemStatus.PUBLISHED) {
            throw new InvalidInputException("removeReviewer", "This postmortem is published: its reviewers are part of the record.");
        }
        List<Reviewer> reviewers = Reviewer.listWithPeople(postmortem.id);
        Reviewer reviewer = reviewers.stream().filter(r -> r.user.id == reviewerUserId).findFirst()
                .orElseThrow(() -> new InvalidInputException("removeReviewer", "That person is not a reviewer of this postmortem."));
        if (reviewer.decision == Reviewer.Decision.APPROVED) {
            throw new InvalidInputException("removeReviewer", reviewer.user.name + " has approved it already; there is nothing to take back.");
        }
        if (postmortem.status == PostmortemStatus.IN_REVIEW && reviewers.size() == 1) {
            throw new InvalidInputException("removeReviewer", reviewer.user.name + " is its only reviewer: ask someone else first, "
                    + "then remove " + reviewer.user.name + ".");
        }
        String reason = reasonInput == null ? "" : reasonInput.strip();
        if (reason.isEmpty()) {
            throw new InvalidInputException("removeReviewer", "Say why " + reviewer.user.name + " no longer reviews it; the reason is kept "
                    + "in the audit log.");
        }
        if (reason.length() > 500) {
            throw new InvalidInputException("removeReviewer", "Keep the reason under 500 characters.");
        }
        audit.record(actorId, AuditAction.REVIEW_REVIEWER_REMOVED, AuditSubject.incident(incidentId), reviewer.user.name + " ("
                + reviewer.decision.label().toLowerCase(java.util.Locale.ROOT) + "): " + reason, null);
        reviewer.delete();
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
        PostmortemAmendment amendment = postmortem.status == PostmortemStatus.PUBLISHED
                ? postmortems.openAmendment(postmortem).orElse(null) : null;
        boolean present = (amendment == null ? findings(postmortem) : findings(postmortem, amendment::text)).stream().anyMatch(f -> f.section() == section
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

    /**
     * Publishes when nothing blocks it; otherwise says what does. When the only thing missing is the
     * approval of reviewers who have not answered (or edited it since), an admin may publish with a
     * written reason, which is kept on the postmortem and in the audit log.
     *
     * @param overrideReason the admin's reason for publishing before every reviewer approved; may be null
     */
    public Postmortem publish(long incidentId, long actorId, String overrideReason) {
        Review review = review(incidentId);
        Postmortem postmortem = review.postmortem();
        if (!review.publishable()) {
            User actor = User.findById(actorId);
            if (!review.overridable() || actor == null || actor.role != Role.ADMIN) {
                throw new InvalidInputException("publish", String.join(" ", review.blockers()));
            }
            String reason = overrideReason == null ? "" : overrideReason.strip();
            if (reason.isEmpty()) {
                throw new InvalidInputException("overrideReason", "Say why it is published before every reviewer "
                        + "approved; the reason is kept with the postmortem and in the audit log.");
            }
            if (reason.length() > 2000) {
                throw new InvalidInputException("overrideReason", "Keep the reason under 2,000 characters.");
            }
            postmortem.publishOverrideReason = reason;
            postmortem.publishOverrideBy = actor;
            postmortem.publishOverrideAt = clock.instant();
            audit.record(actorId, AuditAction.POSTMORTEM_PUBLISH_OVERRIDE, AuditSubject.incident(incidentId), "published before "
                    + review.awaiting().stream().map(r -> r.user.name).collect(Collectors.joining(", "))
                    + " approved: " + reason, null);
        }
        if (review.amending()) {
            postmortems.approveAmendment(postmortem, actorId);
            return postmortem;
        }
        postmortem.status = PostmortemStatus.PUBLISHED;
        postmortem.publishedAt = clock.instant();
        postmortem.incident.status = IncidentStatus.PUBLISHED;
        audit.record(actorId, AuditAction.POSTMORTEM_PUBLISHED, AuditSubject.incident(incidentId), "", null);
        published.fire(new PostmortemPublished(postmortem));
        return postmortem;
    }

    /** Postmortems {@code userId} wrote on which a reviewer asked for changes, one line per reviewer, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChangesRequestedOn> changesRequestedOnPostmortemsOf(long userId) {
        return Reviewer.getEntityManager().createQuery("""
                        SELECT i.id, i.title, u.name,
                               (SELECT count(c) FROM ReviewComment c
                                WHERE c.postmortem = p AND c.author = u AND (r.askedAt IS NULL OR c.createdAt >= r.askedAt))
                        FROM Reviewer r JOIN r.user u JOIN r.postmortem p JOIN p.incident i
                        WHERE r.decision = :changes AND p.status = :inReview AND i.deletedAt IS NULL
                          AND EXISTS (SELECT 1 FROM Contributor w WHERE w.id.postmortemId = p.id AND w.id.userId = :me)
                        ORDER BY r.decidedAt DESC, r.id DESC""", Object[].class)
                .setParameter("changes", Reviewer.Decision.CHANGES_REQUESTED)
                .setParameter("inReview", PostmortemStatus.IN_REVIEW)
                .setParameter("me", userId)
                .setMaxResults(20)
                .getResultList().stream()
                .map(row -> new ChangesRequestedOn((Long) row[0], (String) row[1], (String) row[2], (Long) row[3]))
                .toList();
    }

    /**
     * What the postmortem page says about its review: who asked for changes, and any publishing override.
     *
     * @param viewerId the person looking, when they may send it back (an editor); null otherwise
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ReviewState state(Postmortem postmortem, Long viewerId) {
        List<ReviewState.Request> requests = new ArrayList<>();
        for (Reviewer reviewer : Reviewer.listWithPeople(postmortem.id)) {
            if (reviewer.decision == Reviewer.Decision.CHANGES_REQUESTED) {
                requests.add(new ReviewState.Request(reviewer.user.name, commentsThisRound(reviewer)));
            }
        }
        // Cheapest first: the amendment and the authorship are only read when someone asked for changes.
        boolean canSendBack = !requests.isEmpty() && viewerId != null
                && inReview(postmortem, postmortems.openAmendment(postmortem).orElse(null))
                && Contributor.wrote(postmortem.id, viewerId);
        return new ReviewState(postmortem.incident.id, requests, canSendBack, postmortem.publishOverrideReason,
                postmortem.publishOverrideBy == null ? null : postmortem.publishOverrideBy.name, postmortem.publishOverrideAt);
    }

    private long commentsThisRound(Reviewer reviewer) {
        Instant since = reviewer.askedAt == null ? Instant.EPOCH : reviewer.askedAt;
        return ReviewComment.count("postmortem.id = ?1 AND author.id = ?2 AND createdAt >= ?3",
                reviewer.postmortem.id, reviewer.user.id, since);
    }

    /** Sections, action items and blameless findings: what the writers still have to do. */
    private List<String> contentBlockers(Review review) {
        Postmortem postmortem = review.postmortem();
        Map<Section, SectionNotApplicable> na = review.notApplicable();
        List<SectionFinding> findings = review.findings();
        long actionItems = review.actionItems();
        List<String> blockers = new ArrayList<>();
        if (postmortem.status == PostmortemStatus.DRAFT) {
            blockers.add("Send it for review first.");
        }
        if (review.amending() && review.amendment().status == PostmortemAmendment.Status.DRAFT) {
            blockers.add("Send the amendment for review first.");
        }
        List<String> unwritten = new ArrayList<>();
        for (Section section : Section.values()) {
            if (!na.containsKey(section) && !written(postmortem, section, review.text(section))) {
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
        return blockers;
    }

    /** The reviewers: every one asked must approve, and an approval by someone who wrote part of it does not count. */
    private static List<String> approvalBlockers(Review review) {
        List<String> blockers = new ArrayList<>();
        if (review.postmortem().status == PostmortemStatus.PUBLISHED && !review.amending()) {
            return blockers;
        }
        if (review.reviewers().isEmpty()) {
            blockers.add("Wait for a reviewer to approve.");
            return blockers;
        }
        List<Reviewer> asking = review.askingForChanges();
        if (!asking.isEmpty()) {
            blockers.add(names(asking) + " asked for changes; once they are made, "
                    + "send it back with “Ready for another look”, and it waits for their approval.");
        }
        List<Reviewer> pending = review.awaiting().stream().filter(r -> !review.edited(r)).toList();
        if (!pending.isEmpty()) {
            blockers.add("Wait for every reviewer to approve: " + names(pending) + (pending.size() == 1 ? " has" : " have")
                    + " not approved yet.");
        }
        List<Reviewer> wrote = review.awaiting().stream().filter(review::edited).toList();
        if (!wrote.isEmpty()) {
            blockers.add(names(wrote) + (wrote.size() == 1 ? " has" : " have") + " edited this postmortem, so "
                    + (wrote.size() == 1 ? "their approval" : "their approvals") + " cannot count.");
        }
        return blockers;
    }

    private static String names(List<Reviewer> reviewers) {
        List<String> names = reviewers.stream().map(r -> r.user.name).toList();
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /** Written means more than the template's starter: the author changed it. */
    static boolean written(Postmortem postmortem, Section section) {
        return written(postmortem, section, postmortem.text(section));
    }

    private static boolean written(Postmortem postmortem, Section section, String text) {
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

    /** The active people among {@code reviewerIds} not asked yet; refuses anyone who wrote part of the postmortem. */
    private List<User> askable(Postmortem postmortem, List<Long> reviewerIds, List<FieldError> errors) {
        List<User> asked = new ArrayList<>();
        for (Long id : new LinkedHashSet<>(reviewerIds == null ? List.<Long>of() : reviewerIds)) {
            Optional<User> user = id == null ? Optional.empty() : User.<User>findByIdOptional(id).filter(User::isActive);
            if (user.isEmpty()) {
                errors.add(new FieldError("reviewers", "Choose reviewers who have an active account."));
                return List.of();
            }
            if (Contributor.wrote(postmortem.id, id)) {
                errors.add(new FieldError("reviewers", user.get().name + " wrote part of this postmortem; ask someone who did not write it."));
                continue;
            }
            if (Reviewer.count("postmortem.id = ?1 AND user.id = ?2", postmortem.id, id) == 0) {
                asked.add(user.get());
            }
        }
        return asked;
    }

    /** In review: a postmortem on its way to its first publication, or an amendment sent to its reviewers. */
    static boolean inReview(Postmortem postmortem, PostmortemAmendment amendment) {
        return postmortem.status == PostmortemStatus.IN_REVIEW
                || (postmortem.status == PostmortemStatus.PUBLISHED && amendment != null
                    && amendment.status == PostmortemAmendment.Status.IN_REVIEW);
    }

    private Postmortem postmortem(long incidentId) {
        incidents.requireNotInTrash(incidentId);
        return Postmortem.findByIncident(incidentId)
                .orElseThrow(() -> new NotFoundException("Incident " + incidentId + " has no postmortem yet"));
    }
}
