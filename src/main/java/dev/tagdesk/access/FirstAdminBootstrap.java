package dev.tagdesk.access;

import dev.tagdesk.localdb.LocalModeCondition;
import dev.tagdesk.shared.StartupRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * External mode starts with no users: the first admin comes from {@code TAGDESK_ADMIN_PASSWORD}
 * (property {@code tagdesk.admin-password}). Without it TagDesk refuses to start rather than run a
 * console nobody can log in to. Runs after the demo data, which brings its own users.
 */
@Component
class FirstAdminBootstrap implements ApplicationRunner, Ordered {

    private static final Logger log = LoggerFactory.getLogger(FirstAdminBootstrap.class);

    private final UserAdministration users;
    private final Environment environment;

    FirstAdminBootstrap(UserAdministration users, Environment environment) {
        this.users = users;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.anyUserExists() || LocalModeCondition.isLocalMode(environment)) {
            return;
        }
        String password = environment.getProperty("tagdesk.admin-password");
        if (!StringUtils.hasText(password)) {
            throw new StartupRefusedException(
                    "The database has no TagDesk users yet, and no first admin password was given.",
                    "Set TAGDESK_ADMIN_PASSWORD (at least " + UserAdministration.PASSWORD_MIN
                            + " characters) for the first start; TagDesk then creates the user 'admin' with it.");
        }
        if (password.length() < UserAdministration.PASSWORD_MIN) {
            throw new StartupRefusedException(
                    "TAGDESK_ADMIN_PASSWORD is too short.",
                    "Use at least " + UserAdministration.PASSWORD_MIN + " characters.");
        }
        if (UserAdministration.passwordTooLong(password)) {
            throw new StartupRefusedException(
                    "TAGDESK_ADMIN_PASSWORD is too long.",
                    "Use at most " + UserAdministration.PASSWORD_MAX_BYTES
                            + " bytes (UTF-8): 72 ASCII characters, 24 Chinese characters.");
        }
        users.createFirstAdmin(password)
                .ifPresentOrElse(
                        admin -> log.info("Created the first admin 'admin' from TAGDESK_ADMIN_PASSWORD"),
                        () -> log.info("Another instance created the first admin meanwhile"));
    }

    @Override
    public int getOrder() {
        return 100;
    }
}
