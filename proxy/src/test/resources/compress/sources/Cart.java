package com.shop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A shopping cart. Not thread-safe: one per session.
 * The URL "http://example.com/*" in this comment is not code.
 */
public final class Cart {
    private static final String SEPARATOR = "//"; // a string that looks like a comment
    private static final String GLOB = "/* not a comment */";
    private final List<Item> items = new ArrayList<>();
    private BigDecimal rate = new BigDecimal("0.19"); /* VAT */

    public void add(Item item) {
        // Adding twice counts twice.
        items.add(item);
    }

    /* A block comment
       spanning lines */
    public BigDecimal total() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Item i : items) {
            sum = sum.add(i.price()); // running total
        }
        char quote = '"';
        char slash = '/';
        String text = """
            A text block with // slashes and /* stars */ inside.
            """;
        return sum.add(sum.multiply(rate)).setScale(2, java.math.RoundingMode.HALF_UP);
    }

    @Override
    public String toString() {
        return "Cart[" + items.size() + " items, rate=" + rate + "]" + SEPARATOR + GLOB;
    }
}
