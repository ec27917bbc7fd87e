package dev.tagdesk.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 事件类型 form: name, display name, retention, and the properties as rows of a name and a type
 * (the declared ones, then a few empty rows to add more; empty rows are ignored).
 */
public class EventTypeForm {

    static final int EMPTY_ROWS = 3;

    private String name = "";
    private String displayName = "";
    private Integer retentionDays = 365;
    private List<String> propertyNames = new ArrayList<>();
    private List<String> propertyTypes = new ArrayList<>();
    private Long version;

    static EventTypeForm blank() {
        EventTypeForm form = new EventTypeForm();
        form.padded();
        return form;
    }

    static EventTypeForm of(EventType type) {
        EventTypeForm form = new EventTypeForm();
        form.name = type.name();
        form.displayName = type.displayName();
        form.retentionDays = type.retentionDays();
        form.version = type.version();
        type.propertyList().forEach(p -> {
            form.propertyNames.add(p.getKey());
            form.propertyTypes.add(p.getValue().name());
        });
        form.padded();
        return form;
    }

    /** The form with empty rows again at its end, to show it back. */
    EventTypeForm padded() {
        while (propertyTypes.size() < propertyNames.size()) {
            propertyTypes.add(PropertyType.STRING.name());
        }
        int filled = (int)
                propertyNames.stream().filter(n -> n != null && !n.isBlank()).count();
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < propertyNames.size(); i++) {
            if (propertyNames.get(i) != null && !propertyNames.get(i).isBlank()) {
                names.add(propertyNames.get(i));
                types.add(propertyTypes.get(i));
            }
        }
        for (int i = filled; i < filled + EMPTY_ROWS; i++) {
            names.add("");
            types.add(PropertyType.STRING.name());
        }
        propertyNames = names;
        propertyTypes = types;
        return this;
    }

    EventTypes.Draft draft() {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < propertyNames.size(); i++) {
            String property = propertyNames.get(i);
            if (property != null && !property.isBlank()) {
                properties.put(property.strip(), i < propertyTypes.size() ? propertyTypes.get(i) : null);
            }
        }
        return new EventTypes.Draft(name, displayName, properties, retentionDays);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null ? "" : name;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName == null ? "" : displayName;
    }

    public Integer getRetentionDays() {
        return retentionDays;
    }

    public void setRetentionDays(Integer retentionDays) {
        this.retentionDays = retentionDays;
    }

    public List<String> getPropertyNames() {
        return propertyNames;
    }

    public void setPropertyNames(List<String> propertyNames) {
        this.propertyNames = propertyNames == null ? new ArrayList<>() : new ArrayList<>(propertyNames);
    }

    public List<String> getPropertyTypes() {
        return propertyTypes;
    }

    public void setPropertyTypes(List<String> propertyTypes) {
        this.propertyTypes = propertyTypes == null ? new ArrayList<>() : new ArrayList<>(propertyTypes);
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
