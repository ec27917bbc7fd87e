package dev.tagdesk.access;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;

/**
 * Deletes the sessions whose idle time ran out, once a minute on one instance: Spring Session's own
 * clean-up (which every instance would run) is switched off ({@code spring.session.jdbc.cleanup-cron=-}).
 * An expired session is refused when read anyway; this only keeps the table small.
 */
@Component
class SessionCleanUp {

    private final JdbcIndexedSessionRepository sessions;

    SessionCleanUp(JdbcIndexedSessionRepository sessions) {
        this.sessions = sessions;
    }

    @Scheduled(cron = "${tagdesk.session.clean-up-cron:0 * * * * *}")
    @SchedulerLock(name = "session-clean-up")
    void removeExpiredSessions() {
        sessions.cleanUpExpiredSessions();
    }
}
