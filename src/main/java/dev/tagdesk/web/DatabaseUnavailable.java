package dev.tagdesk.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means "the database cannot be reached right now" (stopped, restarting, network
 * gone), as opposed to a fault in TagDesk. Such a request answers 503 with a friendly message, and the
 * next one after PostgreSQL is back works again: the connection pool replaces broken connections.
 */
final class DatabaseUnavailable {

    /** Seconds a client is told to wait before trying again. */
    static final String RETRY_AFTER = "30";

    private DatabaseUnavailable() {}

    static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientConnectionException) {
                return true;
            }
            // A read that failed for the lost connection, whose rollback then failed too: the rollback's
            // failure is thrown, the read's is kept beside it.
            if (t instanceof org.springframework.transaction.TransactionSystemException rollback
                    && rollback.getApplicationException() != null
                    && causedBy(rollback.getApplicationException())) {
                return true;
            }
            // A rollback that failed on its connection: it only fails when the connection is gone
            // (Hikari marked it broken: "Connection is closed"). The failure that caused the rollback
            // is logged by Spring, not kept in this chain.
            if (t instanceof org.hibernate.TransactionException && t.getCause() instanceof SQLException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P01-57P03: the server is shutting down or not yet accepting.
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }
}
