package dev.tagdesk.directory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A department in the tree. {@code path} is the materialised path of ids from the root, e.g.
 * {@code /1/4/9/}: a department is inside another's subtree exactly when its path starts with the
 * other's.
 */
@Entity
@Table(name = "department")
class Department {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String name;

    private String code;

    @Column(name = "parent_id")
    private Long parentId;

    private String path;

    private int depth;

    @Column(name = "created_at")
    private Instant createdAt = Instant.now();

    @Column(name = "updated_at")
    private Instant updatedAt = Instant.now();

    @Version
    private long version;

    protected Department() {}

    /** A new department; its real path is known only once the database has given it an id. */
    Department(String name, String code, Department parent) {
        this.name = name;
        this.code = code;
        this.parentId = parent == null ? null : parent.id;
        this.depth = parent == null ? 0 : parent.depth + 1;
        this.path = "/pending-" + UUID.randomUUID() + "/";
    }

    void placeUnder(Department parent) {
        this.path = (parent == null ? "/" : parent.path) + id + "/";
    }

    void rename(String newName) {
        this.name = newName;
        this.updatedAt = Instant.now();
    }

    boolean contains(Department other) {
        return other.path.startsWith(path);
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getCode() {
        return code;
    }

    Long getParentId() {
        return parentId;
    }

    String getPath() {
        return path;
    }

    int getDepth() {
        return depth;
    }

    long getVersion() {
        return version;
    }
}
