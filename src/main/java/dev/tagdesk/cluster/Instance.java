package dev.tagdesk.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * This TagDesk instance among the others on the same database: its name, which the rows it is
 * responsible for carry (the imports it runs, the scheduled job it holds). {@code tagdesk.instance.name},
 * by default the host's name and the server port, so that an instance restarted on the same host and
 * port knows the imports it left behind. Two instances must never share a name.
 */
@Component
public class Instance {

    private final String name;

    Instance(@Value("${tagdesk.instance.name:}") String configured, @Value("${server.port:8080}") int port) {
        this.name = StringUtils.hasText(configured) ? configured.strip() : hostName() + ":" + port;
    }

    public String name() {
        return name;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "tagdesk";
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
