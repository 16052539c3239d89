package org.reportonce.platform;

import java.util.List;

/**
 * The answer to a content registration: how many items were stored, and every signal already in
 * the bank that a registered item matches (each became a takedown).
 */
public record RegistrationResult(int registered, List<ContentMatch> matches) {

    public record ContentMatch(String contentReference, SignalMatch match) {}
}
