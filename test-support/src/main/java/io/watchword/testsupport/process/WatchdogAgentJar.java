package io.watchword.testsupport.process;

import io.watchword.testsupport.internal.WorkDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes {@link ParentWatchdogAgent} into a one-class agent jar under {@code java.io.tmpdir}. The
 * file name carries a hash of the class, so every JVM reuses the same small file (it works whether
 * test-support is a jar or a classes folder, which {@code -javaagent} could not use).
 */
public final class WatchdogAgentJar {

    private static Path jar;

    private WatchdogAgentJar() {}

    public static synchronized Path path() {
        if (jar != null && Files.exists(jar)) {
            return jar;
        }
        String entry = ParentWatchdogAgent.class.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = ParentWatchdogAgent.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IllegalStateException(entry + " not found on the classpath");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path target = WorkDirectories.tmpdir().resolve("watchword-parent-watchdog-" + hash(bytes) + ".jar");
        if (!Files.exists(target)) {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().putValue("Premain-Class", ParentWatchdogAgent.class.getName());
            try {
                Path temp = Files.createTempFile(target.getParent(), "watchword-agent-", ".tmp");
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(temp), manifest)) {
                    out.putNextEntry(new JarEntry(entry));
                    out.write(bytes);
                    out.closeEntry();
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the watchdog agent jar " + target, e);
            }
        }
        jar = target;
        return jar;
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
