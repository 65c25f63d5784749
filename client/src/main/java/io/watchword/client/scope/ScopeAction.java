package io.watchword.client.scope;

/** What a scope allows on its resource; a later constant implies every earlier one. */
public enum ScopeAction {
    READ,
    WRITE,
    DELETE,
    ADMIN;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The action for {@code read}, {@code write}, {@code delete} or {@code admin}; null otherwise. */
    static ScopeAction fromLabel(String label) {
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
