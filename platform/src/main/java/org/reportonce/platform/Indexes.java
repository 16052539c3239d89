package org.reportonce.platform;

import org.reportonce.index.BruteForceIndex;
import org.reportonce.index.HammingIndex;

/** The one place the matcher chooses its Hamming index implementation. */
final class Indexes {
    private Indexes() {}

    static HammingIndex newIndex() {
        return new BruteForceIndex();
    }
}
