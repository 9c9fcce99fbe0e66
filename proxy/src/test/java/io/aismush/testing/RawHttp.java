package io.aismush.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A deliberately dumb HTTP/1.1 client on a plain socket, for what {@link java.net.http.HttpClient} refuses to send:
 * hop-by-hop headers, hand-made chunked bodies, exact bytes. Each exchange uses its own connection and reads the
 * answer until the server closes it (the request should say {@code Connection: close}).
 */
public final class RawHttp {
    private RawHttp() {}

    /** A response as it came off the wire, with a chunked body already decoded. */
    public record Response(int status, List<String[]> headers, byte[] body) {
        public Optional<String> header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and {@code body} as is. */
    public static Response exchange(int port, String head, byte[] body) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(8_000);
            var out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chunked encoding of {@code body} in pieces of {@code chunk} bytes, with the final zero chunk. */
    public static byte[] chunked(byte[] body, int chunk) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += chunk) {
            int n = Math.min(chunk, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static Response parse(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) throw new IOException("no complete response head in " + all.length + " bytes");
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        var headers = new ArrayList<String[]>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        boolean chunked = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("transfer-encoding")
                && h[1].toLowerCase(Locale.ROOT).contains("chunked"));
        return new Response(status, headers, chunked ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] b) throws IOException {
        var out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOf(b, new byte[] {'\r', '\n'}, i);
            if (eol < 0) throw new IOException("chunked body ended early");
            String size = new String(b, i, eol - i, StandardCharsets.ISO_8859_1);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) return out.toByteArray();
            out.write(b, eol + 2, n);
            i = eol + 2 + n + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) if (haystack[i + k] != needle[k]) continue outer;
            return i;
        }
        return -1;
    }
}
