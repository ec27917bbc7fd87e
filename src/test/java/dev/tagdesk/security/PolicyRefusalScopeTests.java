package dev.tagdesk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An OPS user sweeping colours and names through the tag form learns nothing about the tags outside
 * their scope: the answers with those tags present are the answers without them (colours), and a
 * name clash with a tag they cannot see reads exactly like a clash with one they can (names are
 * unique across the company, so the clash itself is unavoidable).
 */
@WebTest
class PolicyRefusalScopeTests {

    static final RequestPostProcessor OPS_PURCHASE = httpBasic("ops.purchase", "tagdesk-demo");
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MockMvc mvc;

    @Autowired
    DemoReset reset;

    @Autowired
    DemoUsers demo;

    @Autowired
    JdbcClient jdbc;

    record GroupTag(long id, String name, String color) {}

    @BeforeEach
    void demoData() {
        reset.toDemoData();
    }

    @Test
    void aColourSweepAnswersTheSameWithOrWithoutTheTagsOutsideTheCallersScope() throws Exception {
        long group = demo.count("select id from tag_group where name = '客户来源'");
        List<GroupTag> hidden = tagsOfGroupHiddenFromOpsPurchase(group);
        assertThat(hidden).extracting(GroupTag::name).contains("SALES_大客户", "MKT_618大促_意向客户");

        List<GroupTag> visible = jdbc
                .sql("select id, name, color from tag where group_id = ? and deleted_at is null")
                .param(group)
                .query((rs, n) -> new GroupTag(rs.getLong("id"), rs.getString("name"), rs.getString("color")))
                .list()
                .stream()
                .filter(t -> hidden.stream().noneMatch(h -> h.id() == t.id()))
                .toList();

        List<String> sweep = new ArrayList<>();
        hidden.forEach(t -> sweep.add(t.color()));
        hidden.forEach(t -> sweep.add(nudged(t.color())));
        // next to each visible sibling too, so the sweep meets refusals whatever the demo colours are
        visible.forEach(t -> sweep.add(nudged(t.color())));
        for (int hue = 0; hue < 360; hue += 15) {
            sweep.add(hsl(hue));
        }

        List<String> withHidden = verdicts(group, sweep);
        jdbc.sql("update tag set deleted_at = now() where id = any(?)")
                .param(hidden.stream().map(GroupTag::id).toArray(Long[]::new))
                .update();
        List<String> withoutHidden = verdicts(group, sweep);

        assertThat(withHidden).containsExactlyElementsOf(withoutHidden);
        for (String verdict : withHidden) {
            hidden.forEach(t -> assertThat(verdict).doesNotContain(t.name()));
        }
        // The sweep is not vacuous: colours next to a visible sibling are still refused, naming it.
        assertThat(String.join("\n", withHidden)).contains("COLOR_TOO_CLOSE").contains("PUR_供应商_一级");
    }

    /**
     * The tag form's live colour check (GET /tags/color-check) and a new tag's starting colour obey the
     * same rule as the save: every verdict, every offered swatch and the starting colour of each group
     * are byte for byte the same with and without the tags ops.purchase cannot see, and never name them.
     */
    @Test
    void theLiveColourCheckAndTheStartingColourAnswerTheSameWithOrWithoutTheTagsOutsideTheCallersScope()
            throws Exception {
        List<Long> groups = List.of(
                demo.count("select id from tag_group where name = '客户来源'"),
                demo.count("select id from tag_group where name = '消费偏好'"));
        List<GroupTag> hidden = new ArrayList<>();
        List<String> sweep = new ArrayList<>();
        for (long group : groups) {
            List<GroupTag> hiddenHere = tagsOfGroupHiddenFromOpsPurchase(group);
            hidden.addAll(hiddenHere);
            hiddenHere.forEach(t -> sweep.add(t.color()));
            hiddenHere.forEach(t -> sweep.add(nudged(t.color())));
            jdbc.sql("select color from tag where group_id = ? and deleted_at is null")
                    .param(group)
                    .query(String.class)
                    .list()
                    .forEach(color -> sweep.add(nudged(color)));
        }
        assertThat(hidden).extracting(GroupTag::name).contains("SALES_大客户", "SALES_复购_季度");
        for (int hue = 0; hue < 360; hue += 30) {
            sweep.add(hsl(hue));
        }

        List<String> withHidden = liveAnswers(groups, sweep);
        jdbc.sql("update tag set deleted_at = now() where id = any(?)")
                .param(hidden.stream().map(GroupTag::id).toArray(Long[]::new))
                .update();
        List<String> withoutHidden = liveAnswers(groups, sweep);

        assertThat(withHidden).containsExactlyElementsOf(withoutHidden);
        for (String answer : withHidden) {
            hidden.forEach(t -> assertThat(answer).doesNotContain(t.name()));
        }
        // Not vacuous: colours next to a visible sibling are refused in words, naming it, with swatches.
        assertThat(String.join("\n", withHidden))
                .contains("颜色过近")
                .contains("PUR_供应商_一级")
                .contains("data-color-choice=")
                .contains("data-start-color=");
    }

