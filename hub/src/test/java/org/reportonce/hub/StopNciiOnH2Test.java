package org.reportonce.hub;

/** The StopNCII-compatible API on the embedded default, H2. */
final class StopNciiOnH2Test extends StopNciiContract {
    @Override
    String freshJdbcUrl() {
        return "jdbc:h2:mem:s" + java.util.UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1";
    }
}
