package org.reportonce.hub;

import org.reportonce.testing.TestPostgres;

/** The StopNCII-compatible API on a real PostgreSQL. */
final class StopNciiOnPostgresTest extends StopNciiContract {
    @Override
    String freshJdbcUrl() {
        return TestPostgres.freshDatabase();
    }
}
