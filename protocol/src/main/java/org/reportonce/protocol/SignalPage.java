package org.reportonce.protocol;

import java.util.List;

/**
 * A page of {@code GET /v1/signals?after=SEQ&limit=N}.
 *
 * @param changes   in increasing {@code seq} order
 * @param next      the checkpoint to pass as {@code after} for the next page (the last seq here, or
 *                  the request's {@code after} when the page is empty)
 * @param hasMore   whether more changes were already waiting when this page was cut
 * @param skipped   records the hub could not encode and left out, each with its seq and why: the
 *                  stream moves past them rather than stalling
 */
public record SignalPage(List<SignalChange> changes, long next, boolean hasMore, List<Skipped> skipped) {
    public record Skipped(long seq, String reason) {}
}
