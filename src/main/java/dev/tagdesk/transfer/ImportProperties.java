package dev.tagdesk.transfer;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The settings of member-tag imports ({@code tagdesk.import.*}), checked when TagDesk starts: a value
 * out of range stops it with the setting's name, rather than failing the first import.
 *
 * @param maxBytes the largest file accepted, checked before it is read ({@code FILE_TOO_LARGE})
 * @param applyBatch how many assignments an apply writes per statement
 * @param rowsBeforeWholeDirectory a file of up to this many rows is checked against only the members
 *     it names, once it is all staged; a larger one against every member in scope, as it is read
 * @param backgroundFromBytes the console reads and applies files from this size on in the background
 * @param parallel how many imports run in the background at once (a few more wait in a queue)
 * @param readingAtOnce how many files are read at once (reading one holds two database connections)
 * @param longestWaitForTurn how long an import waits for its turn before it is refused as busy
 * @param keptForRerunMaxBytes the largest file kept for a day for a re-run with {@code ，} as the
 *     separator
 * @param keepFilesDays how long the staged rows and problems of an import are kept (the nightly
 *     clean-up, {@code tagdesk.import.clean-up-cron}, removes them)
 * @param heartbeat how often the instance running an import says it still does, with how far it got
 * @param deadAfter an import whose instance said nothing for this long is failed by any instance; at
 *     least three heartbeats, so that one late heartbeat does not fail a live import
 * @param shutdownGrace how long a stopping instance lets its running imports finish before it hands
 *     them back (failed, to be applied or uploaded again, on any instance)
 */
@ConfigurationProperties("tagdesk.import")
@Validated
record ImportProperties(
        @DefaultValue("104857600") @Min(1) long maxBytes,
        @DefaultValue("20000") @Min(1) int applyBatch,
        @DefaultValue("10000") @Min(0) int rowsBeforeWholeDirectory,
        @DefaultValue("1048576") @Min(0) long backgroundFromBytes,
        @DefaultValue("2") @Min(1) int parallel,
        @DefaultValue("2") @Min(1) int readingAtOnce,
        @DefaultValue("PT2M") @NotNull Duration longestWaitForTurn,
        @DefaultValue("10485760") @Min(0) long keptForRerunMaxBytes,
        @DefaultValue("30") @Min(0) int keepFilesDays,
        @DefaultValue("PT5S") @NotNull Duration heartbeat,
        @DefaultValue("PT30S") @NotNull Duration deadAfter,
        @DefaultValue("PT20S") @NotNull Duration shutdownGrace) {

    /** A heartbeat that is late once or twice never fails a live import. */
    @AssertTrue(message = "tagdesk.import.dead-after must be at least three tagdesk.import.heartbeat")
    public boolean isDeadAfterSeveralHeartbeats() {
        return heartbeat == null || deadAfter == null || deadAfter.compareTo(heartbeat.multipliedBy(3)) >= 0;
    }
}
