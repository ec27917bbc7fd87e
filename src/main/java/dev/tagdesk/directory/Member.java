package dev.tagdesk.directory;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** A member of the organisation, the person tags are put on. Keyed by the account (账号). */
@Entity
@Table(name = "member")
class Member {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String account;

    private String name;

    @Enumerated(EnumType.STRING)
    private MemberStatus status = MemberStatus.ACTIVE;

    @Column(name = "last_active_at")
    private Instant lastActiveAt;

    @ElementCollection
    @CollectionTable(name = "member_department", joinColumns = @JoinColumn(name = "member_id"))
    @Column(name = "department_id")
    private Set<Long> departmentIds = new TreeSet<>();

    @Column(name = "created_at")
    private Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    private Instant updatedAt = Instant.now();

    @Version
    private long version;

    protected Member() {}

    Member(String account) {
        this.account = account;
    }

    void update(String name, Set<Long> departmentIds, MemberStatus status, Instant lastActiveAt) {
        this.name = name;
        this.departmentIds.clear();
        this.departmentIds.addAll(departmentIds);
        this.status = status;
        this.lastActiveAt = lastActiveAt;
        this.updatedAt = Instant.now();
    }

    Long getId() {
        return id;
    }

    String getAccount() {
        return account;
    }

    String getName() {
        return name;
    }

    MemberStatus getStatus() {
        return status;
    }

    Instant getLastActiveAt() {
        return lastActiveAt;
    }

    long getVersion() {
        return version;
    }

    Set<Long> getDepartmentIds() {
        return Set.copyOf(departmentIds);
    }
}
