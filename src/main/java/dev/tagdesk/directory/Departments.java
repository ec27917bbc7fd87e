package dev.tagdesk.directory;

import dev.tagdesk.access.DepartmentPaths;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules ask about departments, each answer in one statement however many departments it
 * covers. Paths are the departments' materialised paths ({@code /1/4/9/}): a subtree is a path prefix.
 */
@Service
public class Departments implements DepartmentPaths {

    private final JdbcClient jdbc;

    Departments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> pathOf(long departmentId) {
        return jdbc.sql("select path from department where id = ?")
                .param(departmentId)
                .query(String.class)
                .optional();
    }
}
