package dev.tagdesk.tag;

import dev.tagdesk.directory.DepartmentReferences;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tags whose visibility names a department (in the recycle bin too): the department may not go. */
@Component
class DepartmentsNamedByTags implements DepartmentReferences {

    private final JdbcClient jdbc;

    DepartmentsNamedByTags(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long countNaming(long departmentId) {
        return jdbc.sql("select count(*) from tag_visibility where department_id = ?")
                .param(departmentId)
                .query(Long.class)
                .single();
    }
}
