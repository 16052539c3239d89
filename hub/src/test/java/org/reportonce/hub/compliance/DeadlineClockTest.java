package org.reportonce.hub.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reportonce.hub.compliance.DeadlineClock.State;
import org.reportonce.hub.compliance.DeadlineClock.Takedown;
import org.reportonce.hub.compliance.DeadlineClock.Verdict;
import org.reportonce.protocol.FeedbackValue;

class DeadlineClockTest {

    static final Instant REPORTED = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant DEADLINE = REPORTED.plus(Duration.ofHours(48));
    static final Duration WINDOW = Duration.ofHours(12);

    private static State state(Instant delivered, List<Takedown> t, List<Verdict> v, Instant now) {
        return DeadlineClock.evaluate(DEADLINE, delivered, t, v, false, now, WINDOW).state();
    }

    private static Instant at(int hours) {
        return REPORTED.plus(Duration.ofHours(hours));
    }

    @Test
    void undelivered_isOnTime_thenAtRiskInsideTheWindow_thenBreached() {
        assertThat(state(null, List.of(), List.of(), at(1))).isEqualTo(State.ON_TIME);
        assertThat(state(null, List.of(), List.of(), at(36))).isEqualTo(State.ON_TIME);
        assertThat(state(null, List.of(), List.of(), at(37))).isEqualTo(State.AT_RISK);
        assertThat(state(null, List.of(), List.of(), at(49))).isEqualTo(State.BREACHED);
    }

    @Test
    void deliveredWithNothingFound_staysOnTime_butLateDeliveryIsABreach() {
        assertThat(state(at(1), List.of(), List.of(), at(100))).isEqualTo(State.ON_TIME);
        assertThat(state(at(50), List.of(), List.of(), at(100))).isEqualTo(State.BREACHED);
    }

    @Test
    void foundNotRemoved_isAtRiskThenBreached_removedInTimeIsDone_removedLateIsBreached() {
        List<Takedown> open = List.of(new Takedown("post/1", at(2), null));
        assertThat(state(at(1), open, List.of(), at(10))).isEqualTo(State.ON_TIME);
        assertThat(state(at(1), open, List.of(), at(40))).isEqualTo(State.AT_RISK);
        assertThat(state(at(1), open, List.of(), at(49))).isEqualTo(State.BREACHED);
        var done = DeadlineClock.evaluate(DEADLINE, at(1), List.of(new Takedown("post/1", at(2), at(3))), List.of(), false, at(100), WINDOW);
        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.removedAt()).isEqualTo(at(3));
        assertThat(state(at(1), List.of(new Takedown("post/1", at(2), at(50))), List.of(), at(60))).isEqualTo(State.BREACHED);
        // two copies: done only when both are removed; removal time is the later one
        var two = DeadlineClock.evaluate(DEADLINE, at(1), List.of(new Takedown("post/1", at(2), at(3)), new Takedown("post/2", at(4), null)), List.of(), false, at(5), WINDOW);
        assertThat(two.state()).isEqualTo(State.ON_TIME);
        assertThat(two.matches()).isEqualTo(2);
        assertThat(two.removedAt()).isNull();
    }

    @Test
    void oneFileMatchingManySignals_isOneCopy_foundAtItsFirstAttestation_removedWhenAnyAttestationSaysSo() {
        // a signal set: three members matched the same post, a fourth matched another post
        List<Takedown> found = List.of(new Takedown("post/7", at(3), null), new Takedown("post/7", at(2), null),
                new Takedown("post/7", at(4), null), new Takedown("post/8", at(5), null));
        var open = DeadlineClock.evaluate(DEADLINE, at(1), found, List.of(), false, at(6), WINDOW);
        assertThat(open.matches()).isEqualTo(2);
        assertThat(open.matchedAt()).isEqualTo(at(2));
        assertThat(open.state()).isEqualTo(State.ON_TIME);
        // post/7's removal attested under one of its signals only; post/8 still up: not done
        List<Takedown> oneRemoved = List.of(new Takedown("post/7", at(3), null), new Takedown("post/7", at(2), at(9)),
                new Takedown("post/7", at(4), null), new Takedown("post/8", at(5), null));
        var half = DeadlineClock.evaluate(DEADLINE, at(1), oneRemoved, List.of(), false, at(40), WINDOW);
        assertThat(half.state()).isEqualTo(State.AT_RISK);
        assertThat(half.removedAt()).isNull();
        List<Takedown> bothRemoved = List.of(new Takedown("post/7", at(3), null), new Takedown("post/7", at(2), at(9)),
                new Takedown("post/7", at(4), at(11)), new Takedown("post/8", at(5), at(10)));
        var done = DeadlineClock.evaluate(DEADLINE, at(1), bothRemoved, List.of(), false, at(40), WINDOW);
        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.matches()).isEqualTo(2);
        assertThat(done.removedAt()).as("the later copy's first removal").isEqualTo(at(10));
    }

    @Test
    void verdicts_countAsMatches_blockedWithoutAttestationIsARemoval_notBlockedClosesIt() {
        var pending = List.of(new Verdict(FeedbackValue.PENDING_REVIEW, at(2), at(2)));
        assertThat(state(at(1), List.of(), pending, at(40))).isEqualTo(State.AT_RISK);
        var blocked = DeadlineClock.evaluate(DEADLINE, at(1), List.of(), List.of(new Verdict(FeedbackValue.BLOCKED, at(2), at(5))), false, at(40), WINDOW);
        assertThat(blocked.state()).isEqualTo(State.DONE);
        assertThat(blocked.removedAt()).isEqualTo(at(5));
        var notBlocked = DeadlineClock.evaluate(DEADLINE, at(1), List.of(), List.of(new Verdict(FeedbackValue.NOT_BLOCKED, at(2), at(3))), false, at(60), WINDOW);
        assertThat(notBlocked.state()).isEqualTo(State.DONE);
        assertThat(notBlocked.outcome()).isEqualTo("not_blocked");
    }

    @Test
    void withdrawnCase_stopsTheClock() {
        assertThat(DeadlineClock.evaluate(DEADLINE, null, List.of(), List.of(), true, at(100), WINDOW).state()).isEqualTo(State.WITHDRAWN);
    }
}
