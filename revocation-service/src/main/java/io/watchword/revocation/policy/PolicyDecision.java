package io.watchword.revocation.policy;

import io.watchword.events.v1.ResponseAction;

/** What a policy says about one alert, which rule said it, and why, in words. */
public record PolicyDecision(ResponseAction action, String rule, String reason) {}
