package org.reportonce.hashing.exact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * MD5 and SHA-256 of files of any size, computed together in one streaming pass with a fixed
 * buffer (video files can be gigabytes; memory use does not grow with them). Both digests come
 * from the JDK's providers, whose SHA-256 uses the CPU's SHA extensions where present.
 */
public final class ExactHashes {
    private ExactHashes() {}

    /** 1 MiB reads: large enough that per-call overhead vanishes, small enough to stay in cache. */
    static final int BUFFER_SIZE = 1 << 20;

    /** Digests everything {@code in} yields, until end of stream. The stream is not closed. */
    public static ExactDigests digest(InputStream in) throws IOException {
        MessageDigest md5 = md("MD5");
        MessageDigest sha256 = md("SHA-256");
        byte[] buf = new byte[BUFFER_SIZE];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            md5.update(buf, 0, n);
            sha256.update(buf, 0, n);
            total += n;
        }
        return finish(md5, sha256, total);
    }

    /** Digests a file, reading it through a direct buffer (no copy into the Java heap). */
    public static ExactDigests digest(Path file) {
        MessageDigest md5 = md("MD5");
        MessageDigest sha256 = md("SHA-256");
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_SIZE);
            while (ch.read(buf) != -1) {
                buf.flip();
                total += buf.remaining();
                md5.update(buf.duplicate());
                sha256.update(buf);
                buf.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return finish(md5, sha256, total);
    }

    /** Only the MD5 of a file (half the work of {@link #digest(Path)} when SHA-256 is not wanted). */
    public static String md5Hex(Path file) {
        return single(file, "MD5");
    }

    /** Only the SHA-256 of a file. */
    public static String sha256Hex(Path file) {
        return single(file, "SHA-256");
    }

    private static String single(Path file, String algorithm) {
        MessageDigest md = md(algorithm);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_SIZE);
            while (ch.read(buf) != -1) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static ExactDigests finish(MessageDigest md5, MessageDigest sha256, long total) {
        HexFormat hex = HexFormat.of();
        return new ExactDigests(hex.formatHex(md5.digest()), hex.formatHex(sha256.digest()), total);
    }

    private static MessageDigest md(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }
}
