package io.aismush.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Asks a person for input: from the terminal (secrets not echoed, via {@link Console#readPassword}) or, for
 * scripts and tests, line by line from a reader. Null means the input ended.
 */
interface Prompter {
    String line(String prompt);

    /** Like {@link #line}, but a terminal does not echo what is typed. */
    String secret(String prompt);

    /** The terminal, or null when this process has none (stdin redirected, no TTY). */
    static Prompter terminal() {
        Console console = System.console();
        if (console == null || !console.isTerminal()) return null;
        return new Prompter() {
            @Override
            public String line(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public String secret(String prompt) {
                char[] typed = console.readPassword("%s", prompt);
                return typed == null ? null : new String(typed);
            }
        };
    }

    /** Reads answers line by line from {@code in}, writing each prompt to {@code out}. */
    static Prompter lines(BufferedReader in, PrintStream out) {
        return new Prompter() {
            @Override
            public String line(String prompt) {
                out.print(prompt);
                out.flush();
                try {
                    String s = in.readLine();
                    out.println();
                    return s;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public String secret(String prompt) {
                return line(prompt);
            }
        };
    }
}
