package dev.tagdesk.shared;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * PostgreSQL array literals for bound parameters, so that a statement takes a whole set of ids in one
 * parameter ({@code = any(cast(:ids as bigint[]))}, {@code unnest(cast(:ids as bigint[]))}) instead of
 * one statement per id. For a module's statements over its own tables.
 */
public final class SqlArrays {

    private SqlArrays() {}

    /** Ids as an array literal: {@code {1,2,3}}. */
    public static String ids(Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    /** Booleans as an array literal: {@code {true,false}}. */
    public static String booleans(Collection<Boolean> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
