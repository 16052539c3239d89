package org.reportonce.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * Each dashboard signed in with a real key and rendering real figures from the running hub, seeded
 * through its HTTP API ({@link SeededNetwork}); a wrong key is refused with a message; each page
 * passes the accessibility check and is screenshotted.
 */
class DashboardsTest {
    private static WebFixture web;
    private static SeededNetwork net;

    @BeforeAll
    static void start() {
        web = WebFixture.get();
        net = new SeededNetwork(web.hub, web.clock);
    }

    private static void signIn(Browser b, String page, String key) {
        b.open(web.url(page));
        b.js("sessionStorage.clear()");
        b.open(web.url(page));
        b.waitVisible("#api-key").sendKeys(key + Keys.ENTER);
        b.waitFor(d -> b.find("#signed-in").isDisplayed() || !b.findAll("#errors .govuk-error-summary").isEmpty());
        if (!b.findAll("#errors .govuk-error-summary").isEmpty()) {
            throw new AssertionError("sign-in on " + page + " failed: " + b.js("return document.getElementById('errors').textContent")
                    + "\nbrowser console: " + b.consoleLog());
        }
    }

    @Test
    void platformDashboard_showsItsDeadlinesAlertsReviewsMatchesAndSync() {
        Browser b = web.browser;
        signIn(b, "/dashboards/platform.html", net.keyA);
        b.waitVisible("#deadlines-table");
        assertThat(b.find("#member-name").getText()).isEqualTo(net.platformA);
        String page = b.find("#dashboard").getText();
        assertThat(page).contains("48-hour deadlines", "deadline missed", "at risk", "Sync health");
        assertThat(b.find("#deadlines-table").getText()).contains("Deadline missed", "At risk", "Removed", "On time");
        assertThat(b.find("#member-name").getText()).isNotEmpty();
        assertThat(b.find("#alerts").getText()).contains("need action");
        assertThat(b.find("#pending-table").getText()).contains(String.valueOf(net.signalOf.get("on-time")));
        assertThat(b.find("#matches-table").getText()).contains("item/" + net.suffix);
        b.screenshot("10-dashboard-platform");
        b.screenshotAt("10-dashboard-platform-phone", 375);
        Accessibility.assertNoSeriousViolations(b, "platform dashboard");
    }

    @Test
    void regulatorDashboard_chartsAndTablesPerPlatform_andExportsCsvAndJson() {
        Browser b = web.browser;
        signIn(b, "/dashboards/regulator.html", net.regulatorKey);
        b.waitFor(Duration.ofSeconds(30), d -> !b.findAll("#figures-table").isEmpty());
        String figures = b.find("#figures-table").getText();
        assertThat(figures).contains(net.platformA, net.platformB);
        for (String chart : new String[] {"#chart-share", "#chart-removal-time", "#chart-breaches", "#chart-trend"}) {
            assertThat(b.findAll(chart + " canvas")).as("chart %s drawn", chart).isNotEmpty();
        }
        assertThat((String) b.js("return document.querySelector('#chart-share [role=img]').getAttribute('aria-label')"))
                .contains(net.platformA);

        web.proxy.clear();
        b.find("#export-csv").click();
        b.find("#export-json").click();
        b.waitFor(d -> web.proxy.requests().stream().filter(r -> r.target().contains("/v1/regulator/report")).count() >= 2);
        assertThat(web.proxy.requests().stream().map(RecordingProxy.Recorded::target))
                .anyMatch(t -> t.contains("format=csv")).anyMatch(t -> t.contains("format=json"));
        HubClient regulator = new HubClient(web.hub.baseUri(), net.regulatorKey);
        assertThat(regulator.get("/v1/regulator/report").path("platforms").toString()).doesNotContain("\"value\"");

        b.screenshot("11-dashboard-regulator");
        b.screenshotAt("11-dashboard-regulator-phone", 375);
        Accessibility.assertNoSeriousViolations(b, "regulator dashboard");
    }

    @Test
    void operatorDashboard_membersKeysDisputesAndAudit_andIssuesAWorkingKey() {
        Browser b = web.browser;
        signIn(b, "/dashboards/operator.html", net.operatorKey);
        b.waitVisible("#members-table");
        assertThat(b.find("#members-table").getText()).contains(net.platformA, net.platformB, net.supportName);
        assertThat(b.find("#audit-result").getText()).contains("intact");
        assertThat(b.find("#disputes-table").getText()).contains("#" + net.signalOf.get("disputed"))
                .contains(net.platformA + ": NotBlocked");
        b.screenshot("12-dashboard-operator");
        Accessibility.assertNoSeriousViolations(b, "operator dashboard");

        // add a member and issue it a key from the page; the key then works against the hub
        String name = "Imagebin " + net.suffix;
        b.find("#new-member-name").sendKeys(name);
        b.find("#add-member").click();
        b.waitVisible("#notice");
        b.find("button[aria-label='Create an API key for " + name + "']").click();
        String key = b.waitVisible("#new-key-value").getText();
        assertThat(new HubClient(web.hub.baseUri(), key).get("/v1/me").path("displayName").asText()).isEqualTo(name);
        b.screenshot("13-dashboard-operator-new-key");

        // keep the disputed signal: it leaves the open queue
        b.find("button[aria-label='Keep signal " + net.signalOf.get("disputed") + "']").click();
        b.waitFor(d -> !b.find("#disputes-table").getText().contains("#" + net.signalOf.get("disputed")));
    }

    @Test
    void aKeyOfTheWrongRole_isRefusedWithAMessageSayingWhy() {
        Browser b = web.browser;
        b.open(web.url("/dashboards/operator.html"));
        b.js("sessionStorage.clear()");
        b.open(web.url("/dashboards/operator.html"));
        b.waitVisible("#api-key").sendKeys(net.keyA + Keys.ENTER);
        assertThat(b.waitVisible(".govuk-error-summary").getText()).contains("not an operator");
        assertThat(b.find("#signed-in").isDisplayed()).isFalse();
        b.find("#api-key").sendKeys("rok_not-a-real-key" + Keys.ENTER);
        b.waitFor(d -> String.valueOf(b.js("return document.getElementById('errors').textContent")).contains("was not accepted"));
        b.screenshot("14-dashboard-wrong-key");
        Accessibility.assertNoSeriousViolations(b, "dashboard sign-in error");
    }
}
