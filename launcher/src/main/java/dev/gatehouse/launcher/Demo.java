package dev.gatehouse.launcher;

import dev.gatehouse.api.tenant.Actor;
import dev.gatehouse.api.tenant.SsoSettings;
import dev.gatehouse.api.tenant.TenantAdmin;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code up --demo}: an organization named "Demo" (created once, reused after a restart) with an SSO
 * configuration (a placeholder Entra ID directory; SCIM requires one), SCIM enabled and a fresh token,
 * printed as the two lines a person pastes into Entra ID.
 */
final class Demo {
    static final String NAME = "Demo";
    /** A placeholder directory id: the demo signs nobody in, it only has to satisfy SCIM's prerequisite. */
    static final String DIRECTORY_ID = "00000000-0000-0000-0000-00000000d3e0";
    private static final Actor ACTOR = Actor.system("up --demo");

    private Demo() {
    }

    static void run(TenantAdmin admin, String baseUrl, PrintStream out) {
        TenantRecord tenant = admin.list().stream()
                .filter(t -> NAME.equals(t.name()))
                .findFirst()
                .orElseGet(() -> admin.create(ACTOR, NAME));
        if (tenant.sso() == null) {
            admin.setSso(ACTOR, tenant.id(), SsoSettings.validate(SsoConfig.ENTRA_ID, DIRECTORY_ID,
                    List.of("demo.example"), Instant.now()));
        }
        admin.setScimEnabled(ACTOR, tenant.id(), true);
        String token = admin.generateToken(ACTOR, tenant.id(), Duration.ZERO).orElseThrow();
        out.println("Organization: " + tenant.id());
        out.println("Tenant URL: " + baseUrl + "/scim/v2");
        out.println("Secret Token: " + token);
    }
}
