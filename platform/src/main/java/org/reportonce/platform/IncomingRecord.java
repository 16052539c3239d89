package org.reportonce.platform;

import org.reportonce.hashing.Hash256;
import org.reportonce.protocol.SignalChange;

/** One record received from the hub: a change the bank can apply, or one it must skip past. */
sealed interface IncomingRecord permits IncomingRecord.Change, IncomingRecord.Malformed {

    /** The hub sequence number, or null when even that could not be read. */
    Long seq();

    /** A valid change; {@code pdq} is the parsed hash for PDQ signals, null for exact ones. */
    record Change(SignalChange change, Hash256 pdq) implements IncomingRecord {
        @Override
        public Long seq() {
            return change.seq();
        }
    }

    /** A record that is not a change this matcher understands; {@code raw} is a bounded excerpt. */
    record Malformed(Long seq, String reason, String raw) implements IncomingRecord {
        public Malformed {
            if (raw != null && raw.length() > 2000) raw = raw.substring(0, 2000) + "...";
            if (reason.length() > 1900) reason = reason.substring(0, 1900) + "...";
        }
    }
}
