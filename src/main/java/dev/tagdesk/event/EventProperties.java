package dev.tagdesk.event;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The settings of behaviour events ({@code tagdesk.events.*}), checked when TagDesk starts.
 *
 * @param maxBatch the most events one {@code POST /api/v1/events} may carry (more is a 413, found
 *     before the body is read in full)
 * @param futureTolerance how far ahead of TagDesk's clock an event may say it occurred (senders'
 *     clocks drift); beyond it {@code EVENT_IN_FUTURE}
 * @param watermarkLag rules count only the events received before now minus this lag, so an event
 *     still on its way is counted by the next run, never half-counted by this one
 * @param keepIdsDays how long event ids are kept to recognise a batch sent again (at least 30)
 * @param partitionsAhead how many months of partitions exist ahead of the current one
 */
@ConfigurationProperties("tagdesk.events")
@Validated
public record EventProperties(
        @DefaultValue("1000") @Min(1) @Max(10000) int maxBatch,
        @DefaultValue("PT5M") @NotNull Duration futureTolerance,
        @DefaultValue("PT10M") @NotNull Duration watermarkLag,
        @DefaultValue("35") @Min(30) int keepIdsDays,
        @DefaultValue("2") @Min(1) @Max(24) int partitionsAhead) {}
