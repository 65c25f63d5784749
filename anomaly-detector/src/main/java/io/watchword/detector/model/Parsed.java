package io.watchword.detector.model;

/** What a source record became: a usage event, a credential update, or a dead letter (exactly one is set). */
public class Parsed {
    public long ts;
    public Usage usage;
    public CredentialUpdate credential;
    public DeadLetter dead;

    public Parsed() {}

    public static Parsed usage(Usage u) {
        Parsed p = new Parsed();
        p.usage = u;
        p.ts = u.ts;
        return p;
    }

    public static Parsed credential(CredentialUpdate c) {
        Parsed p = new Parsed();
        p.credential = c;
        p.ts = c.ts;
        return p;
    }

    public static Parsed dead(DeadLetter d, long ts) {
        Parsed p = new Parsed();
        p.dead = d;
        p.ts = ts;
        return p;
    }
}
