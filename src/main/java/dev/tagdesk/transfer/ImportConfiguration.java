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
     * refused as busy ({@code IMPORT_BUSY}). When TagDesk stops, imports still running are interrupted
     * as the context is destroyed, not waited for (an apply of a large file outlasts any grace period):
     * the next start marks them failed, to be applied again or uploaded again.
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
