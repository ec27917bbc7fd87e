package dev.tagdesk.tag.segment;

import java.time.Instant;
import java.util.Optional;

/**
 * When the last nightly auto-tag run's window opened, for the follow-up list's "since yesterday's run".
 * The rules module owns the runs and implements this; the tag module cannot depend on it (the rules
 * depend on tags), so it asks through this interface rather than reading the rules' tables.
 */
public interface NightlyRuns {

    /** When the window of the last nightly run that finished (whatever its outcome) opened, if one did. */
    Optional<Instant> lastFinishedWindowOpened();
}
