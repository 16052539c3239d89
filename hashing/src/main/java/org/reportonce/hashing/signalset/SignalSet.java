package org.reportonce.hashing.signalset;

import java.util.ArrayList;
import java.util.List;
import org.reportonce.hashing.Hash256;

/**
 * The hashes of one picture: for a report, every member is submitted as one reported item (one case
 * entry, one 48-hour clock); for an upload, every member is looked up. The first member is always
 * the plain PDQ hash of the picture as given ({@code orig}).
 */
public record SignalSet(List<SignalMember> members) {

    public SignalSet {
        if (members == null || members.isEmpty()) {
            throw new IllegalArgumentException("a signal set needs at least one member");
        }
        members = List.copyOf(members);
    }

    /** The plain PDQ hash of the picture as given: what StopNCII or HMA alone would use. */
    public SignalMember plain() {
        return members.get(0);
    }

    public int size() {
        return members.size();
    }

    /** The member hashes, in order. */
    public List<Hash256> hashes() {
        List<Hash256> out = new ArrayList<>(members.size());
        for (SignalMember m : members) {
            out.add(m.hash());
        }
        return out;
    }

    /** The members whose quality reaches {@code floor}. */
    public List<SignalMember> atLeastQuality(int floor) {
        List<SignalMember> out = new ArrayList<>(members.size());
        for (SignalMember m : members) {
            if (m.quality() >= floor) out.add(m);
        }
        return out;
    }
}
