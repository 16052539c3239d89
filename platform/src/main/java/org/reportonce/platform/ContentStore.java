package org.reportonce.platform;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.reportonce.hashing.Hash256;
import org.reportonce.index.HammingIndex;
import org.reportonce.protocol.SignalType;

/**
 * The platform's stored content: rows in the database and a second Hamming index over their PDQ
 * hashes, searched whenever a NEW signal arrives so that copies uploaded before the report are found.
 *
 * <p>Index ids pack the content row id and the hash's slot: {@code id * 32 + slot}, slots 0..7 the
 * dihedral variants, 8..15 those of the border-trimmed picture, 16..28 the area look-ups (halves and
 * small crops, {@link Variants#name}). So one piece of content registered with its look-up hashes is
 * found when the reported image is any rotation or mirror of it, sits inside a frame in it, or is
 * what is left of it around a sticker or under an off-centre crop, as an upload of it would be.
 */
final class ContentStore {

    static final int SLOTS = Variants.SLOTS;

    /** A stored item within reach of a signal. */
    record Hit(long contentId, String contentReference, int distance, String variant) {}

    private final Database db;
    private final Clock clock;
    private HammingIndex index = Indexes.newIndex(); // replaced once, by the bulk build in load()

    ContentStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    void load() {
        Indexes.LongArray ids = new Indexes.LongArray();
        Indexes.LongArray words = new Indexes.LongArray();
        db.jdbi.useHandle(h -> h.createQuery("select id, pdq, quality, dihedral, trimmed, areas from content where pdq is not null")
                .setFetchSize(10_000)
                .map((rs, ctx) -> {
                    List<Hash256> bySlot = new ContentRegistration("row", rs.getString(2), rs.getInt(3),
                            list(rs.getString(4)), null, null, list(rs.getString(5)), currentAreas(list(rs.getString(6)))).pdqHashesBySlot();
                    for (int slot = 0; slot < bySlot.size(); slot++) {
                        if (bySlot.get(slot) == null) continue;
                        ids.add(rs.getLong(1) * SLOTS + slot);
                        words.add(bySlot.get(slot));
                    }
                    return Boolean.TRUE;
                }).forEach(x -> {}));
        index = Indexes.build(ids, words);
    }

    long count() {
        return db.jdbi.withHandle(h -> h.createQuery("select count(*) from content").mapTo(Long.class).one());
    }

    int indexedHashes() {
        return index.size();
    }

