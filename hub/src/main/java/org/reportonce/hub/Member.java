package org.reportonce.hub;

import java.time.Instant;
import java.util.Objects;

/**
 * A member of the network (platform, support service, regulator or operator).
 *
 * @param id          stable id, e.g. {@code mem_4k2...}
 * @param displayName shown to case holders and on dashboards
 */
public record Member(String id, String displayName, Role role, Instant createdAt) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
