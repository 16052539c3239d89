package org.reportonce.protocol;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /v1/reports}: a report of one or more images or videos. The source (portal, support
 * service, platform) is taken from the caller's credentials, never from the body.
 *
 * @param declarations     must all be true
 * @param reportedAt       when the report was first made (for a platform: when its user reported);
 *                         null means now; never in the future. Starts the 48-hour clock.
 * @param items            one per reported image or video; each item's signals are one signal set
 *                         (one 48-hour clock, a match on any member is a match of the item)
 * @param contentReference optional: the reporting platform's own id of the reported content
 */
public record ReportRequest(
        Declarations declarations, Instant reportedAt, List<Item> items, String contentReference) {

    /** One reported image or video: its label (never the file name unless the reporter chose it) and its hashes. */
    public record Item(String label, List<SignalInput> signals) {}
}
