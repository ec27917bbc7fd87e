package dev.tagdesk.transfer;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Clients for reading long results (exports, error reports) a fetch at a time: in a transaction,
 * PostgreSQL's driver then reads through a server-side cursor instead of holding the whole result.
 */
final class Cursors {

    /** Rows a cursor fetches at a time: enough for throughput, little enough for a small heap. */
    static final int FETCH_SIZE = 2_000;

    private Cursors() {}

    static JdbcClient over(DataSource dataSource) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(FETCH_SIZE);
        return JdbcClient.create(streaming);
    }
}
