package dev.tagdesk.access.token;

import dev.tagdesk.access.Action;
import dev.tagdesk.access.Scope;
import dev.tagdesk.access.token.AccessTokens.IssuedToken;
import dev.tagdesk.access.token.AccessTokens.NewToken;
import dev.tagdesk.shared.Flash;
import dev.tagdesk.shared.RefusedException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 个人令牌 (everyone's own) and 服务令牌 (admins'). A new token's secret is shown on the answer to its
 * creation only, never stored in the session or anywhere else, and the answer is not cached.
 */
@Controller
class TokenPages {

    /** The creation form; scopes as integrators spell them. */
    record TokenForm(String name, List<String> scopes, Integer expiresInDays, Long departmentId) {

        static TokenForm empty() {
            return new TokenForm("", List.of(), 90, null);
        }

        NewToken request(boolean service) {
            return new NewToken(name, scopes == null ? List.of() : scopes, expiresInDays, departmentId, service);
        }
    }

    private final AccessTokens tokens;

    TokenPages(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/tokens")
    String personal(Scope scope, Model model) {
        return show(scope, model, false, TokenForm.empty());
    }

    @GetMapping("/tokens/service")
    String service(Scope scope, Model model) {
        return show(scope, model, true, TokenForm.empty());
    }

    @PostMapping("/tokens")
    String createPersonal(
            Scope scope, @ModelAttribute("form") TokenForm form, Model model, HttpServletResponse response) {
        return create(scope, form, model, response, false);
    }

    @PostMapping("/tokens/service")
    String createService(
            Scope scope, @ModelAttribute("form") TokenForm form, Model model, HttpServletResponse response) {
        return create(scope, form, model, response, true);
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(Scope scope, @PathVariable long id, RedirectAttributes redirect) {
        tokens.revoke(scope, id);
        redirect.addFlashAttribute("flash", new Flash("flash.token.revoked", ""));
        return "redirect:/tokens";
    }

    @PostMapping("/tokens/service/{id}/revoke")
    String revokeService(Scope scope, @PathVariable long id, RedirectAttributes redirect) {
        scope.require(Action.MANAGE_SERVICE_TOKENS);
        tokens.revoke(scope, id);
        redirect.addFlashAttribute("flash", new Flash("flash.token.revoked", ""));
        return "redirect:/tokens/service";
    }

    private String create(Scope scope, TokenForm form, Model model, HttpServletResponse response, boolean service) {
        try {
            IssuedToken issued = tokens.issue(scope, form.request(service));
            // The secret is on this answer only: no redirect through the session, no cache.
            response.setHeader("Cache-Control", "no-store");
            model.addAttribute("issued", issued);
            model.addAttribute("service", service);
            return "access/token-created";
        } catch (RefusedException e) {
            model.addAttribute("refusals", e.refusals());
            return show(scope, model, service, form);
        }
    }

    private String show(Scope scope, Model model, boolean service, TokenForm form) {
        model.addAttribute("service", service);
        model.addAttribute("tokens", service ? tokens.service(scope) : tokens.personal(scope));
        model.addAttribute("form", form);
        model.addAttribute("scopes", AccessTokens.scopesFor(scope.role()));
        model.addAttribute("departments", tokens.departmentChoices(scope));
        model.addAttribute("maxDays", AccessTokens.MAX_DAYS);
        model.addAttribute("mayService", scope.may(Action.MANAGE_SERVICE_TOKENS));
        return "access/tokens";
    }
}
