package dev.tagdesk.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code @Scheduled} method runs once per schedule across instances: it takes a ShedLock lock of
 * its own name. A new job cannot ship without one. Whether the locks hold with two real instances is
 * {@code TwoInstancesTests}' business.
 */
class ScheduledJobsTests {

    final List<ScheduledJobsInCode.Job> jobs = ScheduledJobsInCode.all();

    @Test
    void everyScheduledJobTakesALock() {
        assertThat(jobs).isNotEmpty();
        assertThat(jobs).allSatisfy(job -> assertThat(job.lock())
                .as("%s: @SchedulerLock(name = …)", job.method())
                .isNotBlank());
    }

    @Test
    void eachJobHasALockOfItsOwnAndACronThatCanBeSet() {
        List<String> locks = jobs.stream()
                .map(ScheduledJobsInCode.Job::lock)
                .filter(java.util.Objects::nonNull)
                .toList();
        assertThat(locks).doesNotHaveDuplicates();
        assertThat(jobs.stream().filter(job -> job.cron() != null)).allSatisfy(job -> assertThat(job.cronProperty())
                .as("%s: its cron is a ${setting:default}", job.method())
                .isNotNull());
    }
}
