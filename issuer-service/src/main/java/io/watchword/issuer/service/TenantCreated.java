package io.watchword.issuer.service;

import io.watchword.issuer.tenant.Tenant;

/** A new tenant and its first admin credential (plaintext returned once). */
public record TenantCreated(Tenant tenant, IssuedCredential adminKey) {}
