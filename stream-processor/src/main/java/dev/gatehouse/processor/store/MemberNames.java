package dev.gatehouse.processor.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.contract.ResourceType;
import java.util.Optional;

/**
 * The {@code display} of a group member in the read form (RFC 7643 §4.2 {@code members.display}):
 * the display the client sent with the member (Okta sends one; Microsoft's conformance collection
 * sends {@code displayName} and checks that GET /Groups/{id} shows it), else the member user's
 * {@code displayName}, else its {@code userName}. Names derived from users are resolved when a group
 * is read and never stored or put in events, where they would go stale when a user is renamed.
 */
@FunctionalInterface
public interface MemberNames {
    /** Resolves nothing: members are shown with {@code value} and {@code type} only. */
    MemberNames NONE = id -> Optional.empty();

    /** The display name of member {@code userId}, or empty when it has none (or is unknown). */
    Optional<String> display(String userId);

    /** The names of the members of one group: at most two point lookups per member. */
    static MemberNames of(Directory directory, String tenantId, String groupId) {
        return userId -> directory.sentDisplay(tenantId, groupId, userId)
                .or(() -> directory.find(ResourceType.USER, tenantId, userId)
                        .flatMap(user -> text(user.resource().get("displayName"))
                                .or(() -> text(user.resource().get("userName")))));
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isBlank()
                ? Optional.of(node.textValue()) : Optional.empty();
    }
}
