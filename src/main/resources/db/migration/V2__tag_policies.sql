-- Tag rules that admins configure, and what the tag list needs to filter by colour family.

-- A group may ask more of its tags' names, and may be one of the few allowed reserved colours.
alter table tag_group
    add column name_pattern varchar(40) not null default 'NONE',
    add column may_use_reserved_colors boolean not null default false,
    add constraint tag_group_name_pattern_valid check (name_pattern in ('NONE', 'DEPARTMENT_CODE_THREE_SEGMENTS'));

-- The one row of naming and colour settings (defaults as in the product brief).
create table tag_policy (
    id                       smallint      primary key default 1,
    name_max_length          integer       not null default 32,
    name_max_segments        integer       not null default 4,
    name_forbidden_prefixes  varchar(200)  not null default '# @',
    color_palette            varchar(2000) not null default '',
    color_hue_rule           varchar(8)    not null default 'WARN',
    color_reserved_families  varchar(100)  not null default 'RED',
    color_block_below        numeric(5, 2) not null default 5,
    color_warn_below         numeric(5, 2) not null default 12,
    version                  bigint        not null default 0,
    updated_at               timestamptz   not null default now(),
    updated_by               varchar(64),
    constraint tag_policy_single_row check (id = 1),
    constraint tag_policy_name_max_length check (name_max_length between 4 and 64),
    constraint tag_policy_name_max_segments check (name_max_segments between 1 and 8),
    constraint tag_policy_hue_rule check (color_hue_rule in ('OFF', 'WARN', 'ENFORCE')),
    constraint tag_policy_thresholds check (color_block_below >= 0 and color_warn_below >= color_block_below)
);
insert into tag_policy (id) values (1);

-- The hue family of a #RRGGBB colour, exactly as dev.tagdesk.tag.color.HueFamily computes it
-- (HSV; a test compares the two on thousands of colours).
create function tag_hue_family(color char(7)) returns varchar(8)
    language sql immutable strict parallel safe
as $$
    with rgb as (
        select ('x' || substr(color, 2, 2))::bit(8)::int::float8 / 255.0::float8 as r,
               ('x' || substr(color, 4, 2))::bit(8)::int::float8 / 255.0::float8 as g,
               ('x' || substr(color, 6, 2))::bit(8)::int::float8 / 255.0::float8 as b
    ), extremes as (
        select r, g, b, greatest(r, g, b) as mx, greatest(r, g, b) - least(r, g, b) as delta from rgb
    ), hsv as (
        select case
                   when delta = 0 then 0::float8
                   when mx = r then 60 * ((g - b) / delta)
                   when mx = g then 60 * ((b - r) / delta + 2)
                   else 60 * ((r - g) / delta + 4)
               end as raw_hue,
               case when mx = 0 then 0::float8 else delta / mx end as saturation,
               mx as value
        from extremes
    )
    select case
               when saturation < 0.18 or value < 0.15 then 'NEUTRAL'
               when hue < 15 or hue >= 340 then 'RED'
               when hue < 42 then 'ORANGE'
               when hue < 70 then 'YELLOW'
               when hue < 165 then 'GREEN'
               when hue < 255 then 'BLUE'
               else 'PURPLE'
           end
    from (select case when raw_hue < 0 then raw_hue + 360 else raw_hue end as hue, saturation, value from hsv) h
$$;

-- varchar like every other text column (the #RRGGBB check constraint keeps its shape).
alter table tag alter column color type varchar(7);
alter table tag add column color_family varchar(8) generated always as (tag_hue_family(color)) stored;
create index tag_color_family_idx on tag (color_family) where deleted_at is null;
create index tag_normalized_name_trgm_idx on tag (normalized_name text_pattern_ops) where deleted_at is null;

-- Who last changed a tag, for the "changed by X at T — reload" message on a stale edit.
alter table tag add column updated_by varchar(64);
