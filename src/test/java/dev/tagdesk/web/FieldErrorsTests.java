package dev.tagdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.tagdesk.support.DemoReset;
import dev.tagdesk.support.DemoUsers;
import dev.tagdesk.support.WebTest;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * A refused form shows each refusal next to the field it concerns (marked invalid and described by
 * it for screen readers), as well as in the summary at the top; other fields stay unmarked.
 */
@WebTest
class FieldErrorsTests {

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

    @Test
    void aDuplicateDepartmentCodeIsShownUnderTheCodeField() throws Exception {
        Document page = refused(
                post("/departments").param("name", "新部门").param("code", "SALES").param("parentId", "1"));
        Element code = page.getElementById("code");
        assertThat(code.hasClass("is-invalid")).isTrue();
        assertThat(code.attr("aria-invalid")).isEqualTo("true");
        assertThat(code.attr("aria-describedby")).isEqualTo("code-error");
        Element error = page.getElementById("code-error");
        assertThat(error.text()).contains("SALES");
        assertThat(page.getElementById("refusals").text()).contains(error.text());
        assertThat(page.getElementById("name").hasClass("is-invalid")).isFalse();
        assertThat(page.getElementById("name-error")).isNull();
    }

    @Test
    void policyThresholdsThatContradictEachOtherAreShownAtTheThresholds() throws Exception {
        Document page = refused(post("/settings/tags")
                .param("version", "0")
                .param("nameMaxLength", "2")
                .param("nameMaxSegments", "4")
                .param("palette", "")
                .param("hueRule", "OFF")
                .param("blockBelow", "10")
                .param("warnBelow", "5"));
        assertThat(page.getElementById("warnBelow").hasClass("is-invalid")).isTrue();
        assertThat(page.getElementById("warnBelow-error")).isNotNull();
        assertThat(page.getElementById("nameMaxLength-error").text())
                .contains("4")
                .contains("64");
        assertThat(page.getElementById("nameMaxSegments").hasClass("is-invalid"))
                .isFalse();
    }

    private Document refused(MockHttpServletRequestBuilder request) throws Exception {
        String html = mvc.perform(request.with(demo.as("admin")).with(csrf()))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Document page = Jsoup.parse(html);
        assertThat(page.getElementById("refusals")).as("the refusal summary").isNotNull();
        return page;
    }
}
