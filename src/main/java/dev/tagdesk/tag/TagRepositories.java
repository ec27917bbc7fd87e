package dev.tagdesk.tag;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface TagRepository extends JpaRepository<Tag, Long> {

    @Query("select count(t) > 0 from Tag t where t.normalizedName = ?1 and t.deletedAt is null and t.id <> ?2")
    boolean liveNameTaken(String normalizedName, long exceptId);

    @Query("select t from Tag t where t.groupId = ?1 and t.deletedAt is null and t.id <> ?2")
    List<Tag> liveInGroup(long groupId, long exceptId);

    /**
     * The tag, locked until the transaction ends: of two saves from the same version, the second
     * waits for the first, then sees the new version and is refused with who changed it.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select t from Tag t where t.id = ?1")
    Optional<Tag> findForUpdate(long id);
}

interface TagGroupRepository extends JpaRepository<TagGroup, Long> {

    boolean existsByNameAndIdNot(String name, long id);

    List<TagGroup> findAllByOrderBySortOrderAscNameAsc();
}
