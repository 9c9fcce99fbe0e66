package io.aismush.compress;

import java.util.regex.Pattern;

/** Recognises data (JSON, XML, YAML, CSV) in command output: data is never altered inside. Pure. */
final class DataShape {
    private DataShape() {}

    private static final Pattern YAML_LINE = Pattern.compile("^\\s*(- )?[\\w.\"'/-]+:( .*)?$|^\\s*- .*$|^\\s*#.*$|^\\s*$|^---$");

    static boolean isData(String text) {
        String t = text.strip();
        if (t.isEmpty()) return false;
        char first = t.charAt(0);
        char last = t.charAt(t.length() - 1);
        if ((first == '{' && last == '}') || (first == '[' && last == ']')) return true;
        if (first == '<' && last == '>') return true;
        if (t.startsWith("---") || t.startsWith("apiVersion:")) return true;
        return mostlyYamlOrCsv(t);
    }

    private static int commas(String line) {
        int n = 0;
        for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) n++;
        return n;
    }

    private static boolean mostlyYamlOrCsv(String t) {
        var lines = Lines.split(t);
        if (lines.size() < 4) return false;
        int yaml = 0;
        int notYaml = 0;
        int commas = -1;
        boolean csv = true;
        for (String l : lines) {
            if (YAML_LINE.matcher(l).matches()) yaml++;
            else notYaml++;
            if (csv) {
                int c = commas(l);
                if (commas == -1) commas = c;
                else if (c != commas) csv = false;
            }
            if (!csv && notYaml > lines.size() * 0.1) return false; // neither can hold any more: a log is told early
        }
        return yaml >= lines.size() * 0.9 || (csv && commas > 0);
    }
}
