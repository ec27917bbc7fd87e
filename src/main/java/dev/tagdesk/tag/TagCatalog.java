package dev.tagdesk.tag;

import dev.tagdesk.access.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only questions about tags, always answered within the caller's scope. */
@Service
public class TagCatalog {

    public record TagCounts(long groups, long tags) {}

    private final JdbcClient jdbc;

    TagCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public TagCounts counts(Scope scope) {
        long groups =
                jdbc.sql("select count(*) from tag_group").query(Long.class).single();
        long tags = jdbc.sql("select count(*) from tag t where " + TagVisibility.CONDITION)
                .params(TagVisibility.parameters(scope))
                .query(Long.class)
                .single();
        return new TagCounts(groups, tags);
    }
}
