package org.reportonce.protocol;

/** A hash offered in a report: type, lowercase hex value, and PDQ quality (null for exact hashes). */
public record SignalInput(SignalType type, String value, Integer quality) {}
