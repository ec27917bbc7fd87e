package dev.tagdesk.cluster;

import java.time.Duration;

/**
 * A read replica for heavy reads ({@code tagdesk.datasource.replica.*}); absent (no {@code url}),
 * everything reads the primary.
 *
 * @param url JDBC URL of a standby that streams from the primary (or any read-only copy of it)
 * @param username its user (the primary's when blank)
 * @param password its password (the primary's when blank)
 * @param maximumPoolSize connections to it (exports hold one each while they stream)
 * @param connectionTimeout how long a heavy read waits for one before it answers "database unavailable"
 */
record ReplicaProperties(
        String url, String username, String password, Integer maximumPoolSize, Duration connectionTimeout) {

    static final String PREFIX = "tagdesk.datasource.replica";
}
