package io.watchword.analytics.hygiene;

import io.watchword.core.scope.Scope;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Least privilege from evidence: the scopes a key holds against those its accepted requests
 * exercised in a window (decision 0150). The proposal is the set of exercised scopes each held
 * (directly or by a higher action on the same resource), without any a proposed higher action
 * already implies; a held scope none of them needs is proposed for removal. A scope exercised but
 * not held (a record from before a rotation) is ignored: advice never widens a key.
 */
public final class ScopeAdvisor {

    private ScopeAdvisor() {}

    public record Advice(List<String> held, Map<String, Long> used, List<String> proposed, List<String> removable) {

        public boolean changesAnything() {
            return !Set.copyOf(proposed).equals(Set.copyOf(held));
        }
    }

    public static Advice advise(List<String> held, Map<String, Long> used) {
        List<Scope> heldScopes =
                held.stream().map(Scope::tryParse).filter(s -> s != null).toList();
        Set<Scope> candidates = new LinkedHashSet<>();
        for (String text : used.keySet()) {
            Scope u = Scope.tryParse(text);
            if (u != null && heldScopes.stream().anyMatch(h -> h.implies(u))) {
                candidates.add(u);
            }
        }
        List<Scope> proposed = new ArrayList<>();
        for (Scope c : candidates) {
            boolean impliedByAnother = candidates.stream().anyMatch(o -> !o.equals(c) && o.implies(c));
            if (!impliedByAnother) {
                proposed.add(c);
            }
        }
        List<String> proposedText =
                proposed.stream().map(Scope::toString).sorted().toList();
        List<String> removable =
                held.stream().filter(h -> !proposedText.contains(h)).sorted().toList();
        return new Advice(List.copyOf(held), Map.copyOf(used), proposedText, removable);
    }
}