    /** The live check of each colour in each group, each group's starting colour, and the new form's colour part. */
    private List<String> liveAnswers(List<Long> groups, List<String> colors) throws Exception {
        List<String> answers = new ArrayList<>();
        for (long group : groups) {
            answers.add(fragment(get("/tags/color-check")
                    .param("groupId", String.valueOf(group))
                    .param("color", "#000000")
                    .param("colorAuto", "true")));
            for (String color : colors) {
                answers.add(color + " "
                        + fragment(get("/tags/color-check")
                                .param("groupId", String.valueOf(group))
                                .param("color", color)));
            }
        }
        String form = page(get("/tags/new"));
        answers.add(form.substring(form.indexOf("id=\"color-field\""), form.indexOf("id=\"description\"")));
        return answers;
    }

    private String fragment(MockHttpServletRequestBuilder request) throws Exception {
        return page(request.header("HX-Request", "true"));
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request.with(demo.as("ops.purchase"))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aNameClashWithAnInvisibleTagReadsExactlyLikeAClashWithAVisibleOne() throws Exception {
        long group = demo.count("select id from tag_group where name = '客户来源'");
        String invisible = "SALES_大客户";
        String visible = "PUR_供应商_一级";
        String clashHidden = create(group, invisible, "#1D3557");
        String clashVisible = create(group, visible, "#1D3557");
        assertThat(clashHidden).contains("NAME_DUPLICATE");
        assertThat(clashHidden.replace(invisible, "«name»")).isEqualTo(clashVisible.replace(visible, "«name»"));
    }

    /** Each colour's answer, as status, refusals and warnings (ids and times left out); nothing is kept. */
    private List<String> verdicts(long group, List<String> colors) throws Exception {
        List<String> verdicts = new ArrayList<>();
        int i = 0;
        for (String color : colors) {
            String name = "PUR_色卡_" + (i++);
            MvcResult result = mvc.perform(post("/api/v1/tags")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"%s\",\"groupId\":%d,\"color\":\"%s\"}".formatted(name, group, color))
                            .with(OPS_PURCHASE))
                    .andReturn();
            String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            JsonNode json = JSON.readTree(body);
            if (result.getResponse().getStatus() == 201) {
                jdbc.sql("delete from tag_visibility where tag_id = ?")
                        .param(json.get("tag").get("id").asLong())
                        .update();
                jdbc.sql("delete from tag where id = ?")
                        .param(json.get("tag").get("id").asLong())
                        .update();
                verdicts.add(color + " 201 " + json.get("warnings"));
            } else {
                verdicts.add(color + " " + result.getResponse().getStatus() + " " + body);
            }
        }
        return verdicts;
    }

    private String create(long group, String name, String color) throws Exception {
        MvcResult result = mvc.perform(post("/api/v1/tags")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"%s\",\"groupId\":%d,\"color\":\"%s\"}".formatted(name, group, color))
                        .with(OPS_PURCHASE))
                .andReturn();
        return result.getResponse().getStatus() + " " + result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private List<GroupTag> tagsOfGroupHiddenFromOpsPurchase(long group) throws Exception {
        List<GroupTag> all = jdbc.sql("select id, name, color from tag where group_id = ? and deleted_at is null")
                .param(group)
                .query((rs, n) -> new GroupTag(rs.getLong("id"), rs.getString("name"), rs.getString("color")))
                .list();
        String seen = mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/api/v1/tags?size=500")
                                .with(OPS_PURCHASE))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        return all.stream().filter(t -> !seen.contains("\"" + t.name() + "\"")).toList();
    }

    /** The colour moved by one step in each channel: still far below any blocking threshold. */
    private static String nudged(String hex) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        int r = Math.min(255, ((rgb >> 16) & 0xFF) + 1);
        int g = Math.min(255, ((rgb >> 8) & 0xFF) + 1);
        int b = Math.min(255, (rgb & 0xFF) + 1);
        return "#%02X%02X%02X".formatted(r, g, b);
    }

    private static String hsl(int hue) {
        java.awt.Color color = java.awt.Color.getHSBColor(hue / 360f, 0.7f, 0.75f);
        return "#%02X%02X%02X".formatted(color.getRed(), color.getGreen(), color.getBlue());
    }
}
