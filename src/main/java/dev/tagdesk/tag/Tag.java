package dev.tagdesk.tag;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A tag: a name in a group, a colour, and who may see it. */
@Entity
@Table(name = "tag")
class Tag {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "group_id")
    private long groupId;

    private String name;

    @Column(name = "normalized_name")
    private String normalizedName;

    private String color;

    private String description;

    @Column(name = "shelf_life_days")
    private Integer shelfLifeDays;

    @Column(name = "whole_company")
    private boolean wholeCompany;

    @ElementCollection
    @CollectionTable(name = "tag_visibility", joinColumns = @JoinColumn(name = "tag_id"))
    private List<Visibility> visibility = new ArrayList<>();

    @Column(name = "created_by")
    private Long createdBy;

    @Column(name = "created_at")
    private Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    private Instant updatedAt = Instant.now();

    @Column(name = "updated_by")
    private String updatedBy;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Column(name = "deleted_by")
    private Long deletedBy;

    @Version
    private long version;

    protected Tag() {}

    Tag(Long createdBy) {
        this.createdBy = createdBy;
    }

    void update(
            long groupId,
            String name,
            String normalizedName,
            String color,
            String description,
            Integer shelfLifeDays,
            boolean wholeCompany,
            List<Visibility> visibility,
            String by) {
        this.groupId = groupId;
        this.name = name;
        this.normalizedName = normalizedName;
        this.color = color;
        this.description = description;
        this.shelfLifeDays = shelfLifeDays;
        this.wholeCompany = wholeCompany;
        this.visibility.clear();
        this.visibility.addAll(visibility);
        this.updatedAt = Instant.now();
        this.updatedBy = by;
    }

    boolean isLive() {
        return deletedAt == null;
    }

    Long getId() {
        return id;
    }

    long getGroupId() {
        return groupId;
    }

    String getName() {
        return name;
    }

    String getColor() {
        return color;
    }

    String getDescription() {
        return description;
    }

    Integer getShelfLifeDays() {
        return shelfLifeDays;
    }

    boolean isWholeCompany() {
        return wholeCompany;
    }

    List<Visibility> getVisibility() {
        return List.copyOf(visibility);
    }

    Long getCreatedBy() {
        return createdBy;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getUpdatedAt() {
        return updatedAt;
    }

    String getUpdatedBy() {
        return updatedBy;
    }

    long getVersion() {
        return version;
    }
}
