package io.watchword.detector;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;

/**
 * Every setting of the job, from {@code detector.properties} on the classpath (defaults, documented
 * there and in the README), overridden by {@code -Dwatchword.detector.*} system properties and by
 * {@code --name value} arguments. Thresholds here are the defaults; a tenant's can be overridden at
 * runtime through the control topic.
 */
public final class DetectorConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String PREFIX = "watchword.detector.";

    private final Properties props;

    private DetectorConfig(Properties props) {
        this.props = props;
    }

    public static DetectorConfig load(Properties overrides) {
        Properties p = new Properties();
        try (InputStream in = DetectorConfig.class.getResourceAsStream("/detector.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                p.setProperty(name, System.getProperty(name));
            }
        }
        if (overrides != null) {
            for (String name : overrides.stringPropertyNames()) {
                p.setProperty(name.startsWith(PREFIX) ? name : PREFIX + name, overrides.getProperty(name));
            }
        }
        return new DetectorConfig(p);
    }

    public static DetectorConfig defaults() {
        return load(null);
    }

    public DetectorConfig with(String name, String value) {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty(name.startsWith(PREFIX) ? name : PREFIX + name, value);
        return new DetectorConfig(p);
    }

    public String string(String name) {
        String v = props.getProperty(PREFIX + name);
        if (v == null) {
            throw new IllegalStateException("setting " + PREFIX + name + " has no value (detector.properties)");
        }
        return v.trim();
    }

    public String string(String name, String fallback) {
        String v = props.getProperty(PREFIX + name);
        return v == null ? fallback : v.trim();
    }

    public double dbl(String name) {
        return Double.parseDouble(string(name));
    }

    public int integer(String name) {
        return Integer.parseInt(string(name));
    }

    public long millis(String name) {
        return Duration.parse(string(name)).toMillis();
    }

    public boolean bool(String name) {
        return Boolean.parseBoolean(string(name));
    }

    public Properties asProperties() {
        Properties p = new Properties();
        p.putAll(props);
        return p;
    }
}
