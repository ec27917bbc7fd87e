package dev.tagdesk.tag;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A top-level category of tags (客户来源, 消费偏好). */
@Entity
@Table(name = "tag_group")
class TagGroup {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    @Enumerated(EnumType.STRING)
    private GroupKind kind;

    @Column(name = "sort_order")
    private int sortOrder;

    private boolean exclusive;

    @Enumerated(EnumType.STRING)
    @Column(name = "name_pattern")
    private NamePattern namePattern = NamePattern.NONE;

    @Column(name = "may_use_reserved_colors")
    private boolean mayUseReservedColors;

    @Column(name = "created_at")
    private Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    private Instant updatedAt = Instant.now();

    @Version
    private long version;

    protected TagGroup() {}

    TagGroup(String name) {
        this.name = name;
    }

    void update(
            String name,
            GroupKind kind,
            int sortOrder,
            boolean exclusive,
            NamePattern namePattern,
            boolean mayUseReservedColors) {
        this.name = name;
        this.kind = kind;
        this.sortOrder = sortOrder;
        this.exclusive = exclusive;
        this.namePattern = namePattern;
        this.mayUseReservedColors = mayUseReservedColors;
        this.updatedAt = Instant.now();
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    GroupKind getKind() {
        return kind;
    }

    int getSortOrder() {
        return sortOrder;
    }

    boolean isExclusive() {
        return exclusive;
    }

    NamePattern getNamePattern() {
        return namePattern;
    }

    boolean isMayUseReservedColors() {
        return mayUseReservedColors;
    }

    long getVersion() {
        return version;
    }
}
