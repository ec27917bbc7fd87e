package dev.tagdesk.access;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AppUserRepository extends JpaRepository<AppUser, Long> {

    /**
     * The account with exactly this name. Pass {@link UserNames#canonical} of what was typed: stored
     * names are canonical, so no folding happens in SQL (PostgreSQL's {@code lower()} folds letters
     * that are not the same name, such as {@code İ} into {@code i}).
     */
    @Query("select u from AppUser u where u.username = ?1")
    Optional<AppUser> findByCanonicalName(String canonicalName);
}
