package dev.tagdesk.support;

import dev.tagdesk.access.CurrentUser;
import dev.tagdesk.access.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Requests made as one of the demo users, with the same principal a real login would give. */
@Component
public class DemoUsers {

    private final JdbcClient jdbc;

    DemoUsers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public RequestPostProcessor as(String username) {
        return SecurityMockMvcRequestPostProcessors.user(user(username));
    }

    /** The demo user as a login would load them. */
    public CurrentUser user(String username) {
        return jdbc.sql(
                        "select id, username, password_hash, role, department_id, enabled from app_user where username = ?")
                .param(username)
                .query((rs, i) -> new CurrentUser(
                        rs.getLong("id"),
                        rs.getString("username"),
                        rs.getString("password_hash"),
                        Role.valueOf(rs.getString("role")),
                        (Long) rs.getObject("department_id"),
                        rs.getBoolean("enabled")))
                .single();
    }

    public long departmentId(String code) {
        return jdbc.sql("select id from department where code = ?")
                .param(code)
                .query(Long.class)
                .single();
    }

    /** An account of a member whose only department is the one with this code. */
    public String memberOf(String code) {
        return jdbc.sql("""
                        select m.account from member m join member_department md on md.member_id = m.id
                        join department d on d.id = md.department_id
                        where d.code = ? and (select count(*) from member_department x where x.member_id = m.id) = 1
                        order by m.account limit 1""").param(code).query(String.class).single();
    }

    /** A member whose assignment of this tag waits in the recycle bin. */
    public String accountWith(long recycledTagId) {
        return jdbc.sql("""
                        select m.account from recycled_member_tag r join member m on m.id = r.member_id
                        where r.tag_id = ? order by m.account limit 1""").param(recycledTagId).query(String.class).single();
    }

    public void update(String sql, Object... params) {
        jdbc.sql(sql).params(params).update();
    }

    public String text(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(String.class).single();
    }

    public long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
