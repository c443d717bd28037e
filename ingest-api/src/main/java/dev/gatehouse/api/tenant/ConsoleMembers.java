package dev.gatehouse.api.tenant;

import dev.gatehouse.contract.ConsoleMember;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of an organization's console members as an administrator or owner enters them: each an
 * email address that looks valid (trimmed, lowercase, at most {@value #MAX_EMAIL_CHARS} characters) and
 * a role, {@code owner} or {@code viewer}; each email once; at most {@value #MAX_MEMBERS} members.
 */
public final class ConsoleMembers {
    public static final int MAX_MEMBERS = 100;
    public static final int MAX_EMAIL_CHARS = 254;
    private static final int MAX_LOCAL_PART_CHARS = 64;
    private static final Pattern EMAIL = Pattern.compile(
            "^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    private ConsoleMembers() {
    }

    /** The members, normalised, in the order given; {@link TenantAdmin.Invalid} says what to fix. */
    public static List<ConsoleMember> validate(List<ConsoleMember> entered) {
        if (entered == null) {
            throw new TenantAdmin.Invalid("the body must be a JSON array of {\"email\", \"role\"}");
        }
        if (entered.size() > MAX_MEMBERS) {
            throw new TenantAdmin.Invalid("an organization may have at most " + MAX_MEMBERS + " console members");
        }
        List<ConsoleMember> members = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConsoleMember member : entered) {
            String email = email(member.email());
            if (!seen.add(email)) {
                throw new TenantAdmin.Invalid(email + " is listed twice: give each member one role");
            }
            members.add(new ConsoleMember(email, role(member.role(), email)));
        }
        return List.copyOf(members);
    }

    /** An email as members are listed and looked up: trimmed and lowercase. */
    public static String normalise(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    private static String email(String entered) {
        String email = normalise(entered);
        if (email.length() > MAX_EMAIL_CHARS) {
            throw new TenantAdmin.Invalid("an email address may have at most " + MAX_EMAIL_CHARS + " characters");
        }
        int at = email.indexOf('@');
        if (!EMAIL.matcher(email).matches() || at > MAX_LOCAL_PART_CHARS) {
            throw new TenantAdmin.Invalid("\"" + (email.length() > 60 ? email.substring(0, 60) + "…" : email)
                    + "\" is not an email address");
        }
        return email;
    }

    private static String role(String entered, String email) {
        String role = entered == null ? "" : entered.trim().toLowerCase(Locale.ROOT);
        if (!role.equals(ConsoleMember.OWNER) && !role.equals(ConsoleMember.VIEWER)) {
            throw new TenantAdmin.Invalid("the role of " + email + " must be \"" + ConsoleMember.OWNER + "\" or \""
                    + ConsoleMember.VIEWER + "\"");
        }
        return role;
    }
}
