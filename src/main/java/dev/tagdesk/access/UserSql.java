package dev.tagdesk.access;

/**
 * The people who log in as other modules' statements read them, where a question must be answered
 * inside one statement (a segment readable by its owner, listed with its owner's name): a derived
 * table of the users' ids and names only, never their password hashes. Nothing here writes.
 */
public final class UserSql {

    private UserSql() {}

    /** The users as a derived table to join (give it an alias): {@code id, username}. */
    public static String users() {
        return "(select id, username from app_user)";
    }
}
