package io.aismush.app;

import io.aismush.cli.AismushProcess;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LocaleDataTest {
    @Test
    void theBuiltInLocaleDataIsChosenUnlessTheJvmWasGivenAChoice() {
        var jvm = new Properties();
        Main.useBuiltInLocaleData(jvm);
        assertThat(jvm.getProperty("java.locale.providers")).isEqualTo("SPI");

        var chosen = new Properties();
        chosen.setProperty("java.locale.providers", "CLDR");
        Main.useBuiltInLocaleData(chosen);
        assertThat(chosen.getProperty("java.locale.providers")).isEqualTo("CLDR");
    }

    @Test
    void withItTheLocaleListIsShortAndNumbersReadTheSameInAGermanLocale() throws Exception {
        // a JVM of its own: the choice only counts before anything has read locale data
        List<String> command = AismushProcess.javaCommand(List.of("-Duser.language=de", "-Duser.country=DE"), Probe.class);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        String[] parts = out.split(" ", 2);
        assertThat(Integer.parseInt(parts[0])).as("locales listed (CLDR lists over a thousand)").isLessThan(400);
        assertThat(parts[1]).isEqualTo("1234.50 1,234,567 Tue");
    }

    /** Prints how many locales the JDK lists and a few default-locale formats, with the proxy's choice made first. */
    public static final class Probe {
        public static void main(String[] args) {
            Main.useBuiltInLocaleData(System.getProperties());
            System.out.println(Locale.getAvailableLocales().length + " " + String.format("%.2f %,d", 1234.5, 1234567) + " "
                    + java.time.format.DateTimeFormatter.ofPattern("EEE").format(java.time.LocalDate.of(2026, 11, 24)));
        }
    }
}
