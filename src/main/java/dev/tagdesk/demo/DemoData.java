package dev.tagdesk.demo;

import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A realistic demo organisation: 总公司 with eight departments, 320 members with Chinese names, five
 * tag groups, 33 tags (some company-wide, some for 销售部 or 采购部 only) and their assignments, the
 * behaviour events of {@link DemoEvents}, plus the four demo users. Deterministic (fixed random seed), so screenshots and tests are stable.
 */
@Component
public class DemoData {

    public static final String PASSWORD = "tagdesk-demo";

    /** The demo users, their roles and home departments (by code), in the order the banner lists them. */
    public static final Map<String, String> USERS = new LinkedHashMap<>();

    static {
        USERS.put("admin", "ADMIN");
        USERS.put("ops.sales", "OPS:SALES");
        USERS.put("ops.purchase", "OPS:PUR");
        USERS.put("auditor", "AUDITOR");
    }

    private record Dept(String code, String name, String parent, int members) {}

    private record DemoTag(String group, String name, String color, boolean wholeCompany, String visibleTo) {}

    private static final List<Dept> DEPARTMENTS = List.of(
            new Dept("HQ", "总公司", null, 6),
            new Dept("SALES", "销售部", "HQ", 15),
            new Dept("SALES-E", "华东区", "SALES", 60),
            new Dept("SALES-S", "华南区", "SALES", 55),
            new Dept("PUR", "采购部", "HQ", 40),
            new Dept("MKT", "市场部", "HQ", 45),
            new Dept("CS", "客服部", "HQ", 44),
            new Dept("FIN", "财务部", "HQ", 20),
            new Dept("TECH", "技术部", "HQ", 35));

    /**
     * visibleTo: comma-separated department codes; a trailing '+' means "include sub-departments".
     * Every colour passes the default colour policy against every other tag of its group (the right
     * temperature for the group's kind, no reserved red outside 高价值客户提醒, and at least ΔE00 12 from
     * each sibling, so not even a COLOR_CLOSE warning): DemoColorsTests checks it as TagService would.
     */
    private static final List<DemoTag> TAGS = List.of(
            new DemoTag("客户来源", "渠道_线上活动_双十一", "#1E6FD9", true, ""),
            new DemoTag("客户来源", "渠道_线上活动_618大促", "#408888", true, ""),
            new DemoTag("客户来源", "渠道_线下门店", "#48CAE4", true, ""),
            new DemoTag("客户来源", "渠道_老客转介绍", "#6A4C93", true, ""),
            new DemoTag("客户来源", "渠道_企业微信_扫码", "#7878F0", true, ""),
            new DemoTag("客户来源", "渠道_直播间", "#9D4EDD", true, ""),
            new DemoTag("客户来源", "SALES_华东_重点客户", "#186888", false, "SALES+"),
            new DemoTag("客户来源", "SALES_华南_经销商", "#00A896", false, "SALES-S"),
            new DemoTag("客户来源", "SALES_大客户", "#6870A0", false, "SALES"),
            new DemoTag("客户来源", "SALES_华东_门店会员", "#58A870", false, "SALES-E"),
            new DemoTag("客户来源", "PUR_供应商_一级", "#118AB2", false, "PUR"),
            new DemoTag("客户来源", "PUR_供应商_二级", "#06D6A0", false, "PUR"),
            new DemoTag("客户来源", "PUR_集采_年度框架", "#8000A8", false, "PUR"),
            new DemoTag("客户来源", "MKT_618大促_意向客户", "#3F37C9", false, "MKT"),
            new DemoTag("客户来源", "MKT_公众号_粉丝", "#4895EF", false, "MKT,SALES+"),
            new DemoTag("客户来源", "CS_投诉_已处理", "#2D6A4F", false, "CS"),
            new DemoTag("消费偏好", "偏好_高端系列", "#F3722C", true, ""),
            new DemoTag("消费偏好", "偏好_性价比", "#F8A878", true, ""),
            new DemoTag("消费偏好", "偏好_母婴", "#D0C870", true, ""),
            new DemoTag("消费偏好", "偏好_数码", "#C87810", true, ""),
            new DemoTag("消费偏好", "偏好_美妆", "#F8C880", true, ""),
            new DemoTag("消费偏好", "偏好_户外运动", "#FF9F1C", true, ""),
            new DemoTag("消费偏好", "SALES_复购_季度", "#B87858", false, "SALES+"),
            new DemoTag("消费偏好", "PUR_采购偏好_进口", "#D0A018", false, "PUR"),
            new DemoTag("消费偏好", "FIN_回款_逾期", "#C09868", false, "FIN"),
            new DemoTag("生命周期", "生命周期_新客", "#FFBA08", true, ""),
            new DemoTag("生命周期", "生命周期_老客", "#E85D04", true, ""),
            new DemoTag("生命周期", "生命周期_沉睡", "#F89828", true, ""),
            new DemoTag("生命周期", "生命周期_流失", "#B87020", true, ""),
            new DemoTag("消费偏好", "待激活", "#FFD60A", true, ""),
            new DemoTag("高价值客户提醒", "高价值_VIP_重点跟进", "#D62828", true, ""),
            new DemoTag("客户意向", DemoEvents.HIGH_POTENTIAL, "#F4A261", true, ""),
            new DemoTag("客户意向", DemoEvents.STRONG_INTEREST, "#E9C46A", true, ""));

