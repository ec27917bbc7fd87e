package dev.tagdesk.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

class AbsoluteSessionLifetimeFilterTests {

    @Test
    void aSessionOlderThanTheLifetimeIsEndedHoweverActiveItIs() throws Exception {
        MockHttpSession session = new MockHttpSession();
        Clock thirteenHoursLater =
                Clock.fixed(Instant.ofEpochMilli(session.getCreationTime()).plus(Duration.ofHours(13)), ZoneOffset.UTC);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/members");
        request.setSession(session);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        new AbsoluteSessionLifetimeFilter(Duration.ofHours(12), thirteenHoursLater).doFilter(request, response, chain);

        assertThat(session.isInvalid()).isTrue();
        assertThat(response.getRedirectedUrl()).isEqualTo("/login?expired");
        assertThat(chain.getRequest()).as("the request went no further").isNull();
    }

    @Test
    void aYoungerSessionPassesThrough() throws Exception {
        MockHttpSession session = new MockHttpSession();
        Clock elevenHoursLater =
                Clock.fixed(Instant.ofEpochMilli(session.getCreationTime()).plus(Duration.ofHours(11)), ZoneOffset.UTC);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/members");
        request.setSession(session);
        MockFilterChain chain = new MockFilterChain();

        new AbsoluteSessionLifetimeFilter(Duration.ofHours(12), elevenHoursLater)
                .doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(session.isInvalid()).isFalse();
        assertThat(chain.getRequest()).isSameAs(request);
    }
}
