package io.watchword.example.rest;

import java.time.Instant;

/** An order as the API shows it. */
public record Order(String id, String tenantId, String item, int quantity, String createdBy, Instant createdAt) {}
