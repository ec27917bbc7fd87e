package dev.tagdesk.rule;

import dev.tagdesk.tag.segment.NightlyRuns;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the follow-up list when "yesterday's run" began: the opening of the window (in the configured
 * zone) of the night of the last nightly run that finished — done, stopped at the window's end, or
 * failed part-way; each of them may have tagged members.
 */
@Component
class NightlyRunWindows implements NightlyRuns {

    private final JdbcClient jdbc;
    private final RuleWindow window;

    NightlyRunWindows(JdbcClient jdbc, RuleWindow window) {
        this.jdbc = jdbc;
        this.window = window;
    }

    @Override
    public Optional<Instant> lastFinishedWindowOpened() {
        return jdbc.sql("""
                        select night from rule_run where trigger = 'NIGHTLY' and finished_at is not null
                        order by night desc limit 1""").query(LocalDate.class).optional().map(window::opens);
    }
}
