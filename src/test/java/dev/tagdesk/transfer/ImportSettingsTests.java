package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.support.WebTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The settings of imports ({@code tagdesk.import.*}) are one validated record, with the defaults they
 * always had; the imports run on an executor of Spring's, beside Boot's own.
 */
@WebTest
class ImportSettingsTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    ImportProperties properties;

    /** Not a @Configuration, which would replace the application in this test's context. */
    @EnableConfigurationProperties(ImportProperties.class)
    static class OnlyTheSettings {}

    final ApplicationContextRunner settings =
            new ApplicationContextRunner().withUserConfiguration(OnlyTheSettings.class);

    @Test
    void withoutAnySettingTheDefaultsAreThoseImportsAlwaysHad() {
        settings.run(context -> assertThat(context.getBean(ImportProperties.class))
                .isEqualTo(new ImportProperties(
                        104_857_600,
                        20_000,
                        10_000,
                        1_048_576,
                        2,
                        2,
                        Duration.ofMinutes(2),
                        10_485_760,
                        30,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(20))));
    }

    @Test
    void aSettingOutOfRangeStopsTheStartWithItsName() {
        settings.withPropertyValues("tagdesk.import.parallel=0", "tagdesk.import.apply-batch=-5")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("tagdesk.import.parallel")
                        .hasMessageContaining("tagdesk.import.apply-batch"));
    }

    @Test
    void anImportIsDeclaredDeadAfterSeveralMissedHeartbeatsNotOne() {
        settings.withPropertyValues("tagdesk.import.heartbeat=PT10S", "tagdesk.import.dead-after=PT15S")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining(
                                "tagdesk.import.dead-after must be at least three tagdesk.import.heartbeat"));
    }

    @Test
    void theApplicationReadsTheSettingsOfItsPropertiesAndOfTheTests() {
        assertThat(properties.maxBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(properties.longestWaitForTurn()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.applyBatch()).as("WebTest's batches of one").isEqualTo(1);
        assertThat(properties.rowsBeforeWholeDirectory()).isEqualTo(2);
    }

    @Test
    void importsRunOnTheirOwnExecutorAndBootKeepsItsApplicationTaskExecutor() {
        ThreadPoolTaskExecutor imports = context.getBean(ImportConfiguration.EXECUTOR, ThreadPoolTaskExecutor.class);
        assertThat(imports.getMaxPoolSize()).isEqualTo(properties.parallel());
        assertThat(imports.getQueueCapacity()).isEqualTo(8);
        assertThat(imports.getThreadNamePrefix()).isEqualTo("import-");
        assertThat(context.containsBean("applicationTaskExecutor")).isTrue();
        assertThat(context.getBean("applicationTaskExecutor")).isNotSameAs(imports);
    }
}
