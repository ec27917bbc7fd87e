package dev.tagdesk.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The tag form's colour: a new tag starts from a colour its group's rules accept, the live check
 * (GET /tags/color-check, htmx) says in words what a save would say, and every colour it offers is
 * one a save accepts without a warning. Codes never reach the reader: families are named (红色系).
 */
@WebTest
class ColorCheckTests {

    static final Pattern SUGGESTED = Pattern.compile("data-color-choice=\"(#[0-9A-F]{6})\"");
    static final Pattern COLOUR_FIELD = Pattern.compile("id=\"color\" name=\"color\"[^>]*value=\"(#[0-9a-f]{6})\"");

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    long group(String name) {
        return demo.count("select id from tag_group where name = ?", name);
    }

    @Test
    void aNewTagStartsFromAColourItsFirstGroupAcceptsWithoutAWarning() throws Exception {
        for (String user : List.of("admin", "ops.sales", "ops.purchase")) {
            String page = body(get("/tags/new").with(demo.as(user)));
            Matcher field = COLOUR_FIELD.matcher(page);
            assertThat(field.find()).as(user).isTrue();
            String start = field.group(1).toUpperCase();
            // 客户来源 is the first group; the form's old fixed #1F77B4 is confusable with its tags
            assertThat(start).as(user).isNotEqualTo("#1F77B4");
            assertThat(page).contains("<option value=\"" + group("客户来源") + "\" selected=\"selected\"");
            assertThat(page).contains("id=\"colorAuto\" name=\"colorAuto\" value=\"true\"");
            assertThat(page).contains("颜色 " + start + "（").contains("符合「客户来源」的颜色规范，可以保存。");

            String saved = createThroughTheApi(user, "客户来源", start);
            assertThat(saved).as(user).startsWith("201").contains("\"warnings\":[]");
        }
    }

    @Test
    void theLiveCheckRefusesAConfusableColourInWordsAndOffersColoursThatPass() throws Exception {
        String check = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("groupId", String.valueOf(group("客户来源")))
                        .param("color", "#1f70da"));
        assertThat(check)
                .contains("颜色 #1F70DA（蓝色系）保存时会被拒绝：")
                .contains("与同组标签「渠道_线上活动_双十一」（#1E6FD9）颜色过近（ΔE00 = 0.4，需 ≥ 5）")
                .contains("ΔE00（CIEDE2000 色差）衡量人眼看到的两种颜色差多少：低于 5 看起来就是同一种颜色")
                .contains("改用这些颜色")
                .doesNotContain("<html");

