package dev.tagdesk.directory;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface MemberRepository extends JpaRepository<Member, Long> {

    Optional<Member> findByAccount(String account);

    boolean existsByAccount(String account);
}
