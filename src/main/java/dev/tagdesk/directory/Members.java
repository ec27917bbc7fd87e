package dev.tagdesk.directory;

import dev.tagdesk.access.Scope;
import java.sql.PreparedStatement;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What other modules ask about members. A member is in a scope when one of their departments is; one
 * outside it is answered exactly like a missing one.
 */
@Service
public class Members {

    /**
     * A member with one of their departments: a member of three departments comes as three rows, one
     * after the other.
     */
    @FunctionalInterface
    public interface Membership {
        void accept(long memberId, String account, String name, long departmentId);
    }

    /** Rows fetched at a time from the cursor of {@link #inScope}. */
    private static final int FETCH = 10_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    Members(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * The members in the scope (only those with these accounts, unless null), each with all their
     * departments (not only those in the scope), by member id ascending, streamed from a cursor in the
     * caller's transaction: one statement for any number of members. A member without a department is
     * in no one's scope.
     */
    @Transactional(readOnly = true)
    public void inScope(Scope scope, String[] accounts, Membership each) {
        String sql = """
                select m.id, m.account, m.name, md.department_id
                from member m join member_department md on md.member_id = m.id
                where (? or m.id in (select md.member_id from member_department md join department d on d.id = md.department_id
                                     where d.path like ?))
                """ + (accounts == null ? "" : "and m.account = any(?)") + """

                order by m.id""";
        template.query(
                connection -> {
                    PreparedStatement query = connection.prepareStatement(sql);
                    query.setFetchSize(FETCH);
                    query.setBoolean(1, scope.isWholeCompany());
                    query.setString(2, scope.pathPattern());
                    if (accounts != null) {
                        query.setArray(3, connection.createArrayOf("text", accounts));
                    }
                    return query;
                },
                (RowCallbackHandler) rs -> {
                    each.accept(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4));
                });
    }

    /** The member's id, if the account names a member inside the scope. */
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
    public Optional<String> account(long id) {
        return jdbc.sql("select account from member where id = ?")
                .param(id)
                .query(String.class)
                .optional();
    }
}
