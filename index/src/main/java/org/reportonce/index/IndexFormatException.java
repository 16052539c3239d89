package org.reportonce.index;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An index file that cannot be loaded: not an index file, a format version this build does not read,
 * truncated, or corrupt (checksum or structure). The message names the file and what was wrong.
 */
public final class IndexFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    IndexFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
