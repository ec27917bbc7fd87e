package dev.tagdesk.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code @Scheduled} method that every TagDesk instance runs for itself, on purpose, rather than once
 * across instances as scheduled jobs do ({@code @SchedulerLock}): the instance's own liveness, which
 * no other instance can vouch for. Says why in {@link #value()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface EveryInstance {

    /** Why every instance must run it. */
    String value();
}
