package dev.tagdesk.transfer;

import dev.tagdesk.transfer.MemberTagImports.ImportReport;
import dev.tagdesk.transfer.MemberTagImports.Mode;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Uploads kept for a day for a one-click re-run: a file whose header is separated by full-width
 * commas is refused (the user is asked whether {@code ，} is meant as the separator), and answering
 * yes reads the kept file again, as a new import, instead of asking for the file once more.
 */
@Component
class KeptUploads {

    /** A kept file with what its first import was asked to do. */
    record Kept(String fileName, Mode mode, byte[] content) {}

    private static final String FRESH = "kept_at >= now() - interval '1 day'";

    private final JdbcClient jdbc;
    private final long maxBytes;

    KeptUploads(JdbcClient jdbc, ImportProperties properties) {
        this.jdbc = jdbc;
        this.maxBytes = properties.keptForRerunMaxBytes();
    }

    /** Whether a file of this size, read into this report, is worth keeping for a re-run. */
    boolean worthKeeping(ImportReport report, long size) {
        return report.status() == ImportStatus.REFUSED
                && size <= maxBytes
                && report.errors().stream().anyMatch(p -> p.code() == ProblemCode.SEPARATOR_FULLWIDTH);
    }

    /** Keeps a job's file; files kept longer than a day are forgotten on the way. */
    void keep(long job, byte[] content) {
        forgetStale();
        jdbc.sql("insert into import_upload (job_id, content) values (?, ?) on conflict (job_id) do nothing")
                .params(job, content)
                .update();
    }

    /** Forgets the files kept longer than a day (also every night, by {@link ImportFileRetention}). */
    void forgetStale() {
        jdbc.sql("delete from import_upload where not (" + FRESH + ")").update();
    }

    boolean isKept(long job) {
        return jdbc.sql("select exists (select 1 from import_upload where job_id = ? and " + FRESH + ")")
                .param(job)
                .query(Boolean.class)
                .single();
    }

    /** Takes a job's kept file out, so that one click makes one re-run. */
    Optional<Kept> take(long job) {
        return jdbc.sql("""
                        delete from import_upload u using import_job j
                        where u.job_id = ? and j.id = u.job_id and u.""" + FRESH + """

                        returning j.file_name, j.mode, u.content""")
                .param(job)
                .query((rs, i) -> new Kept(rs.getString(1), Mode.valueOf(rs.getString(2)), rs.getBytes(3)))
                .optional();
    }
}
