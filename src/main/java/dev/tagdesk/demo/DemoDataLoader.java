package dev.tagdesk.demo;

import dev.tagdesk.localdb.LocalModeCondition;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo organisation on the first start of an empty database in local mode (or wherever
 * {@code tagdesk.demo-data=true}; never in external mode by default), and prints how to log in.
 */
@Component
class DemoDataLoader implements ApplicationRunner, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final DemoData demoData;
    private final Environment environment;

    DemoDataLoader(DemoData demoData, Environment environment) {
        this.demoData = demoData;
        this.environment = environment;
    }

    private boolean enabled() {
        return environment.getProperty("tagdesk.demo-data", Boolean.class, LocalModeCondition.isLocalMode(environment));
    }

    @Override
    public void run(ApplicationArguments args) {
        if (enabled() && demoData.databaseIsEmpty()) {
            demoData.seed();
            log.info("Seeded the demo organisation (first start of an empty database)");
        }
    }

    @Override
    public int getOrder() {
        return 0;
    }

    @EventListener(ApplicationReadyEvent.class)
    void printBanner() {
        if (!LocalModeCondition.isLocalMode(environment)) {
            return;
        }
        String url = "http://" + environment.getProperty("server.address", "127.0.0.1") + ":"
                + environment.getProperty("local.server.port", "8080");
        String dataDir = Path.of(environment.getProperty("tagdesk.local-db.dir", "./data/pg"))
                .toAbsolutePath()
                .normalize()
                .toString();
        StringBuilder banner =
                new StringBuilder("\n\n  TagDesk is ready: ").append(url).append("\n\n");
        if (enabled()) {
            banner.append("  Demo logins (password ").append(DemoData.PASSWORD).append("):\n");
            DemoData.USERS.forEach((user, role) -> banner.append(String.format("    %-14s %s%n", user, role)));
        }
        banner.append("\n  Data: ").append(dataDir).append("  (stop TagDesk and delete it to start afresh)\n");
        log.info(banner.toString());
    }
}
