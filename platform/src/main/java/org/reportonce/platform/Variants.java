package org.reportonce.platform;

import java.util.List;
import org.reportonce.hashing.signalset.SignalSets;

/**
 * Names of the PDQ hashes looked up for one upload, as {@code SignalSets.forMatching} labels them:
 * the 8 dihedral variants in the hashing module's order ({@code org.reportonce.hashing.pdq.Dihedral})
 * and, when the upload has uniform borders, the same 8 of the trimmed picture prefixed {@code trim/}
 * (or, for a picture turned on a filled canvas, the same 8 of it turned back, also {@code trim/}),
 * then the area look-ups ({@code area/...}: regions and small crops of the upload).
 * A match through {@code rot90} means the upload is the reported image turned; through
 * {@code trim/orig} that it is the reported image inside a frame; through an {@code area/} name
 * that a part of the upload matched (e.g. the half without a sticker); through {@code band/orig} that
 * the upload cut at a flat band's edge (a caption band, an app's bars) matched; through
 * {@code sticker/orig} that the upload with an emoji-like sticker painted out matched. Stored content
 * is registered with the same hashes, by slot ({@link #name}), except {@code band/orig} and
 * {@code sticker/orig}, which have no slot.
 */
final class Variants {
    private Variants() {}

    static final List<String> WIRE_NAMES =
            List.of("orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flip_plus1", "flip_minus1");
    static final String TRIM = "trim/";

    static final List<String> AREA_NAMES = SignalSets.areaLookupLabels();

    static boolean isValid(String name) {
        return WIRE_NAMES.contains(name) || (name.startsWith(TRIM) && WIRE_NAMES.contains(name.substring(TRIM.length())))
                || AREA_NAMES.contains(name) || SignalSets.BAND.equals(name) || SignalSets.STICKER.equals(name);
    }

    /** Slots of stored content's hashes in its index ids ({@code id * SLOTS + slot}): a power of two. */
    static final int SLOTS = 64;
    static final int SLOT_BITS = Integer.numberOfTrailingZeros(SLOTS);

    static {
        if (16 + AREA_NAMES.size() > SLOTS) throw new AssertionError("more area look-ups than content slots");
        // takedown.variant is varchar(64) (V3__content_areas.sql); content.areas holds 65 characters a hash (V4)
        if (AREA_NAMES.size() * 65 > 4000) throw new AssertionError("more area look-ups than content.areas holds");
        if (AREA_NAMES.stream().anyMatch(n -> n.length() > 64)) throw new AssertionError("an area name is over 64 characters");
    }

    /** Slot 0..7 = dihedral of the picture, 8..15 = dihedral of the trimmed picture, 16.. = area look-ups. */
    static String name(int slot) {
        if (slot < 8) return WIRE_NAMES.get(slot);
        return slot < 16 ? TRIM + WIRE_NAMES.get(slot - 8) : AREA_NAMES.get(slot - 16);
    }

    static List<String> allNames() {
        List<String> out = new java.util.ArrayList<>(WIRE_NAMES);
        for (String n : WIRE_NAMES) out.add(TRIM + n);
        out.addAll(AREA_NAMES);
        out.add(SignalSets.BAND);
        out.add(SignalSets.STICKER);
        return out;
    }
}
