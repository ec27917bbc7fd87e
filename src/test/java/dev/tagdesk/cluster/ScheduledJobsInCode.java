package dev.tagdesk.cluster;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;

/** The {@code @Scheduled} methods of TagDesk's code, read from its classes. */
final class ScheduledJobsInCode {

    /** A scheduled method: where, its lock (null if it has none), its cron and the cron's setting. */
    record Job(String method, String lock, String cron, String cronProperty) {}

    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([^:}]+)(?::[^}]*)?}$");

    private ScheduledJobsInCode() {}

    static List<Job> all() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tagdesk");
        return classes.stream()
                .flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isAnnotatedWith(Scheduled.class))
                .map(ScheduledJobsInCode::job)
                .toList();
    }

    private static Job job(JavaMethod method) {
        Scheduled scheduled = method.getAnnotationOfType(Scheduled.class);
        String lock = method.isAnnotatedWith(SchedulerLock.class)
                ? method.getAnnotationOfType(SchedulerLock.class).name()
                : null;
        String cron = scheduled.cron().isEmpty() ? null : scheduled.cron();
        String property = null;
        if (cron != null) {
            Matcher m = PLACEHOLDER.matcher(cron);
            property = m.matches() ? m.group(1) : null;
        }
        return new Job(method.getOwner().getSimpleName() + "." + method.getName(), lock, cron, property);
    }
}
