package org.reportonce.hashing.image;

/** The formats the decoder accepts, recognised by their first bytes (never by file name). */
public enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp"),
    WEBP("webp");

    /** What the accepted-formats part of error messages says. */
    static final String ACCEPTED = "JPEG, PNG, GIF, BMP or WebP";

    private final String imageIoName;

    ImageFormat(String imageIoName) {
        this.imageIoName = imageIoName;
    }

    /** The ImageIO format name whose readers decode this format. */
    String imageIoName() {
        return imageIoName;
    }

    /** The format whose signature starts {@code head}, or null. */
    static ImageFormat sniff(byte[] head, int length) {
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) return JPEG;
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return PNG;
        if (startsWith(head, length, 'G', 'I', 'F', '8')) return GIF;
        if (startsWith(head, length, 'B', 'M')) return BMP;
        if (length >= 12 && startsWith(head, length, 'R', 'I', 'F', 'F')
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') return WEBP;
        return null;
    }

    private static boolean startsWith(byte[] head, int length, int... signature) {
        if (length < signature.length) return false;
        for (int i = 0; i < signature.length; i++) {
            if ((head[i] & 0xFF) != signature[i]) return false;
        }
        return true;
    }
}
