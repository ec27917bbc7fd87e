package dev.tagdesk.transfer;

import java.util.Arrays;
import java.util.List;

/**
 * Where an import job is, stored as its name in {@code import_job.status} (whose check constraint
 * lists the same values). A job moves:
 *
 * <pre>
 * READING ──► PREVIEWED ──► APPLYING ──► APPLIED ──► APPLYING (again: changes nothing more)
 *    │            ▲             │
 *    │            └─────────────┤ (errors found again while applying: nothing changed)
 *    ├──► REFUSED               │
 *    └──► FAILED (READING)      └──► FAILED (APPLYING) ──► APPLYING (a retry)
 * </pre>
 *
 * A job that stops in the middle of a step is FAILED with the step ({@link ImportStep}).
 */
public enum ImportStatus {
    /** Its file is being read, staged and checked. */
    READING,
    /** Its file could not be read to its end (a fatal problem): nothing is staged. */
    REFUSED,
    /** Read and checked, with what it would change and its problems; changes nothing yet. */
    PREVIEWED,
    /** Being applied. */
    APPLYING,
    /** Applied, whole or only its rows without errors. */
    APPLIED,
    /** Stopped in the middle of a step (see the job's {@link ImportStep}). */
    FAILED;

    /** Whether the job is still being read or applied. */
    public boolean running() {
        return this == READING || this == APPLYING;
    }

    /** The names of the statuses of running jobs, for SQL ({@code status in (:running)}). */
    static List<String> runningNames() {
        return Arrays.stream(values())
                .filter(ImportStatus::running)
                .map(ImportStatus::name)
                .toList();
    }
}
