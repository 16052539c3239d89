package org.reportonce.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The on-disk form of an index: the live entries only, sorted by id; the search tables are rebuilt
 * on load (they are derived data, and rebuilding costs about as much as reading them would).
 *
 * <pre>
 * offset  size      field
 * 0       8         magic "ROHIDX" 0x0D 0x0A (the CR LF catches text-mode mangling)
 * 8       4         format version, currently 1
 * 12      4         flags, 0 (reserved)
 * 16      8         entry count n
 * 24      8 n       ids, strictly ascending
 * 24+8n   32 n      hashes, four words each (w0..w3 of Hash256)
 * 24+40n  4         CRC-32C of every byte before it
 * </pre>
 *
 * All integers are big-endian. A file whose length does not match its header is truncated (or has
 * trailing bytes); a checksum mismatch or ids out of order means it is corrupt. Both are rejected
 * with an {@link IndexFormatException} naming the file and the problem; nothing is half-loaded.
 * Saving writes a temporary file beside the target and renames it, so a crash mid-save leaves the
 * previous file intact.
 */
final class IndexFile {

    static final byte[] MAGIC = {'R', 'O', 'H', 'I', 'D', 'X', 0x0D, 0x0A};
    static final int FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int CHECKSUM_BYTES = 4;
    /** Larger counts would not fit the in-memory tables. */
    static final long MAX_ENTRIES = MultiIndexHammingIndex.MAX_SIZE;

    private static final int BUFFER_BYTES = 1 << 20;

    private IndexFile() {}

    /** Entries read from a file: ids strictly ascending, four words per hash. */
    record Entries(long[] ids, long[] words) {}

    static void write(Path file, long[] ids, long[] words, int n) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                CRC32C crc = new CRC32C();
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, HEADER_BYTES + 40L * n + 64))
                        .order(ByteOrder.BIG_ENDIAN);
                buf.put(MAGIC).putInt(FORMAT_VERSION).putInt(0).putLong(n);
                for (int i = 0; i < n; i++) {
                    if (buf.remaining() < Long.BYTES) flush(ch, buf, crc);
                    buf.putLong(ids[i]);
                }
                for (int i = 0; i < 4 * n; i++) {
                    if (buf.remaining() < Long.BYTES) flush(ch, buf, crc);
                    buf.putLong(words[i]);
                }
                flush(ch, buf, crc);
                buf.putInt((int) crc.getValue());
                buf.flip();
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void flush(FileChannel ch, ByteBuffer buf, CRC32C crc) throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        while (buf.hasRemaining()) ch.write(buf);
        buf.clear();
    }

    static Entries read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such index file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES) {
                throw new IndexFormatException(file, "not a ReportOnce index file: " + size
                        + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
            }
            CRC32C crc = new CRC32C();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER_BYTES, Math.max(size, HEADER_BYTES)))
                    .order(ByteOrder.BIG_ENDIAN);
            buf.limit(HEADER_BYTES);
            fill(ch, buf, file);
            buf.flip();
            crc.update(buf.duplicate());
            byte[] magic = new byte[MAGIC.length];
            buf.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IndexFormatException(file, "not a ReportOnce index file (bad magic bytes)");
            }
            int version = buf.getInt();
            if (version != FORMAT_VERSION) {
                throw new IndexFormatException(file, "unsupported index format version " + version
                        + "; this build reads version " + FORMAT_VERSION);
            }
            int flags = buf.getInt();
            if (flags != 0) {
                throw new IndexFormatException(file, "unsupported flags 0x" + Integer.toHexString(flags)
                        + " in header; this build reads flags 0");
            }
            long n = buf.getLong();
            if (n < 0 || n > MAX_ENTRIES) {
                throw new IndexFormatException(file, "corrupt header: entry count " + n
                        + " is outside 0.." + MAX_ENTRIES);
            }
            long expected = HEADER_BYTES + 40 * n + CHECKSUM_BYTES;
            if (size < expected) {
                throw new IndexFormatException(file, "truncated: the header promises " + n + " entries ("
                        + expected + " bytes) but the file has " + size + " bytes");
            }
            if (size > expected) {
                throw new IndexFormatException(file, "corrupt: " + (size - expected)
                        + " unexpected bytes after the " + n + " entries the header promises");
            }
            int count = (int) n;
            long[] ids = new long[count];
            long[] words = new long[4 * count];
            readLongs(ch, buf, crc, ids, file);
            readLongs(ch, buf, crc, words, file);
            int computed = (int) crc.getValue();
            buf.clear().limit(CHECKSUM_BYTES);
            fill(ch, buf, file);
            buf.flip();
            int stored = buf.getInt();
            if (stored != computed) {
                throw new IndexFormatException(file, String.format(
                        "corrupt: checksum mismatch (stored CRC-32C %08x, contents give %08x)", stored, computed));
            }
            for (int i = 1; i < count; i++) {
                if (ids[i - 1] >= ids[i]) {
                    throw new IndexFormatException(file, "corrupt: ids not strictly ascending at entry " + i
                            + " (" + ids[i - 1] + " then " + ids[i] + ")");
                }
            }
            return new Entries(ids, words);
        }
    }

    private static void readLongs(FileChannel ch, ByteBuffer buf, CRC32C crc, long[] out, Path file)
            throws IOException {
        int done = 0;
        while (done < out.length) {
            int take = Math.min(out.length - done, buf.capacity() / Long.BYTES);
            buf.clear().limit(take * Long.BYTES);
            fill(ch, buf, file);
            buf.flip();
            crc.update(buf.duplicate());
            buf.asLongBuffer().get(out, done, take);
            done += take;
        }
    }

    private static void fill(FileChannel ch, ByteBuffer buf, Path file) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IndexFormatException(file, "truncated: the file ended early");
            }
        }
    }
}
