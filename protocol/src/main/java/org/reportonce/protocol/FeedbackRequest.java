package org.reportonce.protocol;

import java.util.Set;

/** {@code POST /v1/feedback}: a platform's verdict on one signal, with free tags. */
public record FeedbackRequest(long signalId, FeedbackValue value, Set<String> tags) {}
