package org.reportonce.platform;

import java.util.List;

/**
 * The answer to a match request.
 *
 * @param matched  whether any signal matched
 * @param matches  nearest first
 * @param hashes   the hashes looked up (for image bytes: the 8 dihedral PDQ hashes and the digests the
 *                 matcher computed, so the caller can keep them)
 * @param ignored  hashes not looked up, each with the reason (e.g. PDQ quality below the floor)
 * @param notes    anything else the caller should know (e.g. the bytes are not a decodable image,
 *                 so only the exact digests were matched)
 */
public record MatchResult(boolean matched, List<SignalMatch> matches, List<QueryHash> hashes,
                          List<Ignored> ignored, List<String> notes) {

    public record Ignored(QueryHash hash, String reason) {}
}
