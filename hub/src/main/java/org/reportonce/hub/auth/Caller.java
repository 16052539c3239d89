package org.reportonce.hub.auth;

import org.reportonce.hub.Member;
import org.reportonce.hub.Role;

/** Who is calling: nobody in particular (the portal, a case holder) or a member holding an API key. */
public sealed interface Caller {

    /** A label for the audit log: the member id and key id, or "anonymous". */
    String auditName();

    record Anonymous(String ip) implements Caller {
        @Override
        public String auditName() {
            return "anonymous";
        }
    }

    record Authenticated(Member member, String keyId) implements Caller {
        public Role role() {
            return member.role();
        }

        @Override
        public String auditName() {
            return member.id() + "/" + keyId;
        }
    }
}
