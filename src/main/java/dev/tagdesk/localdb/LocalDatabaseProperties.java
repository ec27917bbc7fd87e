package dev.tagdesk.localdb;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the embedded PostgreSQL of local mode keeps its data and which loopback port it listens on.
 *
 * @param dir data directory, reused across starts ({@code ./data/pg} by default)
 * @param port loopback port; must be free, see {@link LocalDatabaseConfiguration}
 */
@ConfigurationProperties("tagdesk.local-db")
public record LocalDatabaseProperties(Path dir, int port) {}
