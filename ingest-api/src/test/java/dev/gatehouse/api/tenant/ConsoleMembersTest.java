package dev.gatehouse.api.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.contract.ConsoleMember;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleMembersTest {
    @Test
    void emailsAreTrimmedLowercasedAndRolesNormalised() {
        assertThat(ConsoleMembers.validate(List.of(new ConsoleMember(" Ada@Example.COM ", " Owner "),
                new ConsoleMember("bob+doors@sub.example.co.uk", "viewer"))))
                .containsExactly(new ConsoleMember("ada@example.com", "owner"),
                        new ConsoleMember("bob+doors@sub.example.co.uk", "viewer"));
        assertThat(ConsoleMembers.validate(List.of())).as("no members: nobody signs in").isEmpty();
    }

    @Test
    void atMostOneHundredMembers() {
        List<ConsoleMember> members = new ArrayList<>();
        for (int i = 0; i < ConsoleMembers.MAX_MEMBERS; i++) {
            members.add(new ConsoleMember("m" + i + "@example.com", "viewer"));
        }
        assertThat(ConsoleMembers.validate(members)).hasSize(100);
        members.add(new ConsoleMember("one-more@example.com", "viewer"));
        assertThatThrownBy(() -> ConsoleMembers.validate(members)).hasMessageContaining("at most 100 console members");
    }

    @Test
    void eachEmailOnceWhateverItsCase() {
        assertThatThrownBy(() -> ConsoleMembers.validate(List.of(new ConsoleMember("a@example.com", "owner"),
                new ConsoleMember("A@Example.com ", "viewer")))).hasMessageContaining("a@example.com is listed twice");
    }

    @Test
    void emailsLookValidAndAreBounded() {
        String local = "l".repeat(64);
        String longest = local + "@" + "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(57) + ".com";
        assertThat(longest).hasSize(ConsoleMembers.MAX_EMAIL_CHARS);
        assertThat(ConsoleMembers.validate(List.of(new ConsoleMember(longest, "owner")))).hasSize(1);
        assertThatThrownBy(() -> ConsoleMembers.validate(List.of(new ConsoleMember("x" + longest, "owner"))))
                .hasMessageContaining("at most 254 characters");
        assertThatThrownBy(() -> ConsoleMembers.validate(List.of(new ConsoleMember("l" + local + "@example.com", "owner"))))
                .as("a local part over 64").hasMessageContaining("not an email address");
        for (String bad : new String[] {"", "plain", "@example.com", "a@", "a@b", "a b@example.com", "a@@example.com",
                "a@example..com", "a@-example.com", "<a@example.com>", null}) {
            assertThatThrownBy(() -> ConsoleMembers.validate(List.of(new ConsoleMember(bad, "owner"))))
                    .as(String.valueOf(bad)).hasMessageContaining("not an email address");
        }
    }

    @Test
    void theRoleIsOwnerOrViewer() {
        for (String bad : new String[] {"admin", "operator", "", null}) {
            assertThatThrownBy(() -> ConsoleMembers.validate(List.of(new ConsoleMember("a@example.com", bad))))
                    .as(String.valueOf(bad)).hasMessageContaining("must be \"owner\" or \"viewer\"");
        }
    }
}
