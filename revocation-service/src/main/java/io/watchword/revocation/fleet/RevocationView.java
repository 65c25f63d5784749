package io.watchword.revocation.fleet;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.watchword.revocation.service.Revocation;

/** A revocation as the API answers it: its state and, since decision 0166, its receipt. */
public record RevocationView(@JsonUnwrapped Revocation revocation, Receipt receipt) {}
