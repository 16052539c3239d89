package org.reportonce.hub;

import org.reportonce.testing.TestPostgres;

/** The hub contract on a real PostgreSQL. */
final class HubOnPostgresTest extends HubContract {
    @Override
    String freshJdbcUrl() {
        return TestPostgres.freshDatabase();
    }
}
