package dev.tagdesk.transfer;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every night, removes what imports older than the retention kept of their files: the staged rows,
 * their problems and listed changes, and files kept for a re-run. Without it the staging tables grow by every file ever
 * uploaded (a million-assignment file stages 200,000 rows). The import's history line stays; its page
 * says the file was removed, and it can no longer be applied or give an error report. Running it on
 * several instances at once is harmless: the second finds nothing left to remove.
 */
@Component
class ImportFileRetention {

    private final JdbcClient jdbc;
    private final KeptUploads keptUploads;
    private final int keepDays;

    ImportFileRetention(JdbcClient jdbc, KeptUploads keptUploads, ImportProperties properties) {
        this.jdbc = jdbc;
        this.keptUploads = keptUploads;
        this.keepDays = properties.keepFilesDays();
    }

    int keepDays() {
        return keepDays;
    }

    /** Removes the files of imports created more than the retention ago; returns how many imports. */
    @Scheduled(cron = "${tagdesk.import.clean-up-cron:0 45 3 * * *}", zone = "${tagdesk.zone:Asia/Shanghai}")
    @SchedulerLock(name = "import-file-clean-up")
    @Transactional
    public int removeOldFiles() {
        keptUploads.forgetStale();
        return jdbc.sql("""
                        with old as (
                            update import_job set files_removed_at = now()
                            where created_at < now() - make_interval(days => :days) and files_removed_at is null
                              and status not in (:running)
                            returning id),
                        staged as (delete from import_row where job_id in (select id from old)),
                        problems as (delete from import_problem where job_id in (select id from old)),
                        changes as (delete from import_change where job_id in (select id from old))
                        select count(*) from old""")
                .param("days", keepDays)
                .param("running", ImportStatus.runningNames()) // its rows are in use: removed after it ends
                .query(Integer.class)
                .single();
    }
}
