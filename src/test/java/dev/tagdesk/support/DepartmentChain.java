package dev.tagdesk.support;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Departments deeper than the demo's three levels, for the pickers that must reach them: a chain of
 * departments, each under the one before, below an existing department.
 */
@Component
public class DepartmentChain {

    private final JdbcClient jdbc;

    DepartmentChain(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The chain's ids from the top down; their codes are {@code DEEP-<id>}. */
    public List<Long> under(String parentCode, String... names) {
        List<Long> ids = new ArrayList<>();
        long parent = jdbc.sql("select id from department where code = ?")
                .param(parentCode)
                .query(Long.class)
                .single();
        for (String name : names) {
            long id = jdbc.sql("""
                            insert into department (name, code, parent_id, path, depth)
                            select ?, 'DEEP-NEW', p.id, p.path || 'new/', p.depth + 1 from department p where p.id = ?
                            returning id""").params(name, parent).query(Long.class).single();
            jdbc.sql("""
                            update department set path = (select path from department where id = ?) || id || '/',
                                                  code = 'DEEP-' || id
                            where id = ?""").params(parent, id).update();
            ids.add(id);
            parent = id;
        }
        return ids;
    }
}