    private static final String[][] SURNAMES = {
        {"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"},
        {"黄", "huang"}, {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"},
        {"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"林", "lin"},
        {"罗", "luo"}, {"高", "gao"}, {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"}, {"宋", "song"},
        {"唐", "tang"}, {"许", "xu"}, {"韩", "han"}, {"冯", "feng"}, {"邓", "deng"}, {"曹", "cao"}
    };

    private static final String[][] GIVEN = {
        {"伟", "wei"},
        {"芳", "fang"},
        {"娜", "na"},
        {"敏", "min"},
        {"静", "jing"},
        {"丽", "li"},
        {"强", "qiang"},
        {"磊", "lei"},
        {"军", "jun"},
        {"洋", "yang"},
        {"勇", "yong"},
        {"艳", "yan"},
        {"杰", "jie"},
        {"娟", "juan"},
        {"涛", "tao"},
        {"明", "ming"},
        {"超", "chao"},
        {"秀英", "xiuying"},
        {"霞", "xia"},
        {"平", "ping"},
        {"刚", "gang"},
        {"桂英", "guiying"},
        {"建华", "jianhua"},
        {"晓东", "xiaodong"},
        {"雪梅", "xuemei"},
        {"海燕", "haiyan"},
        {"志强", "zhiqiang"},
        {"子涵", "zihan"},
        {"欣怡", "xinyi"},
        {"浩然", "haoran"},
        {"思远", "siyuan"},
        {"嘉怡", "jiayi"}
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final PasswordEncoder passwordEncoder;
    private final Clock clock;
    private final DemoEvents events;

    DemoData(
            JdbcClient jdbc,
            JdbcTemplate jdbcTemplate,
            PasswordEncoder passwordEncoder,
            Clock clock,
            DemoEvents events) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
        this.events = events;
    }

    public boolean databaseIsEmpty() {
        return jdbc.sql("select count(*) from department").query(Long.class).single() == 0;
    }

    /** Seeds the demo organisation into an empty database, in one transaction. */
    @Transactional
    public void seed() {
        Random random = new Random(20261125L);
        Instant now = clock.instant();
        Map<String, Long> departmentIds = seedDepartments();
        Map<String, String> departmentPaths = departmentPaths();
        Map<String, Long> userIds = seedUsers(departmentIds);
        Map<String, Long> groupIds = seedGroups();
        Map<String, Long> tagIds = seedTags(groupIds, departmentIds, userIds.get("admin"), now);
        Map<Long, String> memberDepartment = seedMembers(random, departmentIds, now);
        seedAssignments(random, memberDepartment, departmentPaths, tagIds, now);
        events.seed(memberDepartment.keySet(), tagIds, departmentIds.get("HQ"), now);
        seedSegments(departmentIds, userIds, tagIds);
    }

    private Map<String, Long> seedDepartments() {
        Map<String, Long> ids = new HashMap<>();
        for (Dept d : DEPARTMENTS) {
            Long parentId = d.parent() == null ? null : ids.get(d.parent());
            long id = jdbc.sql("""
                            insert into department (name, code, parent_id, path, depth)
                            values (?, ?, ?, ?, ?) returning id""")
                    .params(d.name(), d.code(), parentId, "/pending-" + d.code() + "/", parentId == null ? 0 : 1)
                    .query(Long.class)
                    .single();
            ids.put(d.code(), id);
            jdbc.sql("""
                            update department set path = coalesce((select p.path from department p where p.id = ?), '/') || id || '/',
                                   depth = coalesce((select p.depth + 1 from department p where p.id = ?), 0)
                            where id = ?""").params(parentId, parentId, id).update();
        }
        return ids;
    }

    private Map<String, String> departmentPaths() {
        Map<String, String> paths = new HashMap<>();
        jdbc.sql("select code, path from department").query(rs -> {
            paths.put(rs.getString("code"), rs.getString("path"));
        });
        return paths;
    }

    private Map<String, Long> seedUsers(Map<String, Long> departmentIds) {
        Map<String, Long> ids = new HashMap<>();
        String hash = passwordEncoder.encode(PASSWORD);
        USERS.forEach((username, roleAndHome) -> {
            String[] parts = roleAndHome.split(":");
            Long home = parts.length > 1 ? departmentIds.get(parts[1]) : null;
            long id = jdbc.sql(
                            "insert into app_user (username, password_hash, role, department_id) values (?, ?, ?, ?) returning id")
                    .params(username, hash, parts[0], home)
                    .query(Long.class)
                    .single();
            ids.put(username, id);
        });
        return ids;
    }

    private Map<String, Long> seedGroups() {
        Map<String, Long> ids = new HashMap<>();
        // 高价值客户提醒 is the one group allowed the reserved red family.
        Object[][] groups = {
            {"客户来源", "STATIC", 1, false, false},
            {"消费偏好", "DYNAMIC", 2, false, false},
            {"生命周期", "DYNAMIC", 3, true, false},
            {"高价值客户提醒", "DYNAMIC", 4, false, true},
            // Intent read from behaviour events (the two seed event rules add its tags).
            {"客户意向", "DYNAMIC", 5, false, false}
        };
        for (Object[] g : groups) {
            long id = jdbc.sql("insert into tag_group (name, kind, sort_order, exclusive, may_use_reserved_colors) "
                            + "values (?, ?, ?, ?, ?) returning id")
                    .params(g)
                    .query(Long.class)
                    .single();
            ids.put((String) g[0], id);
        }
        return ids;
    }

    private Map<String, Long> seedTags(
            Map<String, Long> groupIds, Map<String, Long> departmentIds, long createdBy, Instant now) {
        Map<String, Long> ids = new LinkedHashMap<>();
        int minutesAgo = TAGS.size() * 90;
        for (DemoTag t : TAGS) {
            Timestamp created = Timestamp.from(now.minus(Duration.ofMinutes(minutesAgo -= 90)));
            long id = jdbc.sql("""
                            insert into tag (group_id, name, normalized_name, color, description, whole_company,
                                             created_by, created_at, updated_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(
                            groupIds.get(t.group()),
                            t.name(),
                            Normalizer.normalize(t.name(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT),
                            t.color(),
                            "演示标签：" + t.name().replace('_', '›'),
                            t.wholeCompany(),
                            createdBy,
                            created,
                            created)
                    .query(Long.class)
                    .single();
            ids.put(t.name(), id);
            for (String entry : t.visibleTo().split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                boolean includeSub = entry.endsWith("+");
                String code = includeSub ? entry.substring(0, entry.length() - 1) : entry;
                jdbc.sql("insert into tag_visibility (tag_id, department_id, include_sub_departments) values (?, ?, ?)")
                        .params(id, departmentIds.get(code), includeSub)
                        .update();
            }
        }
        return ids;
    }

    /** Returns each member's main department code, keyed by member id. */
    private Map<Long, String> seedMembers(Random random, Map<String, Long> departmentIds, Instant now) {
        Set<String> accounts = new HashSet<>();
        Map<Long, String> mainDepartment = new LinkedHashMap<>();
        List<Object[]> memberships = new ArrayList<>();
        for (Dept d : DEPARTMENTS) {
            for (int i = 0; i < d.members(); i++) {
                String[] surname = SURNAMES[random.nextInt(SURNAMES.length)];
                String[] given = GIVEN[random.nextInt(GIVEN.length)];
                String base = surname[1] + "." + given[1];
                String account = base;
                for (int n = 2; !accounts.add(account); n++) {
                    account = base + n;
                }
                int roll = random.nextInt(100);
                String status = roll < 90 ? "ACTIVE" : roll < 97 ? "INACTIVE" : "LEFT";
                Instant lastActive = now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 30)));
                long id = jdbc.sql(
                                "insert into member (account, name, status, last_active_at) values (?, ?, ?, ?) returning id")
                        .params(account, surname[0] + given[0], status, Timestamp.from(lastActive))
                        .query(Long.class)
                        .single();
                mainDepartment.put(id, d.code());
                memberships.add(new Object[] {id, departmentIds.get(d.code())});
                // A few marketing people also work for 华东区: members may belong to several departments.
                if (d.code().equals("MKT") && i % 9 == 0) {
                    memberships.add(new Object[] {id, departmentIds.get("SALES-E")});
                }
            }
        }
        jdbcTemplate.batchUpdate("insert into member_department (member_id, department_id) values (?, ?)", memberships);
        return mainDepartment;
    }

    private void seedAssignments(
            Random random,
            Map<Long, String> memberDepartment,
            Map<String, String> departmentPaths,
            Map<String, Long> tagIds,
            Instant now) {
        List<Object[]> rows = new ArrayList<>();
        List<String> lifecycle = TAGS.stream()
                .filter(t -> t.group().equals("生命周期"))
                .map(DemoTag::name)
                .toList();
        memberDepartment.forEach((memberId, code) -> {
            List<DemoTag> usable = TAGS.stream()
                    .filter(t -> !t.group().equals("生命周期")
                            && !t.group().equals("客户意向")
                            && visibleTo(t, departmentPaths.get(code), departmentPaths))
                    .toList();
            Set<String> chosen = new HashSet<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                chosen.add(usable.get(random.nextInt(usable.size())).name());
            }
            chosen.add(lifecycle.get(random.nextInt(lifecycle.size())));
            for (String tag : chosen) {
                Instant at = now.minus(Duration.ofHours(1 + random.nextInt(24 * 60)));
                rows.add(new Object[] {
                    memberId, tagIds.get(tag), random.nextInt(4) == 0 ? "IMPORT" : "MANUAL", "admin", Timestamp.from(at)
                });
            }
        });
        jdbcTemplate.batchUpdate(
                "insert into member_tag (member_id, tag_id, source, assigned_by, assigned_at) values (?, ?, ?, ?, ?)",
                rows);
        // 新客 has a shelf life: its assignments run out over the next three weeks, some within days.
        jdbc.sql("update tag set shelf_life_days = 30 where id = ?")
                .param(tagIds.get("生命周期_新客"))
                .update();
        jdbc.sql("""
                        update member_tag set expires_at = cast(:now as timestamptz) + (1 + member_id % 20) * interval '1 day'
                        where tag_id = :tag""")
                .param("now", Timestamp.from(now))
                .param("tag", tagIds.get("生命周期_新客"))
                .update();
        seedRule(tagIds, now);
    }

    /** One enabled rule, the seed's own example: members inactive for 7 days get 待激活. */
    private void seedRule(Map<String, Long> tagIds, Instant now) {
        long hq = jdbc.sql("select id from department where code = 'HQ'")
                .query(Long.class)
                .single();
        long ruleId = jdbc.sql("""
                        insert into tag_rule (name, enabled, condition, action, tag_ids, created_by, created_at, updated_at)
                        values (?, true, cast(? as jsonb), cast(? as jsonb), cast(? as bigint[]), 'admin', ?, ?) returning id""")
                .params(
                        "7天未活跃待激活",
                        "{\"all\":[{\"inactiveDays\":7},{\"status\":\"ACTIVE\"}]}",
                        "{\"add\":[" + tagIds.get("待激活") + "],\"remove\":[],\"shelfLifeDays\":14}",
                        "{" + tagIds.get("待激活") + "}",
                        Timestamp.from(now),
                        Timestamp.from(now))
                .query(Long.class)
                .single();
        jdbc.sql(
                        "insert into tag_rule_department (rule_id, department_id, include_sub_departments) values (?, ?, true)")
                .params(ruleId, hq)
                .update();
    }

    /**
     * Two segments (ops.sales's, shared with 华东区, and one of the admin's) and 销售部's follow-up list:
     * the 客户意向 tags 「意向_高潜力培育对象」 and 「意向_产品意向强烈」, looked up by name, as the demo has
     * them only where the behaviour events are seeded too.
     */
    private void seedSegments(Map<String, Long> departmentIds, Map<String, Long> userIds, Map<String, Long> tagIds) {
        long shared = jdbc.sql("""
                        insert into segment (name, expression, tag_ids, owner_id)
                        values (?, cast(? as jsonb), cast(? as bigint[]), ?) returning id""")
                .params(
                        "华东重点客户·偏好高端",
                        "{\"all\": [{\"hasTag\": %d}, {\"hasTag\": %d}]}"
                                .formatted(tagIds.get("SALES_华东_重点客户"), tagIds.get("偏好_高端系列")),
                        "{%d,%d}".formatted(tagIds.get("SALES_华东_重点客户"), tagIds.get("偏好_高端系列")),
                        userIds.get("ops.sales"))
                .query(Long.class)
                .single();
        jdbc.sql("insert into segment_share (segment_id, department_id) values (?, ?)")
                .params(shared, departmentIds.get("SALES-E"))
                .update();
        jdbc.sql("""
                        insert into segment (name, expression, tag_ids, owner_id)
                        values (?, cast(? as jsonb), cast(? as bigint[]), ?)""")
                .params(
                        "近 30 天成为老客的数码爱好者",
                        "{\"all\": [{\"taggedWithinDays\": {\"tag\": %d, \"days\": 30}}, {\"hasTag\": %d}]}"
                                .formatted(tagIds.get("生命周期_老客"), tagIds.get("偏好_数码")),
                        "{%d,%d}".formatted(tagIds.get("生命周期_老客"), tagIds.get("偏好_数码")),
                        userIds.get("admin"))
                .update();
        jdbc.sql("""
                        insert into follow_up_tag (department_id, tag_id)
                        select ?, t.id from tag t
                        where t.name in ('意向_高潜力培育对象', '意向_产品意向强烈') and t.deleted_at is null""").param(departmentIds.get("SALES")).update();
    }

    private static boolean visibleTo(DemoTag tag, String memberPath, Map<String, String> departmentPaths) {
        if (tag.wholeCompany()) {
            return true;
        }
        for (String entry : tag.visibleTo().split(",")) {
            boolean includeSub = entry.endsWith("+");
            String path = departmentPaths.get(includeSub ? entry.substring(0, entry.length() - 1) : entry);
            if (memberPath.equals(path) || (includeSub && memberPath.startsWith(path))) {
                return true;
            }
        }
        return false;
    }
}
