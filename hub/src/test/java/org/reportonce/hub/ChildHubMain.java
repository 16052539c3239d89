package org.reportonce.hub;

import java.nio.file.Path;

/** A hub in its own process, for the kill -9 test: prints its port, then runs until killed. */
final class ChildHubMain {
    public static void main(String[] args) throws Exception {
        Hub hub = Hub.start(HubConfig.builder().dataDir(Path.of(args[0])).pinHashMemoryKib(256).build());
        System.out.println("PORT " + hub.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
