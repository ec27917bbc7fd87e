-- Scale-out: any number of TagDesk instances on this database.

-- Console sessions (Spring Session JDBC 4.0.4), so that every instance knows every session: a login on
-- one instance is valid on the others, a logout or a disabled user ends the session everywhere. The
-- tables as spring-session-jdbc ships them (org/springframework/session/jdbc/schema-postgresql.sql).
create table spring_session (
    primary_id            char(36)     not null,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval int          not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);

create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id)
        references spring_session (primary_id) on delete cascade
);

-- Scheduled jobs run once across instances (ShedLock 7, JDBC provider, times from the database's
-- clock): the instance that moves lock_until forward runs the job, the others skip that turn.
create table shedlock (
    name       varchar(64)  not null primary key,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null
);

-- Import turns across instances. A running import (READING or APPLYING) is queued from the moment it
-- is opened or asked to apply (queued_at); it holds a turn from turn_taken_at on, granted in queue
-- order while fewer than the configured number of its step hold one. The instance running it
-- (running_on) writes heartbeat_at every few seconds, with how far it got; an import whose heartbeat
-- is older than tagdesk.import.dead-after is failed by any instance, so a dead instance never leaves
-- an import "running" or holding a turn.
alter table import_job
    add column running_on       varchar(128),
    add column queued_at        timestamptz,
    add column turn_taken_at    timestamptz,
    add column heartbeat_at     timestamptz,
    add column progress_phase   varchar(16),
    add column progress_bytes   bigint,
    add column progress_rows    bigint,
    add column progress_checked bigint,
    add column progress_applied bigint,
    add constraint import_job_progress_phase_valid
        check (progress_phase in ('WAITING', 'READING', 'CHECKING', 'APPLYING'));

create index import_job_running_idx on import_job (status, queued_at, id) where status in ('READING', 'APPLYING');
