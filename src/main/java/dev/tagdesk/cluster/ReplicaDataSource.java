package dev.tagdesk.cluster;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * With {@code tagdesk.datasource.replica.url} set, the application's data source (Boot's pool, or local
 * mode's) is wrapped: the connection of a {@link ReplicaReads#read} transaction comes from a pool on
 * the replica, marked read-only; every other one from the primary as before. Flyway, JPA and every
 * repository keep the one data source they know.
 *
 * <p>Spring's {@code LazyConnectionDataSourceProxy} with a read-only target would send every
 * {@code @Transactional(readOnly = true)} to the replica; TagDesk's pages read their own writes in such
 * transactions right after a form is saved, so the choice is made by {@link ReplicaReads} (which is a
 * read-only transaction too) instead of by the flag alone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = ReplicaProperties.PREFIX, name = "url")
class ReplicaDataSource {

    private static final Logger log = LoggerFactory.getLogger(ReplicaDataSource.class);

    @Bean
    static BeanPostProcessor replicaForHeavyReads(Environment environment) {
        ReplicaProperties replica = Binder.get(environment)
                .bind(ReplicaProperties.PREFIX, ReplicaProperties.class)
                .orElseThrow(() -> new IllegalStateException(ReplicaProperties.PREFIX + ".url is empty"));
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof DataSource primary && "dataSource".equals(name)) {
                    return new Routing(primary, pool(replica, environment));
                }
                return bean;
            }
        };
    }

    private static HikariDataSource pool(ReplicaProperties replica, Environment environment) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("tagdesk-replica");
        pool.setJdbcUrl(replica.url());
        pool.setUsername(
                replica.username() != null
                        ? replica.username()
                        : environment.getProperty("spring.datasource.username"));
        pool.setPassword(
                replica.password() != null
                        ? replica.password()
                        : environment.getProperty("spring.datasource.password"));
        pool.setMaximumPoolSize(replica.maximumPoolSize() != null ? replica.maximumPoolSize() : 5);
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(
                (replica.connectionTimeout() != null ? replica.connectionTimeout() : Duration.ofSeconds(3)).toMillis());
        pool.setReadOnly(true);
        // Not opened before the first heavy read: a replica that is down does not stop TagDesk starting.
        pool.setInitializationFailTimeout(-1);
        log.info(
                "Heavy reads (exports) go to the read replica {}",
                replica.url().replaceAll("password=[^&]*", "password=…"));
        return pool;
    }

    /** The primary, or the replica inside {@link ReplicaReads#read}; closes both with the application. */
    static final class Routing extends AbstractRoutingDataSource implements AutoCloseable {

        private final DataSource primary;
        private final HikariDataSource replica;

        Routing(DataSource primary, HikariDataSource replica) {
            this.primary = primary;
            this.replica = replica;
            setTargetDataSources(Map.of("primary", primary, "replica", replica));
            setDefaultTargetDataSource(primary);
            setLenientFallback(false);
            afterPropertiesSet();
        }

        @Override
        protected Object determineCurrentLookupKey() {
            return ReplicaReads.claim() ? "replica" : "primary";
        }

        @Override
        public void close() throws Exception {
            replica.close();
            if (primary instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
