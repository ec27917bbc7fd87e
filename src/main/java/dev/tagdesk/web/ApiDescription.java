package dev.tagdesk.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/**
 * The head of the OpenAPI description at {@code /v3/api-docs}: the conventions every endpoint of
 * {@code /api/v1} follows (one list envelope, versions on updates, UPPER_CASE enumerations, times,
 * problem+json), written once in {@code api/conventions.md}, and the two ways in: an access token
 * ({@code Authorization: Bearer tdk_…}) or HTTP Basic.
 */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    static final String BASIC = "basic";
    static final String TOKEN = "token";

    @Bean
    OpenAPI tagDeskApi(@Value("classpath:api/conventions.md") Resource conventions) throws IOException {
        return new OpenAPI()
                .info(new Info()
                        .title("TagDesk API")
                        .version("v1")
                        .description(conventions.getContentAsString(StandardCharsets.UTF_8)))
                .components(new Components()
                        .addSecuritySchemes(
                                BASIC,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic"))
                        .addSecuritySchemes(
                                TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("tdk_ access token")
                                        .description("An access token made on 个人令牌 / 服务令牌 or with POST"
                                                + " /api/v1/tokens; see the scopes in the description.")))
                .addSecurityItem(new SecurityRequirement().addList(TOKEN))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }
}