        List<String> offered = suggested(check);
        assertThat(offered).hasSize(TagColors.SUGGESTIONS_SHOWN).doesNotHaveDuplicates();
        assertThat(check).contains("aria-label=\"选用 " + offered.get(0) + "（");
        // each swatch is a colour the save accepts without a word of warning
        for (String color : offered) {
            String saved = createThroughTheApi("admin", "客户来源", color);
            assertThat(saved).as(color).startsWith("201").contains("\"warnings\":[]");
        }
    }

    @Test
    void aColourThatPassesIsTickedWithItsClosestTagAndFurtherChoices() throws Exception {
        String start = startingColour("admin");
        String check = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("groupId", String.valueOf(group("客户来源")))
                        .param("color", start));
        assertThat(check)
                .contains("✓")
                .contains("符合「客户来源」的颜色规范")
                .contains("同组中与它最接近的是「")
                .contains("其他符合规范、与同组标签区分明显的颜色")
                .doesNotContain("保存时会被拒绝");
        assertThat(suggested(check)).doesNotContain(start.toUpperCase());
    }

    @Test
    void familiesWarmAndCoolAndReservedAreNamedNeverShownAsCodes() throws Exception {
        long preferences = group("消费偏好");
        String reserved = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("groupId", String.valueOf(preferences))
                        .param("color", "#C1121F"));
        assertThat(reserved)
                .contains("颜色 #C1121F 属于保留的红色系，只有被允许的标签组可以使用。")
                .contains("红色系是保留色系，「消费偏好」不能使用。")
                .contains("「消费偏好」是动态行为组：用暖色");
        String cool = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("groupId", String.valueOf(preferences))
                        .param("color", "#2CA02C"));
        assertThat(cool).contains("动态行为标签组建议使用暖色（红色系、橙色系、黄色系）或中性色，#2CA02C 属于绿色系（冷色）。");
        String english = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("groupId", String.valueOf(preferences))
                        .param("color", "#C1121F")
                        .param("lang", "en"));
        assertThat(english)
                .contains("The colour #C1121F is in a reserved family (Red)")
                .contains("ΔE00 (CIEDE2000) measures how different two colours look to the eye");
        for (String answer : List.of(reserved, cool, english)) {
            assertThat(answer)
                    .doesNotContainPattern("\\b(RED|ORANGE|YELLOW|GREEN|BLUE|PURPLE|NEUTRAL|STATIC|DYNAMIC)\\b");
        }

        // The save says the same, in the page's list of refusals and in the API's message.
        String page = body(post("/tags")
                .with(demo.as("admin"))
                .with(csrf())
                .param("name", "偏好_红色警报")
                .param("groupId", String.valueOf(preferences))
                .param("color", "#c1121f")
                .param("wholeCompany", "true"));
        assertThat(page).contains("<li>颜色 #C1121F 属于保留的红色系，只有被允许的标签组可以使用。</li>");
        assertThat(createThroughTheApi("admin", "消费偏好", "#C1121F"))
                .startsWith("400")
                .contains("属于保留的红色系")
                .doesNotContain("（RED）");
    }

    @Test
    void aNewTagsColourFollowsTheGroupUntilTheUserPicksOne() throws Exception {
        long preferences = group("消费偏好");
        String followed = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("groupId", String.valueOf(preferences))
                        .param("color", "#c5f285")
                        .param("colorAuto", "true"));
        Matcher start = Pattern.compile("data-start-color=\"(#[0-9A-F]{6})\"").matcher(followed);
        assertThat(start.find()).isTrue();
        assertThat(start.group(1)).isNotEqualTo("#C5F285");
        assertThat(followed).contains("颜色 " + start.group(1) + "（").contains("符合「消费偏好」的颜色规范");

        String picked = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("groupId", String.valueOf(preferences))
                        .param("color", "#c5f285")
                        .param("colorAuto", "false"));
        assertThat(picked).doesNotContain("data-start-color").contains("颜色 #C5F285（");

        // An edited tag never changes colour by itself, whatever the request says.
        long tag = demo.count("select id from tag where name = '偏好_数码'");
        String edited = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("tagId", String.valueOf(tag))
                        .param("groupId", String.valueOf(preferences))
                        .param("color", "#c87810")
                        .param("colorAuto", "true"));
        assertThat(edited).doesNotContain("data-start-color").contains("颜色 #C87810（");
    }

    @Test
    void anEditedTagIsNotComparedWithItself() throws Exception {
        long tag = demo.count("select id from tag where name = '渠道_线上活动_双十一'");
        String check = liveCheck(
                "admin",
                get("/tags/color-check")
                        .param("tagId", String.valueOf(tag))
                        .param("groupId", String.valueOf(group("客户来源")))
                        .param("color", "#1e6fd9"));
        assertThat(check).contains("符合「客户来源」的颜色规范").doesNotContain("「渠道_线上活动_双十一」");
        assertThat(body(get("/tags/" + tag).with(demo.as("admin")))).contains("符合「客户来源」的颜色规范");
    }

    @Test
    void anUnknownGroupIsMissingAndNoGroupAsksForOne() throws Exception {
        MvcResult unknown = mvc.perform(get("/tags/color-check")
                        .param("groupId", "987654321")
                        .param("color", "#123456")
                        .header("HX-Request", "true")
                        .with(demo.as("ops.sales")))
                .andReturn();
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        assertThat(liveCheck("ops.sales", get("/tags/color-check").param("color", "#123456")))
                .contains("请先选择标签组，再检查颜色。");
        assertThat(liveCheck(
                        "ops.sales",
                        get("/tags/color-check")
                                .param("groupId", String.valueOf(group("客户来源")))
                                .param("color", "blue")))
                .contains("这不是有效的颜色，保存时会被拒绝：")
                .contains("颜色「blue」无效");
    }

    @Test
    void reservedFamiliesAreTickedByNameOnTheRulesPageAndTheLiveCheckFollowsThem() throws Exception {
        String settings = body(get("/settings/tags").with(demo.as("admin")));
        assertThat(settings)
                .containsPattern("id=\"reserved-RED\"\\s+checked=\"checked\"")
                .contains("<label class=\"form-check-label\" for=\"reserved-RED\">红色系</label>")
                .contains("<label class=\"form-check-label\" for=\"reserved-NEUTRAL\">中性色</label>")
                .contains("ΔE00（CIEDE2000 色差）衡量人眼看到的两种颜色差多少：1 左右几乎看不出差别")
                .doesNotContainPattern("id=\"reserved-ORANGE\"\\s+checked");

        saveSettingsReserving("RED", "ORANGE");
        assertThat(demo.count("select count(*) from tag_policy where color_reserved_families = 'RED ORANGE'"))
                .isOne();
        String preferences = String.valueOf(group("消费偏好"));
        assertThat(liveCheck(
                        "admin",
                        get("/tags/color-check").param("groupId", preferences).param("color", "#FB8500")))
                .contains("颜色 #FB8500 属于保留的橙色系")
                .contains("红色系、橙色系是保留色系，「消费偏好」不能使用。");

        saveSettingsReserving();
        assertThat(demo.count("select count(*) from tag_policy where color_reserved_families = ''"))
                .isOne();
        assertThat(liveCheck(
                        "admin",
                        get("/tags/color-check").param("groupId", preferences).param("color", "#C1121F")))
                .doesNotContain("保留")
                .contains("符合「消费偏好」的颜色规范");
    }

    private void saveSettingsReserving(String... families) throws Exception {
        long version = demo.count("select version from tag_policy");
        MockHttpServletRequestBuilder request = post("/settings/tags");
        if (families.length > 0) { // no box ticked: the browser sends no such parameter
            request.param("reservedFamilies", families);
        }
        MvcResult result = mvc.perform(request.with(demo.as("admin"))
                        .with(csrf())
                        .param("nameMaxLength", "32")
                        .param("nameMaxSegments", "4")
                        .param("forbiddenPrefixes", "# @")
                        .param("palette", "")
                        .param("hueRule", "WARN")
                        .param("blockBelow", "5")
                        .param("warnBelow", "12")
                        .param("version", String.valueOf(version)))
                .andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(302);
    }

    /** The fragment as htmx asks for it; it must answer 200. */
    private String liveCheck(String user, MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request.header("HX-Request", "true").with(demo.as(user)))
                .andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String body(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String startingColour(String user) throws Exception {
        Matcher field = COLOUR_FIELD.matcher(body(get("/tags/new").with(demo.as(user))));
        assertThat(field.find()).isTrue();
        return field.group(1);
    }

    private static List<String> suggested(String html) {
        List<String> colors = new ArrayList<>();
        Matcher matcher = SUGGESTED.matcher(html);
        while (matcher.find()) {
            colors.add(matcher.group(1));
        }
        return colors;
    }

    /** A save through the API (status and body); the created tag is removed again, so each save stands alone. */
    private String createThroughTheApi(String user, String groupName, String color) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"%s\",\"groupId\":%d,\"color\":\"%s\",\"wholeCompany\":%s}"
                                .formatted(namePrefix(user) + "_色卡_试色", group(groupName), color, user.equals("admin")))
                        .with(httpBasic(user, "tagdesk-demo")))
                .andReturn();
        demo.update("delete from tag_visibility where tag_id in (select id from tag where name like '%_色卡_试色')");
        demo.update("delete from tag where name like '%_色卡_试色'");
        return result.getResponse().getStatus() + " " + result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** A name the user's group pattern accepts (OPS of 销售部 and 采购部 name by their department). */
    private static String namePrefix(String user) {
        return switch (user) {
            case "ops.sales" -> "SALES";
            case "ops.purchase" -> "PUR";
            default -> "渠道";
        };
    }
}
