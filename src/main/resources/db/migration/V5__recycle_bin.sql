-- The recycle bin: a deleted tag keeps its row (deleted_at set) and its visibility; its member
-- assignments move here, so that member_tag holds live assignments only and a restore brings them
-- back as they were. Purging a tag (after the retention) cascades to them.

create table recycled_member_tag (
    member_id    bigint       not null references member (id) on delete cascade,
    tag_id       bigint       not null references tag (id) on delete cascade,
    source       varchar(16)  not null,
    assigned_by  varchar(64)  not null,
    assigned_at  timestamptz  not null,
    expires_at   timestamptz,
    primary key (tag_id, member_id)
);

-- Tags archived before the recycle bin existed kept their assignments in member_tag: move them.
insert into recycled_member_tag (member_id, tag_id, source, assigned_by, assigned_at, expires_at)
select mt.member_id, mt.tag_id, mt.source, mt.assigned_by, mt.assigned_at, mt.expires_at
from member_tag mt join tag t on t.id = mt.tag_id where t.deleted_at is not null;
delete from member_tag mt using tag t where t.id = mt.tag_id and t.deleted_at is not null;

create index tag_deleted_idx on tag (deleted_at) where deleted_at is not null;
