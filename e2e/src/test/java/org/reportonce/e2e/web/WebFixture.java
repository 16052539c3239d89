package org.reportonce.e2e.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.reportonce.hub.Hub;
import org.reportonce.hub.HubConfig;
import org.reportonce.testing.MovableClock;

/**
 * One hub (in-memory H2, random port), one recording proxy in front of it and one Chromium, shared by
 * every browser test in the run (starting Chromium per test would cost most of the time budget).
 * Closed when the test JVM exits.
 */
final class WebFixture {
    private static WebFixture shared;

    /** The hub's clock: real time, movable forward by tests that need deadlines to pass. */
    final MovableClock clock = MovableClock.ticking();
    final Hub hub;
    final RecordingProxy proxy;
    final Browser browser;

    private WebFixture() throws IOException {
        hub = Hub.start(HubConfig.builder().port(0).clock(clock).build());
        proxy = new RecordingProxy(hub.baseUri());
        browser = new Browser(proxy.port());
    }

    static synchronized WebFixture get() {
        if (shared == null) {
            try {
                shared = new WebFixture();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            WebFixture f = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(f::closeQuietly, "web-fixture-close"));
        }
        return shared;
    }

    /** An absolute URL on the hub, e.g. {@code url("/report.html")}. */
    String url(String path) {
        URI base = hub.baseUri();
        return base.getScheme() + "://" + base.getHost() + ":" + base.getPort() + path;
    }

    String origin() {
        return url("");
    }

    private void closeQuietly() {
        try {
            browser.close();
        } catch (RuntimeException ignored) {
            // best effort at exit
        }
        try {
            proxy.close();
        } catch (IOException ignored) {
            // best effort at exit
        }
        hub.close();
    }
}
