package dev.tagdesk.rule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagdesk.TagDeskApplication;
import dev.tagdesk.access.CurrentScope;
import dev.tagdesk.access.Scope;
import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The nightly window: it stops cleanly at the end, resumes the next night, and runs once across instances. */
@WebTest
class RuleRunsTests {

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    CurrentScope scopes;

    @Autowired
    AutoTagRules rules;

    @Autowired
    RuleRuns runs;

    @Autowired
    RuleRunHistory history;

    @Autowired
    RuleWindow window;

    Scope admin;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
        admin = scopes.of(demo.user("admin"));
    }

    Instant insideTheWindow(LocalDate night) {
        return window.opens(night).plusSeconds(600);
    }

    @Test
    void theWindowBelongsToTheNightItOpensOn() {
        LocalDate night = LocalDate.of(2026, 11, 25);
        assertThat(window.openAt(window.opens(night)))
                .map(RuleWindow.Night::date)
                .contains(night);
        assertThat(window.openAt(window.opens(night).plusSeconds(2 * 3600)))
                .map(RuleWindow.Night::date)
                .contains(night);
        assertThat(window.openAt(window.opens(night).plusSeconds(3 * 3600))).isEmpty();
        assertThat(window.openAt(window.opens(night).minusSeconds(60))).isEmpty();
    }

    @Test
    void aRunThatReachesTheWindowsEndStopsBetweenRulesAndTheNextNightStartsWhereItStopped() {
        long hq = demo.departmentId("HQ");
        long digital = demo.count("select id from tag where name = '偏好_数码'");
        RuleViews.RuleView second = rules.create(
                admin,
                new RuleDefinition(
                        "30天未活跃数码",
                        true,
                        new RuleCondition.InactiveDays(30),
                        new RuleAction(List.of(digital), List.of(), null),
                        List.of(new RuleDefinition.Department(hq, true))));
        LocalDate first = LocalDate.of(2026, 11, 20);
        AtomicInteger checks = new AtomicInteger();

        long stopped = runs.runNightly(insideTheWindow(first), () -> checks.incrementAndGet() <= 1)
                .orElseThrow();

        RuleViews.RunView run = history.run(admin, stopped);
        assertThat(run.status()).isEqualTo("STOPPED");
        assertThat(run.reason()).isEqualTo("WINDOW_CLOSED");
        assertThat(run.steps()).extracting(RuleViews.StepView::ruleName).containsExactly("7天未活跃待激活");
        // The same night does not run again.
        assertThat(runs.runNightly(insideTheWindow(first).plusSeconds(300), null))
                .isEmpty();

        long resumed =
                runs.runNightly(insideTheWindow(first.plusDays(1)), () -> true).orElseThrow();

        RuleViews.RunView next = history.run(admin, resumed);
        assertThat(next.status()).isEqualTo("DONE");
        assertThat(next.steps().get(0).ruleId()).isEqualTo(second.id());
    }

    @Test
    void twoInstancesOnOneDatabaseRunTheNightOnce() throws Exception {
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(TagDeskApplication.class)
                .properties("server.port=0", "tagdesk.rules.nightly=false", "spring.main.banner-mode=off")
                .run()) {
            RuleRuns otherRuns = other.getBean(RuleRuns.class);
            Instant now = insideTheWindow(LocalDate.of(2026, 11, 22));
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Optional<Long>> here = CompletableFuture.supplyAsync(() -> {
                await(start);
                return runs.runNightly(now, () -> true);
            });
            CompletableFuture<Optional<Long>> there = CompletableFuture.supplyAsync(() -> {
                await(start);
                return otherRuns.runNightly(now, () -> true);
            });
            start.countDown();

            long ran = List.of(here.get(60, TimeUnit.SECONDS), there.get(60, TimeUnit.SECONDS)).stream()
                    .filter(Optional::isPresent)
                    .count();

            assertThat(ran).isEqualTo(1);
            assertThat(demo.count("select count(*) from rule_run where trigger = 'NIGHTLY'"))
                    .isEqualTo(1);
            assertThat(demo.count("select count(*) from rule_run where status = 'DONE'"))
                    .isEqualTo(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
