package io.watchword.kit.auth;

import jakarta.enterprise.context.RequestScoped;

/** Who is calling in this request (null until authenticated), for the audit of any outcome. */
@RequestScoped
public class AdminRequestContext {

    private AdminPrincipal principal;
    private String resourceId;
    private boolean audited;

    public AdminPrincipal principal() {
        return principal;
    }

    public void set(AdminPrincipal principal) {
        this.principal = principal;
    }

    public String resourceId() {
        return resourceId;
    }

    public void resourceId(String id) {
        this.resourceId = id;
    }

    /** The success was audited inside the transaction that made the change. */
    public boolean audited() {
        return audited;
    }

    public void markAudited() {
        this.audited = true;
    }
}
