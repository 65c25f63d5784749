package io.watchword.detector.scenario;

/** How the owner of a key uses it when nothing is wrong: the benign archetypes of the scenario. */
public enum Behaviour {
    /** A backend service calling around the clock from a few cloud egress addresses. */
    STEADY_SERVICE,
    /** An integration that runs during the tenant's working hours, from the office NAT. */
    OFFICE_HOURS,
    /** A nightly batch job: one dense burst at the same local time every night. */
    NIGHTLY_BATCH,
    /** CI deploys: short bursts on weekdays from a CI provider's large, changing address pool. */
    CI_DEPLOY,
    /** A mobile app: many client addresses across carrier networks, an evening peak. */
    MOBILE_APP,
    /** A person with curl or Postman: a few short sessions on some working days. */
    HUMAN_CURL,
    /** Issued, never used in the scenario's window. */
    DORMANT
}
