package org.reportonce.hashing;

import java.nio.file.Path;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecodeException;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.pdq.PdqHasher;

/**
 * Files and bytes to PDQ hashes: decode ({@link ImageDecoder}), then hash ({@link PdqHasher}).
 * Without a hasher argument the canonical (C++/StopNCII-compatible) hasher is used.
 *
 * @throws ImageDecodeException (from every method) when the input is not a decodable image
 */
public final class ImageHashing {
    private ImageHashing() {}

    public static PdqHash pdq(Path file) {
        return pdq(file, PdqHasher.canonical());
    }

    public static PdqHash pdq(byte[] bytes) {
        return pdq(bytes, PdqHasher.canonical());
    }

    public static PdqHash pdq(Path file, PdqHasher hasher) {
        DecodedImage img = ImageDecoder.decode(file);
        return hasher.hashRgb(img.rgb(), img.width(), img.height());
    }

    public static PdqHash pdq(byte[] bytes, PdqHasher hasher) {
        DecodedImage img = ImageDecoder.decode(bytes);
        return hasher.hashRgb(img.rgb(), img.width(), img.height());
    }

    public static DihedralHashes pdqDihedral(Path file) {
        return pdqDihedral(file, PdqHasher.canonical());
    }

    public static DihedralHashes pdqDihedral(byte[] bytes) {
        return pdqDihedral(bytes, PdqHasher.canonical());
    }

    public static DihedralHashes pdqDihedral(Path file, PdqHasher hasher) {
        DecodedImage img = ImageDecoder.decode(file);
        return hasher.hashRgbDihedral(img.rgb(), img.width(), img.height());
    }

    public static DihedralHashes pdqDihedral(byte[] bytes, PdqHasher hasher) {
        DecodedImage img = ImageDecoder.decode(bytes);
        return hasher.hashRgbDihedral(img.rgb(), img.width(), img.height());
    }
}
