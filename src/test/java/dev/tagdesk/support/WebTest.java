package dev.tagdesk.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * The whole application with MockMvc, the real security configuration and the shared test database.
 * Every class that uses it shares one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// Imports apply in batches of one assignment, so that small files take the paths of large ones.
@SpringBootTest(properties = {"tagdesk.import.apply-batch=1", "tagdesk.import.rows-before-whole-directory=2"})
@AutoConfigureMockMvc
@Import({DemoReset.class, DemoUsers.class, StatementCounter.class, DepartmentChain.class})
public @interface WebTest {}
