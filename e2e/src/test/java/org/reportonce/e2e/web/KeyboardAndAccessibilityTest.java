package org.reportonce.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.reportonce.testing.PdqData;

/**
 * The report journey with the keyboard alone (Tab, Enter, Space), focus visible at every stop and
 * moved to each new step's heading; axe-core on every step; and no page wider than a 320 px phone.
 */
class KeyboardAndAccessibilityTest {
    private static WebFixture web;

    @BeforeAll
    static void start() {
        web = WebFixture.get();
    }

    @Test
    void wholeReport_canBeMadeWithTheKeyboardAlone_andEveryStepPassesAxe() {
        Browser b = web.browser;
        b.open(web.url("/"));
        Accessibility.assertNoSeriousViolations(b, "start page");

        // the skip link comes first, then the quick exit
        Accessibility.tabTo(b, "a.govuk-skip-link", 1);
        Accessibility.tabTo(b, ".govuk-exit-this-page__button", 3);
        Accessibility.tabTo(b, "#start", 10);
        Accessibility.press(b, Keys.ENTER);
        b.waitVisible("#choose-heading");
        Accessibility.assertNoSeriousViolations(b, "choose files");

        Accessibility.tabTo(b, "#files", 10);
        // a file chooser is the operating system's dialog; typing the path is its keyboard equivalent
        b.find("#files").sendKeys(PdqData.file("pdq-data/misc-images/c.png").toString());
        Accessibility.tabTo(b, "#choose-continue", 3);
        Accessibility.press(b, Keys.ENTER);
        b.waitFor(Duration.ofSeconds(60), d -> b.find("#step-review").isDisplayed());
        assertThat(Accessibility.focusedId(b)).as("focus moves to the new step's heading").isEqualTo("review-heading");
        Accessibility.assertNoSeriousViolations(b, "review previews");

        Accessibility.tabTo(b, "#review-continue", 10);
        Accessibility.press(b, Keys.ENTER);
        b.waitVisible("#declare-heading");
        assertThat(Accessibility.focusedId(b)).isEqualTo("declare-heading");
        Accessibility.assertNoSeriousViolations(b, "declarations");
        for (String box : new String[] {"#decl-intimate", "#decl-person", "#decl-true"}) {
            Accessibility.tabTo(b, box, 3);
            Accessibility.press(b, Keys.SPACE);
        }
        assertThat((Boolean) b.js("return ['decl-intimate','decl-person','decl-true'].every(id => document.getElementById(id).checked)")).isTrue();
        Accessibility.tabTo(b, "#send", 3);
        Accessibility.press(b, Keys.ENTER);
        b.waitVisible("#done-heading");
        assertThat(Accessibility.focusedId(b)).isEqualTo("done-heading");
        Accessibility.assertNoSeriousViolations(b, "case number and PIN");
    }

    @Test
    void casePage_passesAxe_andShowsAClearErrorForAWrongPin() {
        Browser b = web.browser;
        b.open(web.url("/case.html"));
        Accessibility.assertNoSeriousViolations(b, "case check");
        Accessibility.tabTo(b, "#case-number", 15);
        Accessibility.press(b, "2345-6789-ABCD");
        Accessibility.tabTo(b, "#pin", 3);
        Accessibility.press(b, "AAAA-AAAA");
        Accessibility.press(b, Keys.ENTER);
        String error = b.waitVisible(".govuk-error-summary").getText();
        assertThat(error).contains("There is a problem");
        assertThat(error.toLowerCase()).contains("case number");
        b.screenshot("06-case-check-error");
        Accessibility.assertNoSeriousViolations(b, "case check error");
    }

    @Test
    void noPage_scrollsSidewaysOnA320PixelPhone() {
        Browser b = web.browser;
        try {
            for (String page : new String[] {"/", "/report.html", "/case.html", "/support.html",
                    "/dashboards/platform.html", "/dashboards/regulator.html", "/dashboards/operator.html"}) {
                b.resize(320, 700);
                b.open(web.url(page));
                assertThat(b.scrollsSideways()).as("%s reflows at 320 px (WCAG 1.4.10)", page).isFalse();
            }
        } finally {
            b.resize(Browser.WIDTH, Browser.HEIGHT);
        }
    }
}
