package org.reportonce.hub.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.reportonce.protocol.FeedbackValue;

/**
 * The 48-hour clock of one report at one platform.
 *
 * <p>Inputs: the deadline (report time + 48 h, or the platform's joining time + 48 h if it joined
 * later), when the hub delivered the report's signals to the platform, the platform's takedown
 * attestations (found, removed) and its latest verdict per signal. A copy is one piece of the
 * platform's content (one content reference): a file that matches several signals of the report (a
 * signal set has up to 60 members) is one copy, found when the first of its attestations says so and
 * removed when any of them does (removal is a fact about the content, not about a signal). Rules, in order:
 * <ol>
 *   <li>a withdrawn case stops the clock: WITHDRAWN;</li>
 *   <li>every copy found has been removed (or the platform answered Blocked without attesting a
 *       copy): DONE if the removal and the delivery were both by the deadline, else BREACHED;</li>
 *   <li>the platform reviewed and answered NotBlocked, nothing open: DONE (outcome not_blocked — the
 *       dispute process, not the clock, judges that answer);</li>
 *   <li>work outstanding — not yet delivered (the platform has not synced since the signal
 *       appeared), a found copy not removed, or a match pending review: BREACHED past the deadline,
 *       AT_RISK when less than the at-risk window is left, else ON_TIME;</li>
 *   <li>nothing found: ON_TIME, unless the delivery itself came after the deadline (BREACHED).</li>
 * </ol>
 */
public final class DeadlineClock {

    public enum State {
        ON_TIME, AT_RISK, BREACHED, DONE, WITHDRAWN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One attestation: the platform's content {@code contentReference} matched one signal of the report. */
    public record Takedown(String contentReference, Instant foundAt, Instant removedAt) {
        public Takedown {
            Objects.requireNonNull(contentReference, "contentReference");
            Objects.requireNonNull(foundAt, "foundAt");
        }
    }

    /** One copy: every attestation of one content reference, folded. */
    private record Copy(Instant foundAt, Instant removedAt) {
        Copy fold(Takedown t) {
            return new Copy(min(foundAt, t.foundAt()), min(removedAt, t.removedAt()));
        }
    }

    /** The platform's latest verdict on one signal of the report. */
    public record Verdict(FeedbackValue value, Instant firstAt, Instant updatedAt) {}

    /**
     * The evaluation. {@code matches}: copies found (distinct content references; 1 when the platform
     * only gave a verdict). {@code outcome}: removed, not_blocked, or null while open.
     */
    public record Evaluation(State state, Instant deliveredAt, Instant matchedAt, Instant removedAt, int matches,
            Instant deadline, String outcome) {}

    private DeadlineClock() {}

    public static Evaluation evaluate(Instant deadline, Instant deliveredAt, List<Takedown> takedowns,
            List<Verdict> verdicts, boolean withdrawn, Instant now, Duration atRiskWindow) {
        Map<String, Copy> copies = new HashMap<>();
        for (Takedown t : takedowns) {
            copies.merge(t.contentReference(), new Copy(t.foundAt(), t.removedAt()), (a, b) -> a.fold(t));
        }
        Instant matchedAt = null;
        for (Copy c : copies.values()) matchedAt = min(matchedAt, c.foundAt());
        boolean pendingReview = false;
        boolean blocked = false;
        Instant blockedAt = null;
        boolean allNotBlocked = !verdicts.isEmpty();
        for (Verdict v : verdicts) {
            if (v.value() == FeedbackValue.NONE) {
                continue;
            }
            matchedAt = min(matchedAt, v.firstAt());
            switch (v.value()) {
                case PENDING_REVIEW -> { pendingReview = true; allNotBlocked = false; }
                case BLOCKED -> { blocked = true; blockedAt = min(blockedAt, v.updatedAt()); allNotBlocked = false; }
                case NOT_BLOCKED -> { }
                case NONE -> { }
            }
        }
        if (verdicts.stream().allMatch(v -> v.value() == FeedbackValue.NONE)) allNotBlocked = false;
        int matches = copies.size();
        if (matches == 0 && matchedAt != null) matches = 1;
        boolean open = copies.values().stream().anyMatch(c -> c.removedAt() == null);
        Instant removedAt = null;
        if (!copies.isEmpty() && !open) {
            removedAt = copies.values().stream().map(Copy::removedAt).max(Comparator.naturalOrder()).orElseThrow();
        } else if (copies.isEmpty() && blocked) {
            removedAt = blockedAt;
        }
        if (withdrawn) return new Evaluation(State.WITHDRAWN, deliveredAt, matchedAt, removedAt, matches, deadline, null);
        boolean lateDelivery = deliveredAt != null && deliveredAt.isAfter(deadline);
        if (removedAt != null) {
            State s = !removedAt.isAfter(deadline) && !lateDelivery ? State.DONE : State.BREACHED;
            return new Evaluation(s, deliveredAt, matchedAt, removedAt, matches, deadline, "removed");
        }
        if (allNotBlocked && !open) {
            State s = lateDelivery ? State.BREACHED : State.DONE;
            return new Evaluation(s, deliveredAt, matchedAt, null, matches, deadline, "not_blocked");
        }
        boolean outstanding = deliveredAt == null || open || pendingReview;
        State s;
        if (lateDelivery) {
            s = State.BREACHED;
        } else if (outstanding) {
            if (now.isAfter(deadline)) s = State.BREACHED;
            else if (Duration.between(now, deadline).compareTo(atRiskWindow) < 0) s = State.AT_RISK;
            else s = State.ON_TIME;
        } else {
            s = State.ON_TIME;
        }
        return new Evaluation(s, deliveredAt, matchedAt, null, matches, deadline, null);
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }
}
