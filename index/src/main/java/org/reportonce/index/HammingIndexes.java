package org.reportonce.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.reportonce.hashing.Hash256;

/** Factories for the fast, thread-safe {@link HammingIndex}: empty, bulk-built, or loaded from a file. */
public final class HammingIndexes {

    private HammingIndexes() {}

    /** An empty index; entries are added with {@link HammingIndex#add}. */
    public static MultiIndexHammingIndex create() {
        return new MultiIndexHammingIndex();
    }

    /**
     * An index holding {@code hashes[i]} under {@code ids[i]}; when an id repeats, the later entry
     * wins (as if each were {@link HammingIndex#add added} in order). Much faster than adding one by one.
     */
    public static MultiIndexHammingIndex build(long[] ids, Hash256[] hashes) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(hashes, "hashes");
        if (ids.length != hashes.length) {
            throw new IllegalArgumentException("ids and hashes must have the same length, got "
                    + ids.length + " ids and " + hashes.length + " hashes");
        }
        long[] words = new long[4 * hashes.length];
        for (int i = 0; i < hashes.length; i++) {
            Hash256 h = hashes[i];
            if (h == null) throw new NullPointerException("hashes[" + i + "] is null");
            words[4 * i] = h.w0();
            words[4 * i + 1] = h.w1();
            words[4 * i + 2] = h.w2();
            words[4 * i + 3] = h.w3();
        }
        return build(ids, words);
    }

    /**
     * As {@link #build(long[], Hash256[])} with the hashes given as four words each
     * ({@code words[4i..4i+3]} = w0..w3 of entry i), which avoids one object per hash.
     */
    public static MultiIndexHammingIndex build(long[] ids, long[] words) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(words, "words");
        if (words.length != 4L * ids.length) {
            throw new IllegalArgumentException("words must hold 4 longs per id: " + ids.length
                    + " ids need " + 4L * ids.length + " words, got " + words.length);
        }
        return MultiIndexHammingIndex.bulk(ids, words, MultiIndexHammingIndex.Tuning.DEFAULT, false);
    }

    /**
     * Loads an index saved with {@link MultiIndexHammingIndex#save}.
     *
     * @throws IndexFormatException when the file is not an index file, of an unsupported version,
     *     truncated or corrupt (the message says which)
     */
    public static MultiIndexHammingIndex load(Path file) throws IOException {
        IndexFile.Entries e = IndexFile.read(file);
        return MultiIndexHammingIndex.bulk(e.ids(), e.words(), MultiIndexHammingIndex.Tuning.DEFAULT, true);
    }
}