    /**
     * Stores (or replaces, by content reference) every registration in one transaction and adds them
     * to the content index. Returns the row ids in the same order.
     */
    List<Long> register(List<ContentRegistration> regs) {
        Instant now = clock.instant();
        List<Long> ids = new ArrayList<>(regs.size());
        List<Long> replaced = new ArrayList<>();
        db.jdbi.useTransaction(h -> {
            for (ContentRegistration r : regs) {
                Long existing = h.createQuery("select id from content where content_ref = :ref")
                        .bind("ref", r.contentReference()).mapTo(Long.class).findOne().orElse(null);
                String dihedral = r.dihedral() == null ? null : String.join(",", r.dihedral());
                String trimmed = r.trimmed() == null ? null : String.join(",", r.trimmed());
                String areas = r.areas() == null ? null
                        : String.join(",", r.areas().stream().map(a -> a == null ? "" : a).toList());
                if (existing != null) {
                    h.createUpdate("""
                            update content set pdq = :pdq, quality = :q, dihedral = :d, trimmed = :t, areas = :a, md5 = :md5,
                            sha256 = :sha, registered_at = :at where id = :id""")
                            .bind("pdq", r.pdq()).bind("q", r.quality()).bind("d", dihedral).bind("t", trimmed).bind("a", areas)
                            .bind("md5", r.md5()).bind("sha", r.sha256()).bind("at", now).bind("id", existing).execute();
                    replaced.add(existing);
                    ids.add(existing);
                } else {
                    ids.add(h.createUpdate("""
                            insert into content (content_ref, pdq, quality, dihedral, trimmed, areas, md5, sha256, registered_at)
                            values (:ref, :pdq, :q, :d, :t, :a, :md5, :sha, :at)""")
                            .bind("ref", r.contentReference()).bind("pdq", r.pdq()).bind("q", r.quality())
                            .bind("d", dihedral).bind("t", trimmed).bind("a", areas).bind("md5", r.md5()).bind("sha", r.sha256()).bind("at", now)
                            .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
                }
            }
        });
        for (long id : replaced) removeFromIndex(id);
        for (int i = 0; i < regs.size(); i++) addToIndex(ids.get(i), regs.get(i));
        return ids;
    }

    /** Forgets a piece of content (the platform deleted it); false when it was not registered. */
    boolean unregister(String contentReference) {
        Long id = db.jdbi.inTransaction(h -> {
            Long existing = h.createQuery("select id from content where content_ref = :ref")
                    .bind("ref", contentReference).mapTo(Long.class).findOne().orElse(null);
            if (existing != null) h.createUpdate("delete from content where id = :id").bind("id", existing).execute();
            return existing;
        });
        if (id == null) return false;
        removeFromIndex(id);
        return true;
    }

    /** Stored items whose PDQ (any registered variant) is within {@code threshold} of {@code signal}. */
    List<Hit> findPdq(Handle h, Hash256 signal, int threshold, int qualityFloor) {
        List<HammingIndex.Match> matches = index.radius(signal, threshold);
        if (matches.isEmpty()) return List.of();
        Map<Long, HammingIndex.Match> best = new HashMap<>();
        for (HammingIndex.Match m : matches) {
            best.merge(m.id() >>> Variants.SLOT_BITS, m, (a, b) -> a.distance() <= b.distance() ? a : b);
        }
        List<Hit> out = new ArrayList<>();
        h.createQuery("select id, content_ref, quality from content where id in (<ids>)")
                .bindList("ids", List.copyOf(best.keySet()))
                .map((rs, ctx) -> {
                    long id = rs.getLong(1);
                    int q = rs.getInt(3);
                    if (q >= qualityFloor) {
                        HammingIndex.Match m = best.get(id);
                        out.add(new Hit(id, rs.getString(2), m.distance(), Variants.name((int) (m.id() & (SLOTS - 1)))));
                    }
                    return Boolean.TRUE;
                }).forEach(x -> {});
        return out;
    }

    /** Stored items whose MD5 or SHA-256 equals the signal's. */
    List<Hit> findExact(Handle h, SignalType type, String hexLower) {
        String column = switch (type) {
            case MD5 -> "md5";
            case SHA256 -> "sha256";
            default -> throw new IllegalArgumentException("not an exact signal type: " + type);
        };
        return h.createQuery("select id, content_ref from content where " + column + " = :v")
                .bind("v", hexLower)
                .map((rs, ctx) -> new Hit(rs.getLong(1), rs.getString(2), 0, null)).list();
    }

    private void addToIndex(long contentId, ContentRegistration r) {
        List<Hash256> bySlot = r.pdqHashesBySlot();
        for (int slot = 0; slot < bySlot.size(); slot++) {
            if (bySlot.get(slot) != null) index.add(contentId * SLOTS + slot, bySlot.get(slot));
        }
    }

    private void removeFromIndex(long contentId) {
        for (int slot = 0; slot < SLOTS; slot++) index.remove(contentId * SLOTS + slot);
    }

    /**
     * The stored area look-ups when they follow the current {@code SignalSets.areaLookupLabels()}, else
     * null: a row registered under an earlier list (session 4 had 13 area look-ups, session 5 has 40)
     * keeps its dihedral and trimmed hashes, and gets its area look-ups back when registered again.
     */
    static List<String> currentAreas(List<String> areas) {
        return areas != null && areas.size() == Variants.AREA_NAMES.size() ? areas : null;
    }

    /** A comma-separated column as a list (empty items are null), or null. */
    private static List<String> list(String column) {
        if (column == null || column.isEmpty()) return null;
        List<String> out = new ArrayList<>();
        for (String item : column.split(",", -1)) out.add(item.isEmpty() ? null : item);
        return out;
    }
}
