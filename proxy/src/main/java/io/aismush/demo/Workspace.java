package io.aismush.demo;

/** The demo's imaginary project: a small Java shop with a failing test, and what its tools print. */
final class Workspace {
    private Workspace() {}

    static final String ROOT = "/home/dev/shop/";

    static final String CART = """
            package shop;

            import java.util.ArrayList;
            import java.util.List;

            /** A shopping cart: items and their total, in cents. */
            public final class Cart {
                private final List<Item> items = new ArrayList<>();

                public void add(Item item) {
                    items.add(item); // keep insertion order for the receipt
                }

                /* The total before tax. Discounts apply per cart, not per item. */
                long total() {
                    long sum = 0;
                    for (Item item : items) sum += item.price() * item.quantity();
                    return sum;
                }

                long applyDiscount(long total, int percent) {
                    return total * percent / 100;
                }

                List<Item> items() {
                    return List.copyOf(items);
                }
            }
            """;

    static final String CHECKOUT = """
            package shop;

            import java.net.http.HttpClient;

            /** Checks a cart out: prices it, reserves stock, takes payment. */
            public final class CheckoutService {
                private final HttpClient http = HttpClient.newHttpClient();
                private final Payments payments;

                public CheckoutService(Payments payments) {
                    this.payments = payments;
                }

                public Receipt checkout(Cart cart) throws InterruptedException {
                    long total = cart.total();
                    Thread.sleep(3000); // wait for the stock service
                    String reference = payments.charge(total);
                    return new Receipt(reference, total, cart.items());
                }
            }
            """;

    static final String CART_TEST = """
            package shop;

            import org.junit.jupiter.api.Test;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            class CartTest {
                @Test
                void discountReducesTheTotal() {
                    var cart = new Cart();
                    cart.add(new Item("book", 1000, 1));
                    long total = cart.applyDiscount(cart.total(), 10);
                    assertEquals(90, total);
                }
            }
            """;

    /** A file as Claude Code's Read tool returns it: line number, TAB, line. */
    static String read(String file) {
        var out = new StringBuilder();
        String[] lines = file.split("\n", -1);
        for (int i = 0; i < lines.length; i++) out.append(i + 1).append('\t').append(lines[i]).append('\n');
        return out.toString();
    }

    static String listing() {
        var out = new StringBuilder();
        for (String f : new String[] {"Cart", "CheckoutService", "Item", "Payments", "Receipt", "Stock", "Inventory", "Prices"}) {
            out.append(ROOT).append("src/main/java/shop/").append(f).append(".java\n");
        }
        return out.append(ROOT).append("src/test/java/shop/CartTest.java\n").toString();
    }

    static String grep(String pattern) {
        return "src/main/java/shop/Cart.java:22:    long " + pattern + "(long total, int percent) {\n"
                + "src/main/java/shop/CheckoutService.java:16:        " + pattern + "(3000); // wait for the stock service\n"
                + "src/test/java/shop/CartTest.java:12:        long total = cart." + pattern + "(cart.total(), 10);\n";
    }

    static String failingMaven() {
        var out = new StringBuilder("[INFO] Scanning for projects...\n[INFO] Building shop 1.0-SNAPSHOT\n");
        for (int i = 0; i < 40; i++) out.append("Progress (1): ").append(i * 25).append(" kB\r");
        out.append("\n[INFO] --- maven-surefire-plugin:3.5.4:test (default-test) @ shop ---\n[INFO] Running shop.CartTest\n");
        out.append("[ERROR] Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 0.041 s <<< FAILURE! -- in shop.CartTest\n");
        out.append("org.opentest4j.AssertionFailedError: expected: <90> but was: <100>\n");
        out.append("\tat shop.CartTest.discountReducesTheTotal(CartTest.java:13)\n");
        for (int i = 0; i < 30; i++) out.append("\tat java.base/java.lang.reflect.Method.invoke(Method.java:").append(580 + i).append(")\n");
        out.append("[ERROR] Tests run: 1, Failures: 1, Errors: 0, Skipped: 0\n[INFO] BUILD FAILURE\n");
        return out.toString();
    }

    static String passingMaven() {
        return "[INFO] Running shop.CartTest\n[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 0.038 s\n"
                + "[INFO] BUILD SUCCESS\n";
    }

    static String gitStatus() {
        return "On branch main\nChanges not staged for commit:\n\tmodified:   src/main/java/shop/Cart.java\n"
                + "\tmodified:   src/main/java/shop/CheckoutService.java\n\tmodified:   src/test/java/shop/CartTest.java\n";
    }
}
