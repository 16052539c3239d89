package org.reportonce.hub;

/** The hub contract on the embedded default: H2 in PostgreSQL mode. */
final class HubOnH2Test extends HubContract {
    @Override
    String freshJdbcUrl() {
        return "jdbc:h2:mem:t" + java.util.UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1";
    }
}
