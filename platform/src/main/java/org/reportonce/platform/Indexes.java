package org.reportonce.platform;

import org.reportonce.index.HammingIndex;
import org.reportonce.index.HammingIndexes;

/** The one place the matcher chooses its Hamming index implementation. */
final class Indexes {
    private Indexes() {}

    static HammingIndex newIndex() {
        return HammingIndexes.create();
    }
}
