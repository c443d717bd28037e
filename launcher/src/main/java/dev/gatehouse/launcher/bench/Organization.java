package dev.gatehouse.launcher.bench;

/** An organization of the bench: its id and a SCIM client holding its token. */
public record Organization(String id, ScimClient scim) {
}
