package org.reportonce.hub.audit;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Walks the audit chain from the first entry and reports every place where it does not hold:
 * an entry whose hash does not match its content (edited), a seq gap or a prev_hash that is not the
 * previous entry's hash (deleted or reordered), and a head that the chain does not end at (tail cut).
 * Streams the table in seq order, so memory stays flat however long the log is.
 */
public final class AuditVerifier {

    /**
     * The outcome.
     *
     * @param ok        no problem found
     * @param entries   entries checked
     * @param headSeq   the seq the head says is last
     * @param headHash  the hash to publish elsewhere as an anchor
     * @param problems  one line per problem, naming the seq, at most 100
     */
    public record Result(boolean ok, long entries, long headSeq, String headHash, List<String> problems) {}

    private static final int MAX_PROBLEMS = 100;

    private AuditVerifier() {}

    public static Result verify(Handle h) {
        List<String> problems = new ArrayList<>();
        long[] expectedSeq = {1};
        String[] prevHash = {AuditLog.GENESIS};
        long[] count = {0};
        h.createQuery("SELECT seq, at, actor, action, subject, detail, prev_hash, entry_hash FROM audit_log ORDER BY seq")
                .setFetchSize(1000)
                .map((rs, ctx) -> {
                    long seq = rs.getLong(1);
                    String stored = rs.getString(8).trim();
                    String prev = rs.getString(7).trim();
                    String recomputed = AuditLog.entryHash(prev, seq, rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6));
                    if (seq != expectedSeq[0]) {
                        add(problems, "entries " + expectedSeq[0] + ".." + (seq - 1) + " are missing (deleted)");
                    }
                    if (!prev.equals(prevHash[0])) {
                        add(problems, "entry " + seq + " does not link to the entry before it (an entry before it was deleted or edited)");
                    }
                    if (!recomputed.equals(stored)) {
                        add(problems, "entry " + seq + " does not match its hash (edited)");
                    }
                    expectedSeq[0] = seq + 1;
                    prevHash[0] = stored;
                    count[0]++;
                    return seq;
                })
                .forEach(s -> { });
        var head = h.createQuery("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2).trim()})
                .one();
        long headSeq = (Long) head[0];
        String headHash = (String) head[1];
        if (headSeq != expectedSeq[0] - 1 || !headHash.equals(prevHash[0])) {
            add(problems, "the chain ends at entry " + (expectedSeq[0] - 1) + " but the head records entry " + headSeq
                    + " (entries at the end were deleted or the head was altered)");
        }
        return new Result(problems.isEmpty(), count[0], headSeq, headHash, List.copyOf(problems));
    }

    private static void add(List<String> problems, String p) {
        if (problems.size() < MAX_PROBLEMS) problems.add(p);
    }
}
