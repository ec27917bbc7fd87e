package dev.tagdesk.access;

import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets a controller method take the caller's {@link Scope} as an argument, whoever the caller is (a
 * session, HTTP Basic or an access token): {@code String list(Scope scope, …)}.
 */
@Component
class ScopeArguments implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    private final CurrentScope currentScope;

    ScopeArguments(CurrentScope currentScope) {
        this.currentScope = currentScope;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Scope.class;
    }

    @Override
    public Scope resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binders) {
        return currentScope.get();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }
}
