package dev.tagdesk.tag;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TagRepository extends JpaRepository<Tag, Long> {

    @Query("select count(t) > 0 from Tag t where t.normalizedName = ?1 and t.deletedAt is null and t.id <> ?2")
    boolean liveNameTaken(String normalizedName, long exceptId);

    @Query("select t from Tag t where t.groupId = ?1 and t.deletedAt is null and t.id <> ?2")
    List<Tag> liveInGroup(long groupId, long exceptId);
}

interface TagGroupRepository extends JpaRepository<TagGroup, Long> {

    boolean existsByNameAndIdNot(String name, long id);

    List<TagGroup> findAllByOrderBySortOrderAscNameAsc();
}
