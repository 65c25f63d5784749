package io.watchword.detector.scenario;

import java.util.List;

/** The fixed world of the scenario: the tenants' API routes, client families, zones and networks. */
final class Catalogue {

    private Catalogue() {}

    /** A route of the tenants' APIs, the scope it needs, and its typical sizes. */
    record Route(
            String service,
            String method,
            String template,
            String scope,
            boolean sensitive,
            int responseBytes,
            int requestBytes,
            int latencyMicros) {

        boolean hasId() {
            return template.contains("{");
        }

        boolean isRead() {
            return method.equals("GET");
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("orders-api", "GET", "/v1/orders", "orders:read", false, 8_000, 0, 40_000),
            new Route("orders-api", "GET", "/v1/orders/{id}", "orders:read", false, 1_500, 0, 15_000),
            new Route("orders-api", "POST", "/v1/orders", "orders:write", false, 900, 1_200, 60_000),
            new Route("orders-api", "PATCH", "/v1/orders/{id}", "orders:write", false, 900, 400, 45_000),
            new Route("orders-api", "DELETE", "/v1/orders/{id}", "orders:delete", false, 0, 0, 30_000),
            new Route("catalog-api", "GET", "/v1/products", "catalog:read", false, 12_000, 0, 35_000),
            new Route("catalog-api", "GET", "/v1/products/{id}", "catalog:read", false, 2_000, 0, 12_000),
            new Route("catalog-api", "PUT", "/v1/products/{id}", "catalog:write", false, 2_000, 1_800, 50_000),
            new Route("catalog-api", "GET", "/v1/inventory/{sku}", "catalog:read", false, 400, 0, 8_000),
            new Route("customers-api", "GET", "/v1/customers", "customers:read", false, 10_000, 0, 45_000),
            new Route("customers-api", "GET", "/v1/customers/{id}", "customers:read", false, 2_500, 0, 14_000),
            new Route("customers-api", "POST", "/v1/customers", "customers:write", false, 2_500, 1_500, 55_000),
            new Route(
                    "customers-api",
                    "GET",
                    "/v1/customers/{id}/payment-methods",
                    "customers:read",
                    true,
                    1_200,
                    0,
                    20_000),
            new Route("customers-api", "GET", "/v1/customers/export", "customers:admin", true, 400_000, 0, 900_000),
            new Route("billing-api", "GET", "/v1/invoices", "billing:read", false, 9_000, 0, 40_000),
            new Route("billing-api", "GET", "/v1/invoices/{id}", "billing:read", false, 3_000, 0, 16_000),
            new Route("billing-api", "POST", "/v1/payments", "billing:write", false, 700, 900, 120_000),
            new Route("billing-api", "POST", "/v1/refunds", "billing:write", true, 600, 500, 110_000),
            new Route("reports-api", "GET", "/v1/reports/{id}", "reports:read", false, 30_000, 0, 80_000),
            new Route("reports-api", "POST", "/v1/reports", "reports:write", false, 500, 700, 70_000),
            new Route("reports-api", "GET", "/v1/exports/{id}/download", "reports:read", true, 800_000, 0, 1_500_000),
            new Route("admin-api", "GET", "/v1/admin/users", "admin:admin", true, 6_000, 0, 30_000),
            new Route("admin-api", "POST", "/v1/admin/users", "admin:admin", true, 800, 600, 50_000),
            new Route("admin-api", "GET", "/v1/admin/audit-log", "admin:admin", true, 20_000, 0, 60_000),
            new Route("webhooks-api", "GET", "/v1/webhooks", "webhooks:read", false, 1_500, 0, 10_000),
            new Route("webhooks-api", "POST", "/v1/webhooks", "webhooks:write", false, 400, 300, 25_000));

    /** Resources a key is usually scoped to (admin only rarely, below). */
    static final List<String> RESOURCES = List.of("orders", "catalog", "customers", "billing", "reports", "webhooks");

    /** Server-side client libraries: family and the versions in use, oldest first. */
    static final String[][] LIBRARIES = {
        {"watchword-java", "1.3.0", "1.4.2", "1.5.0", "1.6.1"},
        {"python-requests", "2.28.2", "2.31.0", "2.32.3"},
        {"okhttp", "4.10.0", "4.11.0", "4.12.0"},
        {"axios", "1.5.1", "1.6.7", "1.7.2"},
        {"aws-sdk-java", "2.21.1", "2.25.10", "2.26.3"},
        {"node-fetch", "3.2.10", "3.3.2"},
        {"Go-http-client", "1.1", "2.0"}
    };

    static final String[] HUMAN_AGENTS = {
        "curl/8.5.0", "curl/7.81.0", "curl/8.7.1", "PostmanRuntime/7.36.3", "HTTPie/3.2.2", "insomnia/8.6.1"
    };

    static final String[] CI_AGENTS = {"curl/8.5.0", "python-requests/2.31.0", "terraform-provider-acme/1.4.0"};

    static final String[] APP_NAMES = {"ShopNow", "RideGo", "FitPulse", "BankBuddy", "Foodly", "TripNest"};

    static final String[] ATTACK_AGENTS = {
        "python-requests/2.25.1",
        "curl/7.68.0",
        "Go-http-client/1.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0"
                + " Safari/537.36",
        "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "python-httpx/0.26.0",
        "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
        "node/20.11.0"
    };

    static final String[] ZONES = {
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
        "America/Sao_Paulo",
        "Europe/London",
        "Europe/Berlin",
        "Europe/Paris",
        "Asia/Tokyo",
        "Asia/Singapore",
        "Asia/Kolkata",
        "Australia/Sydney",
        "UTC"
    };

    /** First octets of three cloud providers' address space (tenants' regions are /16s inside). */
    static final int[] CLOUD_FIRST_OCTETS = {3, 34, 20};

    /** First octets of business and residential ISPs (offices, developers at home). */
    static final int[] ISP_FIRST_OCTETS = {24, 62, 73, 81, 86, 98, 176, 217};

    /** First octets of mobile carriers. */
    static final int[] CARRIER_FIRST_OCTETS = {100, 107, 166, 172, 174, 39, 49, 92};

    /** First octets of VPS hosters, proxies and Tor exits attackers favour. */
    static final int[] ATTACK_FIRST_OCTETS = {45, 185, 104, 139, 5, 91, 193, 195, 146, 159};

    /** Hours (local) weights of a consumer app's traffic: quiet nights, an evening peak. */
    static final double[] MOBILE_CURVE = {
        0.35, 0.2, 0.12, 0.08, 0.08, 0.12, 0.3, 0.6, 0.8, 0.85, 0.9, 1.0, 1.1, 1.05, 1.0, 1.0, 1.05, 1.2, 1.45, 1.65,
        1.7, 1.5, 1.1, 0.65
    };
}
