package io.watchword.testsupport.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for a TLS listener, made with the JDK's own {@code keytool} (no extra
 * dependency): a self-signed CA, a broker key pair whose certificate the CA signs for {@code
 * 127.0.0.1}/{@code localhost} (so clients verify the host name as in production), a PKCS12
 * keystore with that chain for the broker, and a PKCS12 truststore holding only the CA for clients.
 * One random password protects all of them; everything lives under {@code dir}.
 */
public record TlsStores(Path keystore, Path truststore, String password) {

    public static final String TYPE = "PKCS12";

    public static TlsStores create(Path dir) {
        try {
            Files.createDirectories(dir);
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Path ca = dir.resolve("ca.p12");
            Path caPem = dir.resolve("ca.pem");
            Path keystore = dir.resolve("broker.keystore.p12");
            Path csr = dir.resolve("broker.csr");
            Path brokerPem = dir.resolve("broker.pem");
            Path truststore = dir.resolve("truststore.p12");
            for (Path p : List.of(ca, caPem, keystore, csr, brokerPem, truststore)) {
                Files.deleteIfExists(p);
            }
            keytool(
                    dir,
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-dname",
                    "CN=Watchword test CA",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "7",
                    "-ext",
                    "bc:c",
                    "-keystore",
                    ca.toString(),
                    "-storetype",
                    TYPE,
                    "-storepass",
                    password);
            keytool(
                    dir,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-file",
                    caPem.toString(),
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    password);
            keytool(
                    dir,
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-dname",
                    "CN=localhost",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-validity",
                    "7",
                    "-keystore",
                    keystore.toString(),
                    "-storetype",
                    TYPE,
                    "-storepass",
                    password);
            keytool(
                    dir,
                    "-certreq",
                    "-alias",
                    "broker",
                    "-file",
                    csr.toString(),
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    password);
            keytool(
                    dir,
                    "-gencert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-infile",
                    csr.toString(),
                    "-outfile",
                    brokerPem.toString(),
                    "-ext",
                    "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity",
                    "7",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    password);
            // The CA first, so the signed reply's chain can be built.
            keytool(
                    dir,
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    caPem.toString(),
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    password);
            keytool(
                    dir,
                    "-importcert",
                    "-alias",
                    "broker",
                    "-file",
                    brokerPem.toString(),
                    "-keystore",
                    keystore.toString(),
                    "-storepass",
                    password);
            keytool(
                    dir,
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "ca",
                    "-file",
                    caPem.toString(),
                    "-keystore",
                    truststore.toString(),
                    "-storetype",
                    TYPE,
                    "-storepass",
                    password);
            return new TlsStores(keystore, truststore, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the TLS stores in " + dir, e);
        }
    }

    private static void keytool(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + output.replace(dir.toString(), "."));
        }
    }
}
