package dev.gatehouse.launcher;

import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.TenantRecord;
import java.io.PrintStream;

/**
 * {@code up --demo}: an organization named "Demo" (created once, reused after a restart) with SCIM
 * enabled and a fresh token, printed as the two lines a person pastes into Entra ID.
 */
final class Demo {
    static final String NAME = "Demo";

    private Demo() {
    }

    static void run(TenantAdmin admin, String baseUrl, PrintStream out) {
        TenantRecord tenant = admin.list().stream()
                .filter(t -> NAME.equals(t.name()))
                .findFirst()
                .orElseGet(() -> admin.create(NAME));
        admin.setScimEnabled(tenant.id(), true);
        String token = admin.generateToken(tenant.id()).orElseThrow();
        out.println("Organization: " + tenant.id());
        out.println("Tenant URL: " + baseUrl + "/scim/v2");
        out.println("Secret Token: " + token);
    }
}
