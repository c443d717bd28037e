package dev.gatehouse.api.doors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.contract.DoorReceipt;
import dev.gatehouse.contract.ResourceType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DoorStatusViewTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:15:30.123456Z");
    private static final String ORG = "6f1c0f4e-7a3b-4c61-9d2e-0a1b2c3d4e5f";
    private static final String OTHER = "0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b";

    private static void apply(DoorStatusView view, DoorReceipt receipt) {
        view.apply(DoorReceipt.key(receipt.tenantId(), receipt.resourceId(), receipt.connector()), receipt);
    }

    private static DoorReceipt receipt(String tenant, String id, String connector, long version, boolean applied, Instant at) {
        return new DoorReceipt(tenant, ResourceType.USER, id, connector, version, applied, at);
    }

    @Test
    void aResourcesReceiptsComeBackByConnectorAsTheDoorSystemsSentThem() {
        DoorStatusView view = new DoorStatusView(100);
        String alice = UUID.randomUUID().toString();
        String lobby = UUID.randomUUID().toString();
        apply(view, receipt(ORG, alice, "webhook", 3, true, AT));
        apply(view, receipt(ORG, alice, "kisi", 2, false, AT.plusSeconds(1)));
        apply(view, new DoorReceipt(ORG, ResourceType.GROUP, lobby, "webhook", 1, true, AT.plusSeconds(2)));

        assertThat(view.of(ORG, alice)).containsOnlyKeys("webhook", "kisi")
                .containsEntry("webhook", receipt(ORG, alice, "webhook", 3, true, AT))
                .containsEntry("kisi", receipt(ORG, alice, "kisi", 2, false, AT.plusSeconds(1)));
        assertThat(view.of(ORG, lobby)).containsOnly(
                Map.entry("webhook", new DoorReceipt(ORG, ResourceType.GROUP, lobby, "webhook", 1, true, AT.plusSeconds(2))));
        assertThat(view.of(ORG, alice, "kisi")).isEqualTo(receipt(ORG, alice, "kisi", 2, false, AT.plusSeconds(1)));
        assertThat(view.of(ORG, alice, "nowhere")).isNull();
        assertThat(view.of(ORG, "someone-else")).isEmpty();
        assertThat(view.held()).isEqualTo(3);
    }

    @Test
    void anOrganizationSeesNeitherAnotherOrganizationsReceiptsNorItsDoorSystems() {
        DoorStatusView view = new DoorStatusView(100);
        String id = UUID.randomUUID().toString();
        apply(view, receipt(OTHER, id, "kisi", 1, true, AT));

        assertThat(view.of(ORG, id)).isEmpty();
        assertThat(view.of(ORG, id, "kisi")).isNull();
        assertThat(view.lastConfirmed(ORG)).isEmpty();
        assertThat(view.lastConfirmed(OTHER)).containsOnlyKeys("kisi");
    }

    @Test
    void anOlderReceiptArrivingLateChangesNothing() {
        DoorStatusView view = new DoorStatusView(100);
        String id = UUID.randomUUID().toString();
        apply(view, receipt(ORG, id, "webhook", 5, true, AT));
        apply(view, receipt(ORG, id, "webhook", 4, true, AT.plusSeconds(10)));

        assertThat(view.of(ORG, id, "webhook")).isEqualTo(receipt(ORG, id, "webhook", 5, true, AT));
        view.apply("ignored", null); // a tombstone: receipts are never deleted
        assertThat(view.held()).isEqualTo(1);
    }

    @Test
    void eachDoorSystemsLastConfirmationIsTheNewestTimeItConfirmedAnything() {
        DoorStatusView view = new DoorStatusView(100);
        apply(view, receipt(ORG, UUID.randomUUID().toString(), "webhook", 1, true, AT.plusSeconds(5)));
        apply(view, receipt(ORG, UUID.randomUUID().toString(), "webhook", 1, true, AT));
        String late = UUID.randomUUID().toString();
        apply(view, receipt(ORG, late, "kisi", 1, false, null));

        Map<String, Instant> confirmed = view.lastConfirmed(ORG);
        assertThat(confirmed.keySet()).containsExactly("kisi", "webhook");
        assertThat(confirmed.get("kisi")).as("no receipt of it said when").isNull();
        assertThat(confirmed.get("webhook")).isEqualTo(AT.plusSeconds(5));
        assertThat(view.of(ORG, late, "kisi").at()).isNull();

        apply(view, receipt(ORG, late, "kisi", 2, true, AT));
        assertThat(view.lastConfirmed(ORG)).containsEntry("kisi", AT);
    }

    @Test
    void pastItsLimitANewPairIsNotKeptAndSaysSoWhileHeldPairsAndLastConfirmationsAreStillUpdated() {
        DoorStatusView view = new DoorStatusView(2);
        String alice = UUID.randomUUID().toString();
        String bob = UUID.randomUUID().toString();
        String carol = UUID.randomUUID().toString();
        apply(view, receipt(ORG, alice, "webhook", 1, true, AT));
        assertThat(view.complete()).isTrue();
        apply(view, receipt(ORG, bob, "webhook", 1, true, AT));
        assertThat(view.held()).as("at the limit").isEqualTo(2);
        assertThat(view.complete()).isTrue();
        assertThat(view.dropped()).isZero();

        apply(view, receipt(ORG, carol, "webhook", 1, true, AT.plusSeconds(1)));
        apply(view, receipt(ORG, alice, "kisi", 1, true, AT.plusSeconds(2)));
        assertThat(view.held()).isEqualTo(2);
        assertThat(view.dropped()).isEqualTo(2);
        assertThat(view.complete()).isFalse();
        assertThat(view.of(ORG, carol)).isEmpty();
        assertThat(view.of(ORG, alice)).containsOnlyKeys("webhook");
        assertThat(view.lastConfirmed(ORG)).containsEntry("webhook", AT.plusSeconds(1)).containsEntry("kisi", AT.plusSeconds(2));

        apply(view, receipt(ORG, bob, "webhook", 2, false, AT.plusSeconds(3)));
        assertThat(view.of(ORG, bob, "webhook")).isEqualTo(receipt(ORG, bob, "webhook", 2, false, AT.plusSeconds(3)));
        assertThat(view.dropped()).isEqualTo(2);
        assertThat(view.limit()).isEqualTo(2);
    }
}
