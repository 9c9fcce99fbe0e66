package io.aismush.storage;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.function.Consumer;

/** Flyway's migration, as {@link Migrations} runs it inside its own class loader (the only class that names Flyway). */
public final class FlywayRun implements Consumer<DataSource> {
    @Override
    public void accept(DataSource pool) {
        Flyway.configure(FlywayRun.class.getClassLoader()).dataSource(pool).locations("classpath:db/migration").load().migrate();
    }
}
