package io.watchword.issuer.scope;

import java.util.Locale;
import java.util.Optional;

/** Actions in increasing power: a higher action implies every lower one. */
public enum ScopeAction {
    READ,
    WRITE,
    DELETE,
    ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ScopeAction> fromLabel(String label) {
        for (ScopeAction a : values()) {
            if (a.label().equals(label)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
