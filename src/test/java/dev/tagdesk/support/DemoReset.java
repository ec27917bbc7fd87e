package dev.tagdesk.support;

import dev.tagdesk.demo.DemoData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Puts the test database back to the demo organisation, so no test depends on another's leftovers. */
@Component
public class DemoReset {

    private final JdbcClient jdbc;
    private final DemoData demoData;

    DemoReset(JdbcClient jdbc, DemoData demoData) {
        this.jdbc = jdbc;
        this.demoData = demoData;
    }

    public void toDemoData() {
        jdbc.sql("""
                        truncate member_event, event_receipt, event_type, rule_run_change, rule_run_step, rule_run, tag_rule_department, tag_rule,
                                 import_problem, import_row, import_change, import_job, audit_event, recycled_member_tag, login_throttle, member_tag,
                                 tag_visibility, tag, tag_group,
                                 member_department, member, app_user, department restart identity cascade""").update();
        // The tag rules go back to their defaults too.
        jdbc.sql("delete from tag_policy").update();
        jdbc.sql("insert into tag_policy (id) values (1)").update();
        demoData.seed();
    }
}
