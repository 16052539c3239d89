package org.reportonce.hub;

import java.util.Locale;

/** What a member of the network is; decides which endpoints its API keys may call. */
public enum Role {
    /** A member service: receives signals, reports matches and takedowns, forwards its users' reports. */
    PLATFORM,
    /** A helpline acting for victims: files reports and follows its caseload. */
    SUPPORT_SERVICE,
    /** Read-only compliance evidence; never sees hash values. */
    REGULATOR,
    /** Runs the hub: members, keys, disputes, audit. */
    OPERATOR;

    /** The wire and CLI name: platform, support_service, regulator, operator. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String s) {
        if (s != null) {
            String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Role r : values()) {
                if (r.name().equals(n)) return r;
            }
        }
        throw new IllegalArgumentException(
                "role must be one of platform, support_service, regulator, operator; got "
                        + (s == null ? "nothing" : "'" + s + "'"));
    }
}
