package dev.gatehouse.contract;

/**
 * A person who may sign in to the console for one organization, with the organization's own identity
 * provider, and manage only that organization.
 *
 * @param email the email address the identity provider vouches for, trimmed and lowercase
 * @param role  {@value #OWNER} (may change the organization's settings) or {@value #VIEWER} (reads only)
 */
public record ConsoleMember(String email, String role) {
    public static final String OWNER = "owner";
    public static final String VIEWER = "viewer";
}
