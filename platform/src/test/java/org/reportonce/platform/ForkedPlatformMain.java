package org.reportonce.platform;

import java.net.URI;
import java.nio.file.Path;

/**
 * Runs a matcher in its own JVM for the kill -9 test: {@code HUB_URI KEY DATA_DIR PAGE_SIZE}. Prints
 * {@code PORT <n>} once serving, then runs until killed.
 */
public final class ForkedPlatformMain {
    private ForkedPlatformMain() {}

    public static void main(String[] args) throws Exception {
        Platform p = Platform.start(Platforms.config(URI.create(args[0]), args[1])
                .dataDir(Path.of(args[2])).syncPageSize(Integer.parseInt(args[3])).build());
        System.out.println("PORT " + p.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
