package dev.tagdesk.access;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How the console sessions in PostgreSQL (Spring Session JDBC) are read and written: in a transaction
 * of their own, never in the request's. A streamed export commits its answer (and with it the session)
 * inside its read-only transaction, perhaps on the read replica; the session is written on the primary
 * all the same. When the database has just gone, the failure is what the request answers about
 * ("database unavailable", 503), not the failed rollback that follows it on the dead connection, which
 * a {@link TransactionTemplate} would throw instead.
 */
@Configuration(proxyBeanMethods = false)
class SessionStore {

    /** Spring Session's own (by this name). */
    @Bean("springSessionTransactionOperations")
    TransactionOperations springSessionTransactionOperations(PlatformTransactionManager transactions) {
        DefaultTransactionDefinition own = new DefaultTransactionDefinition();
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new TransactionOperations() {
            @Override
            public <T> T execute(TransactionCallback<T> action) {
                TransactionStatus status = transactions.getTransaction(own);
                T result;
                try {
                    result = action.doInTransaction(status);
                } catch (RuntimeException | Error failure) {
                    try {
                        transactions.rollback(status);
                    } catch (RuntimeException rollbackFailed) {
                        failure.addSuppressed(rollbackFailed);
                    }
                    throw failure;
                }
                transactions.commit(status);
                return result;
            }
        };
    }

    /** Boot's template, which it no longer makes beside the one above: what everything else uses. */
    @Bean
    @Primary
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }
}
