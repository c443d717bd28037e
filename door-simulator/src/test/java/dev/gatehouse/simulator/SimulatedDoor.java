package dev.gatehouse.simulator;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A door simulator on a free port for each test, its webhook signed with a given secret, and its
 * {@link SimulatorClient}: {@code @RegisterExtension final SimulatedDoor door = new SimulatedDoor("secret");}.
 */
public final class SimulatedDoor implements BeforeEachCallback, AfterEachCallback {
    private final String webhookSecret;
    private DoorSimulator simulator;
    private SimulatorClient client;

    public SimulatedDoor(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator = DoorSimulator.start(0, Optional.of(webhookSecret));
        client = new SimulatorClient(simulator);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (simulator != null) {
            simulator.close();
        }
    }

    public DoorSimulator simulator() {
        return simulator;
    }

    public SimulatorClient client() {
        return client;
    }

    public String webhookSecret() {
        return webhookSecret;
    }
}
