package org.reportonce.protocol;

/**
 * The three declarations the law requires of a report (Online Safety Act s.20A). All three must be
 * true for a report to be accepted.
 *
 * @param intimateImage       the content is intimate image content
 * @param personShownOrActing the reporter is the person shown, or acts on their behalf
 * @param goodFaithAndTrue    the report is made in good faith and is true
 */
public record Declarations(boolean intimateImage, boolean personShownOrActing, boolean goodFaithAndTrue) {
    public boolean allMade() {
        return intimateImage && personShownOrActing && goodFaithAndTrue;
    }
}
