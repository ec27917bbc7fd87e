package dev.tagdesk.directory;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface DepartmentRepository extends JpaRepository<Department, Long> {

    Optional<Department> findByCode(String code);

    @Query(
            "select count(d) > 0 from Department d where d.parentId is not distinct from ?1 and d.name = ?2 and d.id <> ?3")
    boolean siblingNamed(Long parentId, String name, long exceptId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Department d set d.parentId = ?2, d.version = d.version + 1 where d.id = ?1")
    void setParent(long id, long parentId);
}
