package dev.tagdesk.transfer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** The threads that run imports in the background, managed by Spring. */
@Configuration(proxyBeanMethods = false)
class ImportConfiguration {

    /** The name of the imports' executor, beside Boot's {@code applicationTaskExecutor}. */
    static final String EXECUTOR = "importExecutor";

    /**
     * {@code tagdesk.import.parallel} threads, a few imports waiting in a queue; beyond, an upload is
     * refused as busy ({@code IMPORT_BUSY}). When TagDesk stops, running imports get {@code
     * tagdesk.import.shutdown-grace} to finish ({@link ImportTurns}); those still running are handed
     * back (failed, to be applied or uploaded again on any instance) and interrupted as the context is
     * destroyed, not waited for further (an apply of a large file outlasts any grace period).
     */
    @Bean(EXECUTOR)
    ThreadPoolTaskExecutor importExecutor(ImportProperties properties) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(properties.parallel());
        executor.setMaxPoolSize(properties.parallel());
        executor.setQueueCapacity(8);
        executor.setThreadNamePrefix("import-");
        executor.setWaitForTasksToCompleteOnShutdown(false);
        // Not paused nor shut down early when the context closes, which would wait for running imports.
        executor.setAcceptTasksAfterContextClose(true);
        return executor;
    }
}
