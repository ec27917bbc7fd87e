package dev.tagdesk.transfer;

/**
 * The step an import job failed in, stored as its name in {@code import_job.failed_during}: the
 * message {@code imports.failed.<STEP>} tells the user what to do next.
 */
public enum ImportStep {
    /** Reading, staging or checking its file: the file is uploaded again. */
    READING,
    /** Applying it: nothing changed (all or nothing), it may be applied again. */
    APPLYING,
    /** Its staged rows were lost (a crash empties the unlogged staging table): uploaded again. */
    STAGING
}
