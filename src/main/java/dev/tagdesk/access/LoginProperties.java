package dev.tagdesk.access;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Login throttling: after {@code maxFailures} wrong passwords within {@code lockDuration}, the name is
 * locked for {@code lockDuration}.
 */
@ConfigurationProperties("tagdesk.login")
record LoginProperties(int maxFailures, Duration lockDuration) {}
