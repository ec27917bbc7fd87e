package dev.tagdesk.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Records every time an instance's scheduler asks for a job's lock, and whether it got it (then it ran
 * the job). Added to the test instances as an extra configuration: it wraps their lock provider.
 */
class CountedLocks {

    /** One ask: which job, which instance, when, and whether it ran. */
    record Ask(String job, String instance, Instant at, boolean ran) {}

    static final ConcurrentLinkedQueue<Ask> ASKED = new ConcurrentLinkedQueue<>();

    static List<Ask> asked() {
        return List.copyOf(ASKED);
    }

    @Bean
    static BeanPostProcessor countLocks(Environment environment) {
        String instance = environment.getProperty("tagdesk.instance.name");
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof LockProvider locks)) {
                    return bean;
                }
                return (LockProvider) configuration -> {
                    Optional<SimpleLock> lock = locks.lock(configuration);
                    ASKED.add(new Ask(configuration.getName(), instance, Instant.now(), lock.isPresent()));
                    return lock;
                };
            }
        };
    }
}
