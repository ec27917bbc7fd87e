package dev.tagdesk.cluster;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Heavy reads that may be served by a read replica ({@code tagdesk.datasource.replica.*}): exports now;
 * dashboards and the reconciliation report when they come. {@link #read} runs its work in a read-only
 * transaction of its own, whose connection the application's data source takes from the replica (see
 * {@link ReplicaDataSource}); every repository and module API called inside reads from it. Without a replica configured it is the same read-only transaction on the primary.
 *
 * <p>Only what is asked for here goes to the replica. A replica lags the primary by a moment, so pages
 * that show what the user just changed (a saved tag, a tagged member: the redirect after every form)
 * must read the primary, and they do, read-only transactions included: TagDesk has some fifty of those
 * and most follow a write. What runs here must neither write (the replica refuses it) nor need to see
 * a change made a moment ago; an export's audit entry is written after its rows, on the primary.
 */
@Component
public class ReplicaReads {

    /** The work of a heavy read; may throw what the caller would (an export's {@code IOException}). */
    @FunctionalInterface
    public interface Read<T, E extends Exception> {
        T run() throws E;
    }

    private static final ThreadLocal<Boolean> ON_REPLICA = new ThreadLocal<>();

    private final TransactionTemplate readOnly;

    ReplicaReads(PlatformTransactionManager transactions) {
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        // A transaction of its own: a connection is chosen when a transaction starts, so joining the
        // caller's would read from whatever the caller already reads from.
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Runs {@code work} in a read-only transaction on the replica (the primary when there is none). */
    public <T, E extends Exception> T read(Read<T, E> work) throws E {
        Boolean outer = ON_REPLICA.get();
        ON_REPLICA.set(Boolean.TRUE);
        try {
            Outcome<T> outcome = readOnly.execute(status -> {
                try {
                    return new Outcome<>(work.run(), null);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    status.setRollbackOnly();
                    return new Outcome<>(null, e);
                }
            });
            if (outcome.failure() != null) {
                @SuppressWarnings("unchecked")
                E failure = (E) outcome.failure();
                throw failure;
            }
            return outcome.value();
        } finally {
            if (outer == null) {
                ON_REPLICA.remove();
            } else {
                ON_REPLICA.set(outer);
            }
        }
    }

    /**
     * Whether the connection the current thread is taking is the replica's: the first one taken inside
     * {@link #read}, which its transaction holds to its end (every query of the read runs on it). Any
     * other taken meanwhile, in a transaction of its own (the session of a streamed export's answer,
     * written as the answer starts), is the primary's.
     */
    static boolean claim() {
        if (ON_REPLICA.get() == Boolean.TRUE) {
            ON_REPLICA.set(Boolean.FALSE);
            return true;
        }
        return false;
    }

    private record Outcome<T>(T value, Exception failure) {}
}
