package io.watchword.core.scope;

import java.util.Locale;
import java.util.Optional;

/** What a scope allows on its resource, in increasing power: a higher action implies every lower one. */
public enum ScopeAction {
    READ,
    WRITE,
    DELETE,
    ADMIN;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** The action for {@code read}, {@code write}, {@code delete} or {@code admin} (exact case). */
    public static Optional<ScopeAction> fromLabel(String label) {
        return Optional.ofNullable(byLabel(label));
    }

    static ScopeAction byLabel(String label) {
        if (label == null) {
            return null;
        }
        switch (label) {
            case "read":
                return READ;
            case "write":
                return WRITE;
            case "delete":
                return DELETE;
            case "admin":
                return ADMIN;
            default:
                return null;
        }
    }
}
