package org.reportonce.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/** The accessibility checks every browser test applies to each page it reaches. */
final class Accessibility {
    private Accessibility() {}

    /**
     * Runs axe-core (WCAG 2.2 A/AA and best practices), prints every finding, and fails on any of
     * serious or critical impact.
     */
    static void assertNoSeriousViolations(Browser b, String page) {
        List<Browser.Violation> violations = b.axe();
        if (!violations.isEmpty()) {
            System.out.println("axe-core on " + page + ":");
            violations.forEach(v -> System.out.println("  [" + v.impact() + "] " + v.id() + ": " + v.help() + " " + v.targets()));
        }
        assertThat(violations.stream().filter(Browser.Violation::seriousOrWorse).toList())
                .as("serious or critical accessibility violations on %s", page).isEmpty();
    }

    /** Presses Tab (at most {@code max} times) until the focused element matches {@code css}. */
    static void tabTo(Browser b, String css, int max) {
        for (int i = 0; i < max; i++) {
            new Actions(b.driver()).sendKeys(Keys.TAB).perform();
            if ((Boolean) b.js("return document.activeElement && document.activeElement.matches(arguments[0])", css)) {
                assertVisibleFocus(b);
                return;
            }
        }
        throw new AssertionError("could not reach " + css + " with " + max + " presses of Tab; focus is on "
                + b.js("return document.activeElement && document.activeElement.outerHTML.slice(0, 200)"));
    }

    static void press(Browser b, CharSequence key) {
        new Actions(b.driver()).sendKeys(key).perform();
    }

    /** The focused element shows where focus is (an outline or GOV.UK's yellow focus box-shadow/background). */
    static void assertVisibleFocus(Browser b) {
        String style = (String) b.js("""
                const s = getComputedStyle(document.activeElement);
                return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor].join('|');""");
        String[] p = style.split("\\|");
        boolean outline = !p[0].equals("none") && !p[1].startsWith("0");
        boolean shadow = !p[2].equals("none");
        boolean yellow = p[3].contains("255, 221, 0");
        assertThat(outline || shadow || yellow).as("visible focus indicator, got %s", style).isTrue();
    }

    static String focusedId(Browser b) {
        return (String) b.js("return document.activeElement ? document.activeElement.id : ''");
    }
}
