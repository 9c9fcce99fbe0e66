package io.aismush.demo;

import java.util.ArrayList;
import java.util.List;

import static io.aismush.demo.Workspace.ROOT;

/**
 * The demo session: 32 Claude Code-shaped agent steps over four requests from a person: planning a feature,
 * implementing it (with a failing test and its fix), a rename, and a debugging question. The simulated providers
 * answer step {@code n} when the conversation holds {@code n} assistant messages.
 *
 * @param human  what the person typed before this step, or null inside a tool loop
 * @param tool   the tool the assistant calls, or null for a final text answer
 * @param input  the tool's input (JSON)
 * @param result what the tool returned
 * @param error  whether the tool failed
 * @param text   the final answer, for a step without a tool
 */
record Script(String human, String tool, String input, String result, boolean error, String text) {

    static final List<Script> STEPS = steps();

    String label() {
        return tool == null ? "answer" : tool + (error ? " (fails)" : "");
    }

    private static List<Script> steps() {
        String cart = "{\"file_path\":\"" + ROOT + "src/main/java/shop/Cart.java\"}";
        String checkout = "{\"file_path\":\"" + ROOT + "src/main/java/shop/CheckoutService.java\"}";
        var s = new ArrayList<Script>();
        s.add(tool("Plan how to add discount codes to the checkout service: design the data model and the API first.",
                "Glob", "{\"pattern\":\"**/*.java\"}", Workspace.listing()));
        s.add(tool(null, "Read", checkout, Workspace.read(Workspace.CHECKOUT)));
        s.add(tool(null, "Read", cart, Workspace.read(Workspace.CART)));
        s.add(tool(null, "Grep", "{\"pattern\":\"applyDiscount\",\"path\":\"src\"}", Workspace.grep("applyDiscount")));
        s.add(text(null, "Plan: a DiscountCode record (code, percent), Cart.total(DiscountCode), and a POST /checkout/discount endpoint. Tests first."));
        s.add(tool("Good plan. Implement it.", "Read", cart, Workspace.read(Workspace.CART)));
        s.add(tool(null, "Edit", edit("Cart.java", "    long total() {", "    long total(DiscountCode code) {"), "The file has been updated."));
        s.add(tool(null, "Write", "{\"file_path\":\"" + ROOT + "src/main/java/shop/DiscountCode.java\",\"content\":\"package shop;\\n\\nrecord DiscountCode(String code, int percent) {}\\n\"}", "File created successfully."));
        s.add(tool(null, "Edit", edit("CheckoutService.java", "cart.total()", "cart.total(code)"), "The file has been updated."));
        s.add(failing());
        s.add(tool(null, "Read", "{\"file_path\":\"" + ROOT + "src/test/java/shop/CartTest.java\"}", Workspace.read(Workspace.CART_TEST)));
        s.add(tool(null, "Edit", edit("Cart.java", "* code.percent() / 100", "* (100 - code.percent()) / 100"), "The file has been updated."));
        s.add(failing());
        s.add(failing());
        s.add(tool(null, "Read", "{\"file_path\":\"" + ROOT + "src/main/java/shop/DiscountCode.java\"}", "1\tpackage shop;\n2\t\n3\trecord DiscountCode(String code, int percent) {}\n"));
        s.add(tool(null, "Edit", "{\"file_path\":\"" + ROOT + "src/test/java/shop/CartTest.java\",\"old_string\":\"assertEquals(90, total)\",\"new_string\":\"assertEquals(900, total)\"}", "The file has been updated."));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Workspace.passingMaven()));
        s.add(tool(null, "Bash", "{\"command\":\"git status\"}", Workspace.gitStatus()));
        s.add(tool(null, "Read", cart, Workspace.read(Workspace.CART)));
        s.add(text(null, "Implemented discount codes: DiscountCode, Cart.total(DiscountCode), the endpoint and tests. All tests pass."));
        s.add(tool("Rename applyDiscount to applyCode everywhere.", "Grep", "{\"pattern\":\"applyDiscount\",\"path\":\"src\"}", Workspace.grep("applyDiscount")));
        s.add(tool(null, "Edit", edit("Cart.java", "applyDiscount", "applyCode"), "The file has been updated."));
        s.add(tool(null, "Edit", edit("CheckoutService.java", "applyDiscount", "applyCode"), "The file has been updated."));
        s.add(tool(null, "Edit", "{\"file_path\":\"" + ROOT + "src/test/java/shop/CartTest.java\",\"old_string\":\"applyDiscount\",\"new_string\":\"applyCode\"}", "The file has been updated."));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Workspace.passingMaven()));
        s.add(text(null, "Renamed applyDiscount to applyCode in three files; tests pass."));
        s.add(tool("Why does checkout take three seconds? Investigate and debug it.", "Read", checkout, Workspace.read(Workspace.CHECKOUT)));
        s.add(tool(null, "Grep", "{\"pattern\":\"Thread.sleep|HttpClient\",\"path\":\"src\"}", Workspace.grep("Thread.sleep")));
        s.add(tool(null, "Edit", edit("CheckoutService.java", "        Thread.sleep(3000); // wait for the stock service\\n", ""), "The file has been updated."));
        s.add(tool(null, "Bash", "{\"command\":\"mvn -q test\"}", Workspace.passingMaven()));
        s.add(tool(null, "Bash", "{\"command\":\"git commit -am 'Remove the blocking wait from checkout'\"}", "[main 4f2a9c1] Remove the blocking wait from checkout\n 1 file changed, 1 deletion(-)"));
        s.add(text(null, "Checkout waited three seconds in a Thread.sleep meant for the stock service; I removed it and committed."));
        return List.copyOf(s);
    }

    private static String edit(String file, String oldString, String newString) {
        return "{\"file_path\":\"" + ROOT + "src/main/java/shop/" + file + "\",\"old_string\":\"" + oldString + "\",\"new_string\":\"" + newString + "\"}";
    }

    private static Script failing() {
        return new Script(null, "Bash", "{\"command\":\"mvn -q test\"}", Workspace.failingMaven(), true, null);
    }

    private static Script tool(String human, String tool, String input, String result) {
        return new Script(human, tool, input, result, false, null);
    }

    private static Script text(String human, String text) {
        return new Script(human, null, null, null, false, text);
    }
}
