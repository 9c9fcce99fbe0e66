package io.aismush.storage;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs Flyway in a class loader of its own, dropped when the schema is made. Flyway and the Jackson 2 it brings are
 * about a thousand classes, needed only when a database is created or upgraded; loaded beside the proxy's own classes
 * they would stay in its memory for good (a first start's idle memory was 12 MB above a restart's). Defined by a loader
 * nothing keeps, they are unloaded at the collection that follows.
 */
final class Migrations {
    /** By name: a class literal would load it, and perhaps Flyway with it, beside the proxy's classes. */
    static final String RUN = "io.aismush.storage.FlywayRun";

    /** Classes defined by the throwaway loader; everything else (JDBC, SLF4J, the JDK) is shared with the proxy. */
    private static final String[] OWN = {"org.flywaydb.", "com.fasterxml.jackson.", RUN};

    private Migrations() {
    }

    /** The loader of the last migration, to see whether it is gone. */
    static volatile WeakReference<ClassLoader> lastLoader = new WeakReference<>(null);

    /**
     * Applies the pending migrations of {@code db/migration} to {@code pool}.
     *
     * @throws RuntimeException Flyway's, when the database cannot be migrated
     */
    static void migrate(DataSource pool) {
        runIsolated(pool);
        unload();
    }

    /**
     * Full collections until the loader is gone, where the young collections of the hours to come would never unload
     * it: once per install or upgrade, a pause of some 20 ms. The first usually suffices; the JVM can keep the loader
     * through one more (a compilation of one of its methods under way), so up to five more follow, a second apart, on
     * a thread of their own. Called after runIsolated returned, whose local variables still hold the loader.
     */
    private static void unload() {
        System.gc();
        if (lastLoader.get() == null) return;
        Thread.ofVirtual().name("aismush-unload").start(() -> {
            for (int i = 0; i < 5 && lastLoader.get() != null; i++) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                System.gc();
            }
        });
    }

    private static void runIsolated(DataSource pool) {
        var loader = new ThrowawayLoader(Migrations.class.getClassLoader());
        lastLoader = new WeakReference<>(loader);
        var failure = new AtomicReference<Throwable>();
        // A thread of its own: what Flyway and Jackson leave in thread-locals goes with it, and with them the last
        // references to the loader.
        Thread thread = Thread.ofPlatform().name("aismush-migrate").unstarted(() -> {
            try {
                @SuppressWarnings("unchecked")
                var run = (Consumer<DataSource>) loader.loadClass(RUN).getConstructor().newInstance();
                run.accept(pool);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the database was migrated", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException("cannot start the migration: " + t, t);
    }

    /** Defines its own copy of Flyway's and Jackson 2's classes, from the proxy's class path; delegates the rest. */
    static final class ThrowawayLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        ThrowawayLoader(ClassLoader parent) {
            super("aismush-flyway", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!own(name)) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) c = findClass(name);
                if (resolve) resolveClass(c);
                return c;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!own(name)) throw new ClassNotFoundException(name);
            try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                if (in == null) throw new ClassNotFoundException(name);
                byte[] bytes = in.readAllBytes();
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }

        private static boolean own(String name) {
            for (String prefix : OWN) {
                if (name.startsWith(prefix)) return true;
            }
            return false;
        }
    }
}
