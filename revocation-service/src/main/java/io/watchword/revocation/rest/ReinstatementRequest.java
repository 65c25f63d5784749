package io.watchword.revocation.rest;

/** Optional body of a reinstatement: why the suspension is lifted. */
public record ReinstatementRequest(String comment) {}
