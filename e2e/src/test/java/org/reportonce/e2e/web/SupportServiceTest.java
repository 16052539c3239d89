package org.reportonce.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.reportonce.hub.Role;
import org.reportonce.testing.PdqData;

/**
 * A helpline caseworker signs in with the organisation's key, files a report for the person it
 * supports (the report carries the key; the image still never leaves the browser), and finds the case
 * in its caseload.
 */
class SupportServiceTest {
    private static WebFixture web;

    @BeforeAll
    static void start() {
        web = WebFixture.get();
    }

    @Test
    void caseworker_filesAReportForSomeone_andSeesItInTheCaseload() {
        String name = "Revenge Porn Helpline (test " + System.nanoTime() % 10_000 + ")";
        String key = web.hub.createApiKey(web.hub.createMember(name, Role.SUPPORT_SERVICE).id());
        Browser b = web.browser;
        b.open(web.url("/support.html"));
        b.js("sessionStorage.clear()");
        b.open(web.url("/support.html"));
        Accessibility.assertNoSeriousViolations(b, "support sign-in");
        b.waitVisible("#api-key").sendKeys(key + Keys.ENTER);
        b.waitVisible("#caseload-table");
        assertThat(b.find("#member-name").getText()).isEqualTo(name);

        b.find("#file-report").click();
        b.waitVisible("#support-banner");
        b.find("#files").sendKeys(PdqData.file("pdq-data/bridge-mods/square-512x512.jpg").toString());
        b.find("#choose-continue").click();
        b.waitFor(Duration.ofSeconds(60), d -> b.find("#step-review").isDisplayed());
        b.find("#review-continue").click();
        b.waitVisible("#declare-heading");
        assertThat(b.find("#decl-person-label").getText()).contains("asked us to make this report");
        web.proxy.clear();
        b.find("#decl-intimate").click();
        b.find("#decl-person").click();
        b.find("#decl-true").click();
        b.find("#send").click();
        String caseNumber = b.waitVisible("#case-number").getText();
        b.screenshot("09-support-report-filed");

        RecordingProxy.Recorded post = web.proxy.requests().stream()
                .filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        assertThat(post.headers()).anyMatch(h -> h.equalsIgnoreCase("Authorization: Bearer " + key));
        assertThat(post.body().length).isLessThan(2048);

        b.open(web.url("/support.html"));
        b.waitVisible("#caseload-table");
        assertThat(b.find("#caseload-table").getText()).contains(caseNumber);
        b.screenshot("09-support-caseload");
        b.screenshotAt("09-support-caseload-phone", 375);
        Accessibility.assertNoSeriousViolations(b, "support caseload");
    }
}
