package dev.tagdesk.shared;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The refusals that belong to one form field, so a form shows each next to its field
 * ({@code fragments/kit :: fieldErrors}) as well as in the summary at the top of the page.
 */
@Component("fieldRefusals")
public class FieldRefusals {

    public List<Refusal> of(List<Refusal> refusals, String field) {
        if (refusals == null || field == null) {
            return List.of();
        }
        return refusals.stream().filter(r -> field.equals(r.field())).toList();
    }

    public boolean any(List<Refusal> refusals, String field) {
        return !of(refusals, field).isEmpty();
    }
}
