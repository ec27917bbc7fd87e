package dev.tagdesk.localdb;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Local mode is the absence of a configured database: no {@code spring.datasource.url}. */
public class LocalModeCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isLocalMode(context.getEnvironment());
    }

    public static boolean isLocalMode(org.springframework.core.env.Environment environment) {
        return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
    }
}
