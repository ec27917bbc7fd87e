package dev.tagdesk.directory;

import dev.tagdesk.access.Scope;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules ask about members. A member is in a scope when one of their departments is; one
 * outside it is answered exactly like a missing one.
 */
@Service
public class Members {

    private final JdbcClient jdbc;

    Members(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The member's id, if the account names a member inside the scope. */
    @Transactional(readOnly = true)
    public Optional<Long> idInScope(Scope scope, String account) {
        return jdbc.sql("""
                        select m.id from member m
                        where m.account = ? and exists (
                            select 1 from member_department md join department d on d.id = md.department_id
                            where md.member_id = m.id and d.path like ?)""")
                .params(account, scope.pathPattern())
                .query(Long.class)
                .optional();
    }

    /** The member's account, whatever the scope (for TagDesk's own records, such as a run's report). */
    @Transactional(readOnly = true)
    public Optional<String> account(long id) {
        return jdbc.sql("select account from member where id = ?")
                .param(id)
                .query(String.class)
                .optional();
    }
}
