package org.reportonce.hub.cases;

/** The body of the case-holder endpoints: the case number and PIN given when the report was made. */
public record CaseCredentials(String caseNumber, String pin) {}
