package io.aismush.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An immutable, ordered list of HTTP header fields with case-insensitive lookup.
 * Names keep the spelling they arrived with, because some clients and upstreams care.
 */
public final class Headers {
    /** One header field. */
    public record Field(String name, String value) {}

    private static final Headers EMPTY = new Headers(List.of());
    private final List<Field> fields;

    private Headers(List<Field> fields) {
        this.fields = fields;
    }

    public static Headers of(List<Field> fields) {
        return fields.isEmpty() ? EMPTY : new Headers(List.copyOf(fields));
    }

    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("names and values must pair up");
        var list = new ArrayList<Field>();
        for (int i = 0; i < namesAndValues.length; i += 2) list.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        return of(list);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The first value of the named field, if present. */
    public Optional<String> first(String name) {
        for (Field f : fields) if (f.name.equalsIgnoreCase(name)) return Optional.of(f.value);
        return Optional.empty();
    }

    public List<String> all(String name) {
        return fields.stream().filter(f -> f.name.equalsIgnoreCase(name)).map(Field::value).toList();
    }

    /** A copy without the fields whose lower-cased name matches. */
    public Headers without(Predicate<String> lowerCaseName) {
        return of(fields.stream().filter(f -> !lowerCaseName.test(f.name.toLowerCase(Locale.ROOT))).toList());
    }

    /** A copy with the named field replaced (or added) by one value. */
    public Headers with(String name, String value) {
        var list = new ArrayList<>(fields.stream().filter(f -> !f.name.equalsIgnoreCase(name)).toList());
        list.add(new Field(name, value));
        return of(list);
    }

    @Override
    public String toString() {
        // Never print values: they may hold keys.
        return "Headers" + fields.stream().map(Field::name).toList();
    }
}
