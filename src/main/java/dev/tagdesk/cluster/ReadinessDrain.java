package dev.tagdesk.cluster;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, keeps serving for {@code tagdesk.shutdown.drain} after readiness went DOWN, before the
 * web server stops taking connections: a load balancer that polls {@code /actuator/health/readiness}
 * sees the instance leave and stops sending it requests while it still answers them. Spring Boot sets
 * readiness to REFUSING_TRAFFIC as the context starts to close, before any lifecycle stops; this one
 * stops first (the highest phase), then the web server's graceful shutdown lets requests in flight
 * finish ({@code server.shutdown=graceful}), then running imports are finished or handed back.
 *
 * <p>0 s by default (a single instance has nobody to warn); set it to a little more than the load
 * balancer's health-check interval when there is one (the compose file uses 10 s).
 */
@Component
class ReadinessDrain implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadinessDrain.class);

    private final Duration drain;
    private final ApplicationAvailability availability;
    private volatile boolean running;

    ReadinessDrain(@Value("${tagdesk.shutdown.drain:0s}") Duration drain, ApplicationAvailability availability) {
        this.drain = drain;
        this.availability = availability;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (drain.isZero() || drain.isNegative()) {
            return;
        }
        log.info(
                "Readiness is {}; still serving for {} so that the load balancer takes this instance out",
                availability.getReadinessState(),
                drain);
        try {
            Thread.sleep(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before everything else, the web server's graceful shutdown included. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
