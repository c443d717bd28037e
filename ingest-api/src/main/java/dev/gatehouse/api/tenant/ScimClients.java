package dev.gatehouse.api.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.contract.ScimClient;
import dev.gatehouse.contract.ScimClient.ClientSecret;
import dev.gatehouse.contract.ScimClient.Federation;
import dev.gatehouse.contract.SsoConfig;
import dev.gatehouse.contract.TenantRecord;
import dev.gatehouse.scim.ScimJson;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * An organization's OAuth 2.0 clients for SCIM (client credentials, RFC 6749 §4.4): create and remove
 * clients, add and revoke secrets, set workload identity federation. Each change is a new record of the
 * organization through {@link TenantAdmin}, with its audit entry; a secret is returned once and then
 * exists only as its SHA-256 hash. Limits: {@value #MAX_CLIENTS} clients per organization,
 * {@value #MAX_LIVE_SECRETS} unexpired secrets per client (so rotation needs no downtime), secret
 * lifetimes of {@value #MIN_SECRET_DAYS} to {@value #MAX_SECRET_DAYS} days.
 */
public final class ScimClients {
    public static final int MAX_CLIENTS = 10;
    public static final int MAX_LIVE_SECRETS = 2;
    public static final int MIN_SECRET_DAYS = 1;
    public static final int MAX_SECRET_DAYS = 1095;
    public static final int DEFAULT_SECRET_DAYS = 365;
    public static final int MAX_NAME_CHARS = 100;
    public static final int MAX_FEDERATION_CHARS = 1000;
    /** A secret expiring within this is flagged in lists, the console and the metrics. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final TenantAdmin admin;

    public ScimClients(TenantAdmin admin) {
        this.admin = admin;
    }

    /** A secret just made: shown this once. */
    public record IssuedSecret(String clientId, String secretId, String secret, Instant expiresAt) {
    }

    /**
     * A new client with its first secret.
     *
     * @throws TenantAdmin.Conflict when SCIM is off or the organization has {@value #MAX_CLIENTS} clients
     * @throws TenantAdmin.Invalid  for a bad name or lifetime
     */
    public Optional<IssuedSecret> create(Actor actor, String tenantId, String name, int secretDays) {
        String label = name == null || name.isBlank() ? "SCIM client" : name.strip();
        if (label.length() > MAX_NAME_CHARS || label.chars().anyMatch(Character::isISOControl)) {
            throw new TenantAdmin.Invalid("\"name\" must be at most " + MAX_NAME_CHARS + " characters, without control characters");
        }
        checkDays(secretDays);
        String clientId = UUID.randomUUID().toString();
        String secret = Tokens.generate(Tokens.CLIENT_SECRET_PREFIX);
        String secretId = UUID.randomUUID().toString();
        Instant[] expires = new Instant[1];
        ObjectNode details = details().put("clientId", clientId).put("name", label).put("secretId", secretId);
        return admin.changeClients(actor, tenantId, "scim.client.create", details, (t, now) -> {
            if (t.scimClients().size() >= MAX_CLIENTS) {
                throw new TenantAdmin.Conflict("an organization has at most " + MAX_CLIENTS + " SCIM clients; delete one first");
            }
            expires[0] = now.plus(Duration.ofDays(secretDays));
            List<ScimClient> clients = new ArrayList<>(t.scimClients());
            clients.add(new ScimClient(clientId, label, now,
                    List.of(new ClientSecret(secretId, Tokens.hash(secret), now, expires[0])), null));
            return clients;
        }).map(t -> new IssuedSecret(clientId, secretId, secret, expires[0]));
    }

    /**
     * A new secret for the client, beside its live ones (expired ones are dropped).
     *
     * @throws TenantAdmin.Conflict when the client already has {@value #MAX_LIVE_SECRETS} live secrets
     */
    public Optional<IssuedSecret> addSecret(Actor actor, String tenantId, String clientId, int secretDays) {
        checkDays(secretDays);
        String secret = Tokens.generate(Tokens.CLIENT_SECRET_PREFIX);
        String secretId = UUID.randomUUID().toString();
        Instant[] expires = new Instant[1];
        ObjectNode details = details().put("clientId", clientId).put("secretId", secretId);
        return changeClient(actor, tenantId, clientId, "scim.client.secret.add", details, (client, now) -> {
            List<ClientSecret> live = new ArrayList<>(client.liveSecrets(now));
            if (live.size() >= MAX_LIVE_SECRETS) {
                throw new TenantAdmin.Conflict("a client has at most " + MAX_LIVE_SECRETS
                        + " live secrets; revoke one before adding another");
            }
            expires[0] = now.plus(Duration.ofDays(secretDays));
            live.add(new ClientSecret(secretId, Tokens.hash(secret), now, expires[0]));
            return new ScimClient(client.clientId(), client.name(), client.createdAt(), live, client.federation());
        }).map(t -> new IssuedSecret(clientId, secretId, secret, expires[0]));
    }

    /** Revokes a secret: it gets no token, and the tokens it got stop working. Empty when there is no such secret. */
    public Optional<TenantRecord> revokeSecret(Actor actor, String tenantId, String clientId, String secretId) {
        if (find(tenantId, clientId).flatMap(c -> c.secret(secretId)).isEmpty()) {
            return Optional.empty();
        }
        ObjectNode details = details().put("clientId", clientId).put("secretId", secretId);
        return changeClient(actor, tenantId, clientId, "scim.client.secret.revoke", details, (client, now) ->
                new ScimClient(client.clientId(), client.name(), client.createdAt(), client.secrets().stream()
                        .filter(s -> !s.secretId().equals(secretId) && s.expiresAt().isAfter(now)).toList(),
                        client.federation()));
    }

    /** Deletes a client: its secrets and every token it got stop working. Empty when there is no such client. */
    public Optional<TenantRecord> delete(Actor actor, String tenantId, String clientId) {
        if (find(tenantId, clientId).isEmpty()) {
            return Optional.empty();
        }
        return admin.changeClients(actor, tenantId, "scim.client.delete", details().put("clientId", clientId),
                (t, now) -> t.scimClients().stream().filter(c -> !c.clientId().equals(clientId)).toList());
    }

    /** Removes the client's federation: tokens it got stop working. Empty when there is no such client. */
    public Optional<TenantRecord> removeFederation(Actor actor, String tenantId, String clientId) {
        return changeClient(actor, tenantId, clientId, "scim.client.federation.remove", details().put("clientId", clientId),
                (client, now) -> new ScimClient(client.clientId(), client.name(), client.createdAt(), client.secrets(), null));
    }

    /**
     * Sets the client's workload identity federation. For an organization signing in with Entra ID, a missing issuer and JWKS URI are those
     * of its directory. Tokens obtained through an earlier federation stop working.
     *
     * @throws TenantAdmin.Invalid  for a missing subject or audience, a JWKS URI that is not https
     *                              (http only on a loopback address, for tests and labs), or an Entra ID
     *                              issuer other than the organization's own directory
     * @throws TenantAdmin.Conflict when another client already trusts the same issuer, subject and audience
     */
    public Optional<ScimClient> setFederation(Actor actor, String tenantId, String clientId, String issuer, String subject,
            String audience, String jwksUri) {
        Optional<TenantRecord> tenant = admin.get(tenantId);
        if (tenant.isEmpty() || tenant.get().scimClient(clientId).isEmpty()) {
            return Optional.empty();
        }
        SsoConfig sso = tenant.get().sso();
        boolean entra = sso != null && SsoConfig.ENTRA_ID.equals(sso.provider());
        String iss = blank(issuer) && entra ? entraIssuer(sso.directoryId()) : issuer;
        String jwks = blank(jwksUri) && entra ? entraJwksUri(sso.directoryId()) : jwksUri;
        for (String[] field : new String[][] {{"issuer", iss}, {"subject", subject}, {"audience", audience}, {"jwksUri", jwks}}) {
            if (blank(field[1]) || field[1].length() > MAX_FEDERATION_CHARS || field[1].chars().anyMatch(Character::isISOControl)) {
                throw new TenantAdmin.Invalid("\"" + field[0] + "\" is required: a string of at most " + MAX_FEDERATION_CHARS
                        + " characters");
            }
        }
        checkJwksUri(jwks);
        if (entra && iss.startsWith(ENTRA_LOGIN) && !iss.equals(entraIssuer(sso.directoryId()))) {
            throw new TenantAdmin.Invalid("an Entra ID issuer must be the organization's own directory ("
                    + entraIssuer(sso.directoryId()) + ")");
        }
        for (TenantRecord other : admin.list()) {
            for (ScimClient client : other.scimClients()) {
                Federation f = client.federation();
                if (f != null && !client.clientId().equals(clientId) && f.issuer().equals(iss) && f.subject().equals(subject)
                        && f.audience().equals(audience)) {
                    // One workload, one client: otherwise an assertion for one would get tokens for the other.
                    throw new TenantAdmin.Conflict("another client already trusts this issuer, subject and audience");
                }
            }
        }
        ObjectNode details = details().put("clientId", clientId).put("issuer", iss).put("subject", subject)
                .put("audience", audience).put("jwksUri", jwks);
        return changeClient(actor, tenantId, clientId, "scim.client.federation", details, (client, now) ->
                new ScimClient(client.clientId(), client.name(), client.createdAt(), client.secrets(),
                        new Federation(iss, subject, audience, jwks, now)))
                .flatMap(t -> t.scimClient(clientId));
    }

    /** Live secrets of all {@code tenants} that expire within {@link #EXPIRY_WARNING} of {@code now}. */
    public static long expiringSoon(List<TenantRecord> tenants, Instant now) {
        return tenants.stream().flatMap(t -> t.scimClients().stream()).flatMap(c -> c.secrets().stream())
                .filter(s -> expiresSoon(s, now)).count();
    }

    /** Whether the secret is live at {@code now} and expires within {@link #EXPIRY_WARNING}. */
    public static boolean expiresSoon(ClientSecret secret, Instant now) {
        return secret.expiresAt().isAfter(now) && secret.expiresAt().isBefore(now.plus(EXPIRY_WARNING));
    }

    private static final String ENTRA_LOGIN = "https://login.microsoftonline.com/";

    /** Entra ID's issuer of tokens for a directory (the {@code iss} of a federated assertion). */
    public static String entraIssuer(String directoryId) {
        return "https://login.microsoftonline.com/" + directoryId + "/v2.0";
    }

    /** Where Entra ID publishes a directory's signing keys. */
    public static String entraJwksUri(String directoryId) {
        return "https://login.microsoftonline.com/" + directoryId + "/discovery/v2.0/keys";
    }

    private Optional<ScimClient> find(String tenantId, String clientId) {
        return admin.get(tenantId).flatMap(t -> t.scimClient(clientId));
    }

    private interface ClientChange {
        ScimClient apply(ScimClient client, Instant now);
    }

    private Optional<TenantRecord> changeClient(Actor actor, String tenantId, String clientId, String action,
            ObjectNode details, ClientChange change) {
        if (find(tenantId, clientId).isEmpty()) {
            return Optional.empty();
        }
        boolean[] found = new boolean[1];
        Optional<TenantRecord> changed = admin.changeClients(actor, tenantId, action, details, (t, now) -> {
            List<ScimClient> clients = new ArrayList<>();
            for (ScimClient client : t.scimClients()) {
                boolean match = client.clientId().equals(clientId);
                found[0] |= match;
                clients.add(match ? change.apply(client, now) : client);
            }
            if (!found[0]) {
                throw new TenantAdmin.Conflict("the client was deleted meanwhile");
            }
            return clients;
        });
        return changed;
    }

    private static void checkDays(int days) {
        if (days < MIN_SECRET_DAYS || days > MAX_SECRET_DAYS) {
            throw new TenantAdmin.Invalid("\"secretLifetimeDays\" must be between " + MIN_SECRET_DAYS + " and " + MAX_SECRET_DAYS);
        }
    }

    /** The keys must come over https, except from this machine (a test's or a lab's key server). */
    static void checkJwksUri(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new TenantAdmin.Invalid("\"jwksUri\" is not a URI");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (parsed.getHost() == null || parsed.getUserInfo() != null
                || !(scheme.equals("https") || scheme.equals("http") && loopback(parsed.getHost()))) {
            throw new TenantAdmin.Invalid("\"jwksUri\" must be an https URL (http only on a loopback address)");
        }
    }

    /** Whether {@code host} is a loopback address given literally (or {@code localhost}); a name is never resolved. */
    static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // A literal address only: a name is never resolved here.
        if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:]+\\]")) {
            return false;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ObjectNode details() {
        return ScimJson.mapper().createObjectNode();
    }
}
