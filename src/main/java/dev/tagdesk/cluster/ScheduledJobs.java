package dev.tagdesk.cluster;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every {@code @Scheduled} job runs once per schedule across all instances: each job's method carries
 * {@code @SchedulerLock(name = …)} and the instance that takes the job's row in {@code shedlock} runs
 * it; the others skip that turn. Times are the database's ({@code usingDbTime}), so the instances'
 * clocks only decide when they try. A lock is held at least {@code tagdesk.jobs.lock-at-least-for}
 * (30 s: longer than the instances' clocks differ, shorter than the shortest interval of a job, the
 * session clean-up's minute), so an instance whose trigger fires a little late finds the turn taken,
 * and at most {@code tagdesk.jobs.lock-at-most-for} (1 h) should its instance die while holding it.
 * Only the scheduler's calls take the lock (ShedLock wraps the task scheduler, not the beans): the same
 * method called directly (a purge from a test, a run an admin asks for) runs at once.
 *
 * <p>{@code ScheduledJobsTests} holds every {@code @Scheduled} method to a lock of its own. Work every
 * instance must do for itself (the heartbeat of the imports it runs) is no scheduled job: it belongs
 * to the import turns' lifecycle ({@code transfer.ImportTurns}), which keeps it beating while the
 * instance shuts down.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(
        interceptMode = EnableSchedulerLock.InterceptMode.PROXY_SCHEDULER,
        defaultLockAtLeastFor = "${tagdesk.jobs.lock-at-least-for:PT30S}",
        defaultLockAtMostFor = "${tagdesk.jobs.lock-at-most-for:PT1H}")
class ScheduledJobs {

    @Bean
    LockProvider lockProvider(JdbcTemplate jdbc, Instance instance) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc)
                .withTableName("shedlock")
                .usingDbTime()
                .withLockedByValue(instance.name())
                .build());
    }
}
