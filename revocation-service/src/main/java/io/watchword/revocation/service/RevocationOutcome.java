package io.watchword.revocation.service;

/** The state after a command, and whether the command changed it (and so published an event). */
public record RevocationOutcome(Revocation revocation, boolean changed) {}
